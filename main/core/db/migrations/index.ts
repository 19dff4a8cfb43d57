// The ordered list of schema migrations. To add one: write `NNNN-name.ts` exporting a Migration
// with the next version, append it here, and add `test/main/core/db/migrations/NNNN-name.test.ts`.
import { SakshyaError } from '../../../../shared/errors';
import type { Migration } from '../types';
import { migration0001Initial } from './0001-initial';
import { migration0002ImportDetails } from './0002-import-details';
import { migration0003Timeline } from './0003-timeline';
import { migration0004CaseSteps } from './0004-case-steps';
import { migration0005TimelineIndexes } from './0005-timeline-indexes';
import { migration0006People } from './0006-people';
import { migration0007ThumbnailHashes } from './0007-thumbnail-hashes';
import { migration0008EvidenceText } from './0008-evidence-text';
import { migration0009ScreenshotMessages } from './0009-screenshot-messages';
import { migration0010AudioTagTimes } from './0010-audio-tag-times';
import { migration0011ContactIndexMerge } from './0011-contact-index-merge';

export const MIGRATIONS: readonly Migration[] = validateMigrations([
  migration0001Initial,
  migration0002ImportDetails,
  migration0003Timeline,
  migration0004CaseSteps,
  migration0005TimelineIndexes,
  migration0006People,
  migration0007ThumbnailHashes,
  migration0008EvidenceText,
  migration0009ScreenshotMessages,
  migration0010AudioTagTimes,
  migration0011ContactIndexMerge,
]);

/** Versions must be exactly 1..N in order; anything else is a programming error caught at load. */
export function validateMigrations(list: readonly Migration[]): readonly Migration[] {
  list.forEach((migration, index) => {
    if (!Number.isSafeInteger(migration.version) || migration.version !== index + 1) {
      throw new SakshyaError(
        'INTERNAL',
        `migration "${migration.name}" has version ${migration.version}, expected ${index + 1}: versions must run 1..N`,
      );
    }
  });
  return list;
}
