// The case's own clock, which every date on the timeline is read in.
import { SakshyaError } from '../../../shared/errors';
import type { Database } from '../db/types';

export function readCaseTimezone(db: Database, caseId: string): string {
  const zone = db
    .prepare<[string], string>('SELECT timezone FROM cases WHERE id = ?')
    .pluck()
    .get(caseId);
  if (zone === undefined) throw new SakshyaError('NOT_FOUND', `case ${caseId} does not exist`);
  return zone;
}
