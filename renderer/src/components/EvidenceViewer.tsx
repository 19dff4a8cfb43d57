// The evidence viewer: one item full size with its details, opened from the grid or the timeline.
// `evidenceIds` is the order the caller shows (timeline order), so the arrow keys follow it.
// A modal dialog: focus stays inside while it is open, Esc closes it, and focus goes back to
// whatever opened it, so the grid or timeline keeps its place.
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type {
  ChatConversation,
  ChatLine,
  EvidenceDetails,
  EvidenceView,
} from '../../../shared/contract/viewer';
import type { EvidenceText } from '../../../shared/contract/text';
import type { ErrorCode } from '../../../shared/errors';
import { useApi } from '../api/api-context';
import { FileTypeIcon, describeFileKind } from './FileTypeIcon';
import { ProblemNote } from './ProblemNote';
import { ChatThreads } from './viewer/ChatThreads';
import { dataUrlToBlob } from './viewer/ChatAttachment';
import { ChatView } from './viewer/ChatView';
import { CallLogTable } from './viewer/CallLogTable';
import { DetailsPanel } from './viewer/DetailsPanel';
import { ImageStage, type MarkBox } from './viewer/ImageStage';
import { ProposedMessages } from './viewer/ProposedMessages';
import { TextPanel } from './viewer/TextPanel';
import './viewer/viewer.css';

export interface EvidenceViewerProps {
  caseId: string;
  evidenceIds: string[];
  index: number;
  onIndexChange: (index: number) => void;
  onClose: () => void;
  /** Called after a change (a corrected time, a note) so the caller can reload its list. */
  onChanged?: () => void;
  /** From a chat message to its place on the timeline (the viewer closes first). */
  onShowOnTimeline?: (line: ChatLine) => void;
  /** The timeline's search: its words are highlighted on the picture where the computer read them. */
  search?: string;
}

export function EvidenceViewer(props: EvidenceViewerProps) {
  if (props.evidenceIds.length === 0) return null;
  return createPortal(<ViewerDialog {...props} />, document.body);
}

type Loaded<T> =
  { id: string; state: 'ready'; value: T } | { id: string; state: 'failed'; code: ErrorCode };

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

