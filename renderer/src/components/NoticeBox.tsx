// The one box the notices above a view are gathered in (vault warnings, the passphrase-change
// notice, a load problem). Above a case it is limited to about a third of the window and scrolls on
// its own, so the case stays in sight; its border alone did not say there was more. A bar stuck to
// its bottom does: a fade over the last lines, "1 more notice below" (or "More below" when only the
// notice in sight goes on), and "Show all notices",
// which lifts the limit (and "Show fewer" puts it back). The bar is a plain button in the tab order.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The view below ('case' limits the height; see screens.css `.notices`). */
  view: string;
  children: ReactNode;
}

interface Overflow {
  /** The box holds more than it shows. */
  more: boolean;
  /** Notices wholly out of sight below the bar, and whether one in sight goes on below it. */
  below: NoticesBelow;
  /** The box is scrolled: something is out of sight above (a fade at the top says so). */
  above: boolean;
}

export interface NoticesBelow {
  hidden: number;
  cutOff: boolean;
}

const NONE: Overflow = { more: false, below: { hidden: 0, cutOff: false }, above: false };

/**
 * What of the box's notices lies below what is in sight. `visibleBottom` is the top of the bar
 * stuck to the box's bottom (what lies under it is hidden by it); a pixel is allowed for rounding.
 */
export function findNoticesBelow(
  notices: { top: number; bottom: number }[],
  visibleBottom: number,
): NoticesBelow {
  const edge = visibleBottom + 1;
  const hidden = notices.filter((notice) => notice.top >= edge).length;
  const cutOff = notices.some((notice) => notice.top < edge && notice.bottom > edge);
  return { hidden, cutOff };
}

export function NoticeBox({ view, children }: Props) {
  const { t } = useTranslation();
  const boxRef = useRef<HTMLDivElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState(false);
  const [overflow, setOverflow] = useState<Overflow>(NONE);
  const limited = view === 'case' && !expanded;

  const measure = useCallback(() => {
    const box = boxRef.current;
    if (box === null || !limited) {
      setOverflow((current) => (current.more ? NONE : current));
      return;
    }
    const more = box.scrollHeight > box.clientHeight + 1;
    const bar = barRef.current;
    const visibleBottom =
      bar === null ? box.getBoundingClientRect().bottom : bar.getBoundingClientRect().top;
    const notices = [...box.children].filter(
      (child) => child !== bar && !child.classList.contains('notices-fade-top'),
    );
    const above = more && box.scrollTop > 1;
    const below = more
      ? findNoticesBelow(
          notices.map((notice) => notice.getBoundingClientRect()),
          visibleBottom,
        )
      : NONE.below;
    setOverflow((current) =>
      current.more === more &&
      current.above === above &&
      current.below.hidden === below.hidden &&
      current.below.cutOff === below.cutOff
        ? current
        : { more, below, above },
    );
  }, [limited]);

  // Measured after every render (a notice came or went, the language changed its length), on
  // scrolling, and when the window or the box changes size.
  useLayoutEffect(measure);
  useEffect(() => {
    const box = boxRef.current;
    if (box === null) return;
    box.addEventListener('scroll', measure, { passive: true });
    window.addEventListener('resize', measure);
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(box);
    for (const child of box.children) observer?.observe(child);
    return () => {
      box.removeEventListener('scroll', measure);
      window.removeEventListener('resize', measure);
      observer?.disconnect();
    };
  }, [measure, children]);

  const showBar = overflow.more || expanded;
  return (
    <div
      className="notices"
      data-testid="notices"
      data-view={view}
      data-expanded={expanded ? 'true' : undefined}
      data-more={overflow.more ? 'true' : undefined}
      ref={boxRef}
    >
      {overflow.above && <div className="notices-fade-top" aria-hidden="true" />}
      {children}
      {showBar && (
        <div className="notices-more" ref={barRef} data-testid="notices-more">
          {!expanded && (overflow.below.hidden > 0 || overflow.below.cutOff) && (
            <span className="notices-more-count">
              {overflow.below.hidden > 0
                ? t('notices.more', { count: overflow.below.hidden })
                : t('notices.moreOfThis')}
            </span>
          )}
          <button
            type="button"
            className="button quiet"
            aria-expanded={expanded}
            onClick={() => {
              setExpanded((current) => !current);
            }}
          >
            {expanded ? t('notices.showFewer') : t('notices.showAll')}
          </button>
        </div>
      )}
    </div>
  );
}
