// The entries, day by day on the case's clock, in a virtualized list (@tanstack/react-virtual), so
// 100,000 entries scroll as smoothly as 100. Rows are measured as they render (entries differ in
// height); nearing either end loads the next page by cursor. The current day stays named at the top.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../../shared/contract/timeline';
import { readLanguage } from '../../i18n';
import type { TimelinePages } from '../../lib/timeline-pages';
import { formatDay } from '../../lib/timeline-text';
import { EntryRow } from './EntryRow';
import { ProposedEntryRow } from './ProposedEntryRow';

type Row = { type: 'day'; day: string } | { type: 'entry'; entry: TimelineEntry };

interface Props {
  caseId: string;
  pages: TimelinePages;
  nameFor: (entry: TimelineEntry) => string | null;
  onOpenEvidence: (entry: TimelineEntry) => void;
  onChanged: () => void;
  /** An entry to bring into view and mark (a call just logged, a message opened from a chat). */
  highlight?: string | null;
}

const EDGE_ROWS = 8;

export function TimelineList({
  caseId,
  pages,
  nameFor,
  onOpenEvidence,
  onChanged,
  highlight = null,
}: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => {
    const list: Row[] = [];
    let day = '';
    for (const entry of pages.entries) {
      const local = entry.occurredAtLocal.slice(0, 10);
      if (local !== day) {
        day = local;
        list.push({ type: 'day', day });
      }
      list.push({ type: 'entry', entry });
    }
    return list;
  }, [pages.entries]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (rows[index]?.type === 'day' ? 44 : 96),
    overscan: 6,
    getItemKey: (index) => {
      const row = rows[index];
      if (row === undefined) return index;
      return row.type === 'day' ? `day-${row.day}` : `${row.entry.source}-${row.entry.id}`;
    },
  });
  const items = virtualizer.getVirtualItems();

  // A fresh load (a jump or a new filter) scrolls to the day asked for, else to the top. Until that
  // scroll has landed, no more pages are read: the list sits at the top for a moment, and reading
  // earlier entries then would pull the view away from the day she asked for.
  const settled = useRef(-1);
  useEffect(() => {
    const target = pages.around;
    const marked =
      highlight === null
        ? -1
        : rows.findIndex((row) => row.type === 'entry' && row.entry.id === highlight);
    const index =
      marked >= 0
        ? marked
        : target === null
          ? 0
          : rows.findIndex((row) => row.type === 'day' && row.day >= target);
    const goal = index < 0 ? Math.max(rows.length - 1, 0) : index;
    const align = marked >= 0 ? 'center' : 'start';
    virtualizer.scrollToIndex(goal, { align });
    // Rows are measured once drawn, which moves the day; scrolling again after each of the next
    // frames lands on it.
    let frames = 0;
    let frame = requestAnimationFrame(function again() {
      virtualizer.scrollToIndex(goal, { align });
      frames += 1;
      if (frames < 4) frame = requestAnimationFrame(again);
      else {
        settled.current = pages.generation;
        // The marked entry into the window's view too, not only the list's.
        if (marked >= 0)
          scroller.current
            ?.querySelector('.timeline-row[data-highlight="true"]')
            ?.scrollIntoView({ block: 'center' });
      }
    });
    return () => {
      cancelAnimationFrame(frame);
    };
    // Only on a new generation, not on every page added.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pages.generation]);

  // Keep what she was reading in place when older entries are added above it.
  const firstKey =
    rows[0]?.type === 'entry'
      ? rows[0].entry.cursor
      : rows[1]?.type === 'entry'
        ? rows[1].entry.cursor
        : '';
  const previousFirst = useRef({ key: firstKey, count: rows.length });
  useEffect(() => {
    const before = previousFirst.current;
    if (before.key !== '' && before.key !== firstKey && rows.length > before.count) {
      const index = rows.findIndex(
        (row) => row.type === 'entry' && row.entry.cursor === before.key,
      );
      if (index > 0) virtualizer.scrollToIndex(index, { align: 'start' });
    }
    previousFirst.current = { key: firstKey, count: rows.length };
  }, [firstKey, rows, virtualizer]);

  const first = items[0]?.index;
  const last = items.at(-1)?.index;
  useEffect(() => {
    if (first === undefined || last === undefined || pages.loading) return;
    if (settled.current !== pages.generation) return;
    if (pages.hasAfter && last >= rows.length - EDGE_ROWS) pages.loadAfter();
    else if (pages.hasBefore && first <= EDGE_ROWS && pages.generation > 0) pages.loadBefore();
  }, [first, last, rows.length, pages]);

  // The day of the first row actually on screen (not of the rows drawn above it for smooth
  // scrolling), shown above the list.
  const offset = virtualizer.scrollOffset ?? 0;
  const topItem = items.find((item) => item.end > offset + 1);
  const topIndex = topItem?.index ?? first ?? 0;
  // A day heading already at the top names the day itself; the pinned line would repeat it.
  const headingOnTop =
    topItem !== undefined && rows[topIndex]?.type === 'day' && topItem.start >= offset - 1;
  let currentDay: string | null = null;
  for (let index = topIndex; index >= 0; index -= 1) {
    const row = rows[index];
    if (row?.type === 'day') {
      currentDay = row.day;
      break;
    }
    if (row?.type === 'entry') {
      currentDay = row.entry.occurredAtLocal.slice(0, 10);
      break;
    }
  }

  return (
    <div className="timeline-list-wrap">
      {/* Named above the list once its own day heading has scrolled away. */}
      <p className="timeline-sticky-day" aria-hidden="true">
        {currentDay === null || headingOnTop || (virtualizer.scrollOffset ?? 0) < 8
          ? t('timeline.list.heading')
          : formatDay(currentDay, language)}
      </p>
      <div
        ref={scroller}
        className="timeline-scroller"
        role="feed"
        aria-busy={pages.loading}
        aria-label={t('timeline.list.label')}
        tabIndex={0}
      >
        {pages.hasBefore && (
          <p className="muted small timeline-more">{t('timeline.list.earlier')}</p>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (row === undefined) return null;
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="timeline-row"
                data-highlight={
                  row.type === 'entry' && highlight !== null && row.entry.id === highlight
                }
                style={{ transform: `translateY(${String(item.start)}px)` }}
              >
                {row.type === 'day' ? (
                  <h3 className="timeline-day" data-day={row.day}>
                    {formatDay(row.day, language)}
                  </h3>
                ) : row.entry.source === 'proposed' ? (
                  <ProposedEntryRow
                    caseId={caseId}
                    entry={row.entry}
                    onOpenEvidence={onOpenEvidence}
                    onChanged={onChanged}
                  />
                ) : (
                  <EntryRow
                    caseId={caseId}
                    entry={row.entry}
                    who={nameFor(row.entry)}
                    onOpenEvidence={onOpenEvidence}
                    onChanged={onChanged}
                  />
                )}
              </div>
            );
          })}
        </div>
        {pages.hasAfter && <p className="muted small timeline-more">{t('timeline.list.later')}</p>}
      </div>
    </div>
  );
}
