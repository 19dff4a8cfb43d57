// The picture at full size with zoom (buttons, + and −, the wheel, a touchpad or touch pinch) and
// pan (drag, or the arrow keys once zoomed in). Written by hand over plain pointer events: the
// zoom libraries we looked at pull in a gesture framework ten times this size for the same result.
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PAN_STEP,
  ZOOM_STEP,
  canPan,
  computeFitScale,
  fitState,
  panBy,
  zoomAbout,
  zoomTo,
  type Size,
  type ZoomState,
} from '../../lib/viewer-zoom';

/** A box on the picture as fractions (0–1) of its width and height. */
export interface MarkBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface Props {
  dataUrl: string;
  width: number;
  height: number;
  name: string;
  /** Words to highlight (the search's matches in the read text). */
  marks?: MarkBox[];
}

const NO_SIZE: Size = { width: 0, height: 0 };

export function ImageStage({ dataUrl, width, height, name, marks = [] }: Props) {
  const { t } = useTranslation();
  const boxRef = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState<Size>(NO_SIZE);
  const image: Size = { width, height };
  // Null while the picture follows the box ("fit"), so it re-fits when the window changes size.
  // The parent gives each picture its own stage (a key), so a new picture starts fitted.
  const [manual, setManual] = useState<ZoomState | null>(null);
  const zoom = manual ?? fitState(image, box);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  // Read by the wheel listener, which is attached once.
  const latest = useRef({ zoom, box, image });
  useEffect(() => {
    latest.current = { zoom, box, image };
  });

  // ResizeObserver reports the first size as soon as it starts watching.
  useEffect(() => {
    const element = boxRef.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const rect = element.getBoundingClientRect();
      setBox({ width: rect.width, height: rect.height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);

  const setZoom = (next: ZoomState): void => {
    setManual(next.fit ? null : next);
  };
  const updateZoom = (change: (current: ZoomState) => ZoomState): void => {
    setManual((current) => {
      const next = change(current ?? fitState(image, box));
      return next.fit ? null : next;
    });
  };

  // React's wheel listener is passive, so it cannot stop the page from scrolling; this one can.
  useEffect(() => {
    const element = boxRef.current;
    if (element === null) return;
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      const { zoom: now, box: size, image: picture } = latest.current;
      // Touchpad pinches arrive as wheel events with ctrlKey and small deltas.
      const speed = event.ctrlKey ? 0.01 : 0.0015;
      const factor = Math.exp(-event.deltaY * speed);
      const rect = element.getBoundingClientRect();
      const point = {
        x: event.clientX - rect.left - rect.width / 2,
        y: event.clientY - rect.top - rect.height / 2,
      };
      const next = zoomAbout(now, factor, point, picture, size);
      setManual(next);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      element.removeEventListener('wheel', onWheel);
    };
  }, []);

  const zoomBy = (factor: number): void => {
    updateZoom((current) => zoomAbout(current, factor, { x: 0, y: 0 }, image, box));
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const map = pointers.current;
    const before = map.get(event.pointerId);
    if (before === undefined) return;
    const after = { x: event.clientX, y: event.clientY };
    if (map.size === 1) {
      updateZoom((current) => panBy(current, after.x - before.x, after.y - before.y, image, box));
    } else if (map.size === 2) {
      const other = [...map.entries()].find(([id]) => id !== event.pointerId)?.[1];
      if (other !== undefined) {
        const was = Math.hypot(before.x - other.x, before.y - other.y);
        const now = Math.hypot(after.x - other.x, after.y - other.y);
        const rect = event.currentTarget.getBoundingClientRect();
        const point = {
          x: (after.x + other.x) / 2 - rect.left - rect.width / 2,
          y: (after.y + other.y) / 2 - rect.top - rect.height / 2,
        };
        if (was > 0) updateZoom((current) => zoomAbout(current, now / was, point, image, box));
      }
    }
    map.set(event.pointerId, after);
  };

  const onPointerUp = (event: PointerEvent<HTMLDivElement>): void => {
    pointers.current.delete(event.pointerId);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [PAN_STEP, 0],
      ArrowRight: [-PAN_STEP, 0],
      ArrowUp: [0, PAN_STEP],
      ArrowDown: [0, -PAN_STEP],
    };
    const move = moves[event.key];
    if (move !== undefined) {
      // Arrow keys move a zoomed picture; otherwise they fall through to previous and next.
      if (!canPan(zoom, image, box)) return;
      setZoom(panBy(zoom, move[0], move[1], image, box));
    } else if (event.key === '+' || event.key === '=') zoomBy(ZOOM_STEP);
    else if (event.key === '-' || event.key === '_') zoomBy(1 / ZOOM_STEP);
    else if (event.key === '0') setZoom(fitState(image, box));
    else if (event.key === '1') setZoom(zoomTo(zoom, 1, image, box));
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  const percent = Math.round(zoom.scale * 100);
  const fitPercent = Math.round(computeFitScale(image, box) * 100);
  const pannable = canPan(zoom, image, box);
  return (
    <div className="viewer-stage-wrap">
      <div className="viewer-zoom-bar" role="toolbar" aria-label={t('viewer.zoom.toolbar')}>
        <button
          type="button"
          className="button"
          aria-label={t('viewer.zoom.out')}
          title={t('viewer.zoom.out')}
          onClick={() => {
            zoomBy(1 / ZOOM_STEP);
          }}
        >
          −
        </button>
        <output className="viewer-zoom-level" data-testid="viewer-zoom-level" aria-live="polite">
          {t('viewer.zoom.level', { percent })}
        </output>
        <button
          type="button"
          className="button"
          aria-label={t('viewer.zoom.in')}
          title={t('viewer.zoom.in')}
          onClick={() => {
            zoomBy(ZOOM_STEP);
          }}
        >
          +
        </button>
        <button
          type="button"
          className="button"
          aria-label={t('viewer.zoom.fitLabel')}
          aria-pressed={zoom.fit}
          onClick={() => {
            setZoom(fitState(image, box));
          }}
        >
          {t('viewer.zoom.fit')}
        </button>
        <button
          type="button"
          className="button"
          aria-label={t('viewer.zoom.actualLabel')}
          aria-pressed={!zoom.fit && percent === 100}
          disabled={fitPercent === 100 && zoom.fit}
          onClick={() => {
            setZoom(zoomTo(zoom, 1, image, box));
          }}
        >
          {t('viewer.zoom.actual')}
        </button>
        {pannable && <span className="muted small">{t('viewer.zoom.panHint')}</span>}
      </div>
      <div
        ref={boxRef}
        className="viewer-stage"
        data-testid="viewer-stage"
        data-scale={zoom.scale.toFixed(3)}
        data-offset={`${zoom.x.toFixed(0)},${zoom.y.toFixed(0)}`}
        data-pannable={pannable}
        role="group"
        tabIndex={0}
        aria-label={t('viewer.zoom.stageLabel', { name })}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDoubleClick={() => {
          setZoom(zoom.fit ? zoomTo(zoom, 1, image, box) : fitState(image, box));
        }}
      >
        <div
          className="viewer-image-frame"
          style={{
            width: `${String(width * zoom.scale)}px`,
            height: `${String(height * zoom.scale)}px`,
            transform: `translate(-50%, -50%) translate(${String(zoom.x)}px, ${String(zoom.y)}px)`,
          }}
        >
          <img src={dataUrl} alt={name} draggable={false} />
          {marks.map((mark, index) => (
            <span
              key={index}
              className="viewer-word-mark"
              data-testid="viewer-word-mark"
              aria-hidden="true"
              style={{
                left: `${String(mark.left * 100)}%`,
                top: `${String(mark.top * 100)}%`,
                width: `${String(mark.width * 100)}%`,
                height: `${String(mark.height * 100)}%`,
              }}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