function ViewerDialog({
  evidenceIds,
  index,
  onIndexChange,
  onClose,
  onChanged,
  onShowOnTimeline,
  caseId,
  search,
}: EvidenceViewerProps) {
  const { t } = useTranslation();
  const api = useApi();
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const total = evidenceIds.length;
  const current = Math.min(Math.max(0, index), total - 1);
  const evidenceId = evidenceIds[current] ?? '';
  const [details, setDetails] = useState<Loaded<EvidenceDetails> | null>(null);
  const [view, setView] = useState<Loaded<EvidenceView> | null>(null);
  const [chat, setChat] = useState<{ id: string; value: ChatConversation | null } | null>(null);
  const [text, setText] = useState<{ id: string; value: EvidenceText } | null>(null);
  const [textVersion, setTextVersion] = useState(0);

  // Focus moves in on open and back to the opener on close; the page behind does not scroll.
  // A layout effect, so focus moves in the same commit that shows or removes the dialog.
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = overflow;
      opener?.focus();
    };
  }, []);

  useEffect(() => {
    let cancelled = false;
    void api.evidence.get({ evidenceId }).then((result) => {
      if (cancelled) return;
      setDetails(
        result.ok
          ? { id: evidenceId, state: 'ready', value: result.value }
          : { id: evidenceId, state: 'failed', code: result.error.code },
      );
    });
    // A chat export opens as a conversation; anything else answers with no lines.
    void api.evidence.chat({ evidenceId }).then((result) => {
      if (cancelled) return;
      setChat({
        id: evidenceId,
        value:
          result.ok &&
          (result.value.lines.length > 0 ||
            (result.value.calls?.length ?? 0) > 0 ||
            (result.value.threads?.length ?? 0) > 0)
            ? result.value
            : null,
      });
    });
    void api.evidence.view({ evidenceId }).then((result) => {
      if (cancelled) return;
      setView(
        result.ok
          ? { id: evidenceId, state: 'ready', value: result.value }
          : { id: evidenceId, state: 'failed', code: result.error.code },
      );
    });
    return () => {
      cancelled = true;
    };
  }, [api, evidenceId]);

  useEffect(() => {
    let cancelled = false;
    void api.evidence.text({ evidenceId, search: search ?? '' }).then((result) => {
      if (!cancelled && result.ok) setText({ id: evidenceId, value: result.value });
    });
    return () => {
      cancelled = true;
    };
  }, [api, evidenceId, search, textVersion]);

  const shownText = text?.id === evidenceId ? text.value : null;
  const shownDetails = details?.id === evidenceId ? details : null;
  const shownView = view?.id === evidenceId ? view : null;
  const shownChat = chat?.id === evidenceId ? chat.value : null;
  const name =
    shownDetails?.state === 'ready' ? shownDetails.value.originalName : t('viewer.loading');

  const go = (next: number): void => {
    if (next >= 0 && next < total && next !== current) onIndexChange(next);
  };

  // Listened for on the whole document while the viewer is open (it is modal), so the keys keep
  // working when focus has fallen to the page, e.g. after the button that had it went away.
  const onKey = (event: globalThis.KeyboardEvent): void => {
    if (event.defaultPrevented) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key === 'Tab') {
      trapFocus(event, dialogRef.current);
      return;
    }
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    // In a text field the arrow keys move the cursor, not the viewer.
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
    event.preventDefault();
    go(event.key === 'ArrowLeft' ? current - 1 : current + 1);
  };
  // Layout effects, like the focus above: the keys work from the commit that shows the dialog (focus
  // is already inside it then), and each key press sees the item that commit shows, never the last.
  const onKeyRef = useRef(onKey);
  useLayoutEffect(() => {
    onKeyRef.current = onKey;
  });
  useLayoutEffect(() => {
    const listener = (event: globalThis.KeyboardEvent): void => {
      onKeyRef.current(event);
    };
    document.addEventListener('keydown', listener);
    return () => {
      document.removeEventListener('keydown', listener);
    };
  }, []);

  return (
    <div className="viewer-backdrop">
      <div
        ref={dialogRef}
        className="viewer-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="evidence-viewer"
      >
        <header className="viewer-header">
          <h2 id={titleId} className="viewer-title" title={name}>
            {t('viewer.dialogLabel', { name })}
          </h2>
          <p className="viewer-counter" aria-live="polite" data-testid="viewer-counter">
            {t('viewer.counter', { current: current + 1, total })}
          </p>
          <div className="viewer-nav">
            <button
              type="button"
              className="button"
              aria-disabled={current === 0}
              onClick={() => {
                go(current - 1);
              }}
            >
              <span aria-hidden="true">←</span> {t('viewer.previous')}
            </button>
            <button
              type="button"
              className="button"
              aria-disabled={current === total - 1}
              onClick={() => {
                go(current + 1);
              }}
            >
              {t('viewer.next')} <span aria-hidden="true">→</span>
            </button>
            <button ref={closeRef} type="button" className="button" onClick={onClose}>
              {t('viewer.close')}
            </button>
          </div>
        </header>
        <p className="viewer-keys muted small">{t('viewer.keysHint')}</p>
        <div className="viewer-body">
          <div className="viewer-picture">
            {shownChat?.calls !== undefined ? (
              <CallLogTable calls={shownChat.calls} timezone={shownChat.timezone} />
            ) : shownChat?.threads !== undefined ? (
              <ChatThreads
                key={shownChat.evidenceId}
                list={shownChat}
                {...(onShowOnTimeline === undefined
                  ? {}
                  : {
                      onShowOnTimeline: (line: ChatLine) => {
                        onClose();
                        onShowOnTimeline(line);
                      },
                    })}
              />
            ) : shownChat !== null ? (
              <ChatView
                key={shownChat.evidenceId}
                chat={shownChat}
                {...(onShowOnTimeline === undefined
                  ? {}
                  : {
                      onShowOnTimeline: (line: ChatLine) => {
                        onClose();
                        onShowOnTimeline(line);
                      },
                    })}
              />
            ) : (
              <Picture view={shownView} details={shownDetails} marks={marksOf(shownText)} />
            )}
          </div>
          <aside className="viewer-side" aria-label={t('viewer.section.file')}>
            {shownDetails === null && (
              <p className="viewer-loading" role="status">
                <span className="viewer-spinner" aria-hidden="true" /> {t('viewer.loading')}
              </p>
            )}
            {shownDetails?.state === 'failed' && (
              <>
                <p>{t('viewer.loadFailed')}</p>
                <ProblemNote problem={{ code: shownDetails.code }} />
              </>
            )}
            {shownText !== null && (
              <TextPanel
                caseId={caseId}
                text={shownText}
                onChanged={() => {
                  setTextVersion((version) => version + 1);
                }}
              />
            )}
            {shownText?.status === 'read' && (
              <ProposedMessages
                caseId={caseId}
                evidenceId={evidenceId}
                name={name}
                version={`${shownText.status} ${String(textVersion)}`}
                {...(onChanged === undefined ? {} : { onChanged })}
              />
            )}
            {shownDetails?.state === 'ready' && (
              <DetailsPanel
                key={shownDetails.id}
                details={shownDetails.value}
                onUpdated={(updated) => {
                  setDetails({ id: updated.id, state: 'ready', value: updated });
                  onChanged?.();
                }}
              />
            )}
          </aside>
        </div>
      </div>
    </div>
  );
}

