// The timeline's loaded pages, held in component state only (they go when the tab does, on lock).
// A page of 200 is read around a date, then more as the list scrolls either way, by cursor.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TimelineEntry, TimelineFilters } from '../../../shared/contract/timeline';
import type { ErrorCode } from '../../../shared/errors';
import { useApi } from '../api/api-context';

export type Filters = Omit<TimelineFilters, 'caseId'>;

export interface TimelinePages {
  entries: TimelineEntry[];
  hasBefore: boolean;
  hasAfter: boolean;
  loading: boolean;
  problem: ErrorCode | null;
  /** Bumped on each fresh load (a new filter or a jump), so the list can scroll to `around`. */
  generation: number;
  around: string | null;
  loadBefore: () => void;
  loadAfter: () => void;
  jumpTo: (day: string | null) => void;
  reload: () => void;
}

export function useTimelinePages(caseId: string, filters: Filters): TimelinePages {
  const api = useApi();
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [edges, setEdges] = useState({ hasBefore: false, hasAfter: false });
  const [moreLoading, setMoreLoading] = useState(false);
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  const [problem, setProblem] = useState<ErrorCode | null>(null);
  const [around, setAround] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [reloads, setReloads] = useState(0);
  const busy = useRef(false);
  const request = useRef(0);
  const key = JSON.stringify(filters);
  const requestKey = JSON.stringify([caseId, key, around, reloads]);
  const loading = moreLoading || loadedKey !== requestKey;

  useEffect(() => {
    const id = (request.current += 1);
    busy.current = true;
    const parsed = JSON.parse(key) as Filters;
    void api.timeline
      .list({ caseId, ...parsed, ...(around === null ? {} : { around }) })
      .then((result) => {
        if (id !== request.current) return;
        busy.current = false;
        setLoadedKey(requestKey);
        if (!result.ok) {
          setProblem(result.error.code);
          return;
        }
        setProblem(null);
        setEntries(result.value.entries);
        setEdges({ hasBefore: result.value.hasBefore, hasAfter: result.value.hasAfter });
        setGeneration((current) => current + 1);
      });
  }, [api, caseId, key, around, requestKey]);

  const loadMore = useCallback(
    (direction: 'before' | 'after') => {
      if (busy.current) return;
      const edge = direction === 'before' ? entries[0] : entries.at(-1);
      if (edge === undefined) return;
      busy.current = true;
      setMoreLoading(true);
      const id = request.current;
      const parsed = JSON.parse(key) as Filters;
      void api.timeline.list({ caseId, ...parsed, [direction]: edge.cursor }).then((result) => {
        busy.current = false;
        setMoreLoading(false);
        if (id !== request.current) return;
        if (!result.ok) {
          setProblem(result.error.code);
          return;
        }
        const page = result.value;
        if (direction === 'before') {
          setEntries((current) => [...page.entries, ...current]);
          setEdges((current) => ({ ...current, hasBefore: page.hasBefore }));
        } else {
          setEntries((current) => [...current, ...page.entries]);
          setEdges((current) => ({ ...current, hasAfter: page.hasAfter }));
        }
      });
    },
    [api, caseId, entries, key],
  );

  return {
    entries,
    hasBefore: edges.hasBefore,
    hasAfter: edges.hasAfter,
    loading,
    problem,
    generation,
    around,
    loadBefore: useCallback(() => {
      loadMore('before');
    }, [loadMore]),
    loadAfter: useCallback(() => {
      loadMore('after');
    }, [loadMore]),
    jumpTo: useCallback((day: string | null) => {
      setAround(day);
      setReloads((current) => current + 1);
    }, []),
    reload: useCallback(() => {
      setReloads((current) => current + 1);
    }, []),
  };
}
