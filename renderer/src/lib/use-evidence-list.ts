// The open case's evidence, held in component state only (it goes when the page does, on lock).
// While previews are still being made in the background, the list is asked for again now and then,
// so tiles change from "Preparing preview…" to the picture by themselves.
import { useCallback, useEffect, useState } from 'react';
import type { EvidenceItem } from '../../../shared/api-contract';
import type { ErrorCode } from '../../../shared/errors';
import { useApi } from '../api/api-context';

const PENDING_RECHECK_MS = 1500;

export interface EvidenceList {
  items: EvidenceItem[] | null;
  problem: ErrorCode | null;
  reload: () => void;
}

export function useEvidenceList(caseId: string): EvidenceList {
  const api = useApi();
  const [items, setItems] = useState<EvidenceItem[] | null>(null);
  const [problem, setProblem] = useState<ErrorCode | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let cancelled = false;
    void api.evidence.list({ caseId }).then((result) => {
      if (cancelled) return;
      if (result.ok) {
        setItems(result.value);
        setProblem(null);
      } else {
        setProblem(result.error.code);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [api, caseId, generation]);

  const pending = items?.some((item) => item.thumbnail === 'pending') === true;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => {
      setGeneration((current) => current + 1);
    }, PENDING_RECHECK_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [pending, items]);

  const reload = useCallback(() => {
    setGeneration((current) => current + 1);
  }, []);

  return { items, problem, reload };
}