/** The matched words' boxes as fractions of the picture, so they fit whatever size it is shown at. */
function marksOf(text: EvidenceText | null): MarkBox[] {
  if (text === null || text.width === 0 || text.height === 0) return [];
  return text.matches.flatMap((index) => {
    const word = text.words[index];
    if (word === undefined) return [];
    return [
      {
        left: word.bbox.x0 / text.width,
        top: word.bbox.y0 / text.height,
        width: (word.bbox.x1 - word.bbox.x0) / text.width,
        height: (word.bbox.y1 - word.bbox.y0) / text.height,
      },
    ];
  });
}

function Picture({
  view,
  details,
  marks,
}: {
  view: Loaded<EvidenceView> | null;
  details: Loaded<EvidenceDetails> | null;
  marks: MarkBox[];
}) {
  const { t } = useTranslation();
  const ready = details?.state === 'ready' ? details.value : null;
  if (view === null) {
    // A non-image answers at once; the wait is only ever for a picture being decrypted.
    return (
      <p className="viewer-loading" role="status" data-testid="viewer-picture-loading">
        <span className="viewer-spinner" aria-hidden="true" /> {t('viewer.loadingPicture')}
      </p>
    );
  }
  if (view.state === 'failed') {
    return (
      <div className="viewer-none">
        <p>{t('viewer.loadFailed')}</p>
        <ProblemNote problem={{ code: view.code }} />
      </div>
    );
  }
  const value = view.value;
  if (value.kind === 'audio') {
    return <SoundStage key={view.id} dataUrl={value.dataUrl} name={ready?.originalName ?? ''} />;
  }
  if (value.kind === 'none') {
    const kind = ready === null ? 'other' : describeFileKind(ready.mediaType, ready.originalName);
    return (
      <div className="viewer-none" data-testid="viewer-no-picture" data-reason={value.reasonCode}>
        <FileTypeIcon kind={kind} label={t(`evidence.type.${kind}`)} large />
        <p>{t(`viewer.none.${value.reasonCode}`)}</p>
        {typeof value.durationSeconds === 'number' && (
          <p className="muted" data-testid="viewer-duration">
            {t('viewer.duration', { duration: formatDuration(value.durationSeconds) })}
          </p>
        )}
      </div>
    );
  }
  return (
    <>
      <ImageStage
        key={view.id}
        dataUrl={value.dataUrl}
        width={value.width}
        height={value.height}
        name={ready?.originalName ?? ''}
        marks={marks}
      />
      {value.downscaled && <p className="notice small">{t('viewer.downscaledNote')}</p>}
      {value.converted && !value.downscaled && (
        <p className="muted small">{t('viewer.convertedNote')}</p>
      )}
    </>
  );
}

/** A voice note or recording on its own, played from a blob held in memory. */
function SoundStage({ dataUrl, name }: { dataUrl: string; name: string }) {
  const { t } = useTranslation();
  const url = useMemo(() => URL.createObjectURL(dataUrlToBlob(dataUrl)), [dataUrl]);
  useEffect(
    () => () => {
      URL.revokeObjectURL(url);
    },
    [url],
  );
  return (
    <div className="viewer-none">
      <audio controls src={url} aria-label={t('viewer.chat.voice', { name })} />
    </div>
  );
}

/** 5 → '0:05', 3723 → '1:02:03'. */
function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${String(h)}:${String(m).padStart(2, '0')}:${s}` : `${String(m)}:${s}`;
}

/** Keeps Tab and Shift+Tab inside the dialog, wrapping at either end. */
function trapFocus(event: globalThis.KeyboardEvent, dialog: HTMLElement | null): void {
  if (dialog === null) return;
  const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => !element.hasAttribute('disabled'),
  );
  const first = focusable[0];
  const last = focusable.at(-1);
  if (first === undefined || last === undefined) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !dialog.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
