// Counts for the summary she reads after an import ("212 added · 14 already here · 2 could not be
// read") and the filter behind "see why". Every file lands in exactly one count.
import type { ImportResultItem } from '../../../shared/api-contract';

export interface ImportCounts {
  added: number;
  alreadyHere: number;
  /** Failed: the file was there but could not be read or stored. */
  unreadable: number;
  /** Skipped: empty files, system files, files over the limit, or stopped before their turn. */
  leftOut: number;
  total: number;
}

export const RESULT_FILTERS = ['notAdded', 'unreadable', 'leftOut', 'alreadyHere', 'all'] as const;
export type ResultFilter = (typeof RESULT_FILTERS)[number];

export function countImport(results: readonly ImportResultItem[]): ImportCounts {
  const counts: ImportCounts = {
    added: 0,
    alreadyHere: 0,
    unreadable: 0,
    leftOut: 0,
    total: results.length,
  };
  for (const result of results) {
    if (result.status === 'imported') counts.added += 1;
    else if (result.status === 'duplicate') counts.alreadyHere += 1;
    else if (result.status === 'failed') counts.unreadable += 1;
    else counts.leftOut += 1;
  }
  return counts;
}

export function filterResults(
  results: readonly ImportResultItem[],
  filter: ResultFilter,
): ImportResultItem[] {
  return results.filter((result) => {
    switch (filter) {
      case 'notAdded':
        return result.status !== 'imported';
      case 'unreadable':
        return result.status === 'failed';
      case 'leftOut':
        return result.status === 'skipped';
      case 'alreadyHere':
        return result.status === 'duplicate';
      case 'all':
        return true;
    }
  });
}

/** Whether the import was stopped part-way, so the summary can say what that means. */
export function wasStopped(results: readonly ImportResultItem[]): boolean {
  return results.some((result) => result.reasonCode === 'cancelled');
}
