// The shapes the import pipeline takes and returns, shared by its parts, the CLI and the app.
import type { Provenance } from '../../../shared/domain';
import type { Stager } from '../vault/stage-workers';
import type { CommitGroup, CommitGroupLimits } from './group-commit';
import type { ThumbnailQueue } from './thumbnail-queue';

export interface ImportProgress {
  /** Files finished (in any status); zip entries count once their zip has been looked into. */
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface ImportOptions {
  caseId: string;
  provenance?: Provenance;
  /** Stops the batch: finished files stay, the file in flight is dropped, the rest are skipped. */
  signal?: AbortSignal;
  /** Files larger than this are skipped; default 4 GiB. */
  maxFileBytes?: number;
  /** How to read chat dates like 05/06/24; unset means: from the file, else day-first with a warning. */
  dayFirst?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Where previews of imported pictures are queued; without it no previews are made. */
  thumbnails?: ThumbnailQueue;
  /** How many plain files may wait to be committed together (group-commit.ts); tests lower it. */
  commitGroup?: CommitGroupLimits;
  /** How many files are imported at once (lanes.ts); default 3. Tests set 1 to order events exactly. */
  lanes?: number;
  /** The group to use, for a caller that must commit it at once when the vault locks. */
  group?: CommitGroup;
  /**
   * Where stored copies are written: worker threads (stage-workers.ts) for a drop of at least
   * STAGE_WORKERS_MIN_FILES files, this thread otherwise. Tests pass their own.
   */
  stager?: Stager;
}

export type ImportStatus = 'imported' | 'duplicate' | 'skipped' | 'failed';

/**
 * Why a file was not imported, as a closed list, so callers (the window, which speaks Hindi too)
 * never have to read meaning back out of the English sentence, which is free to be reworded.
 */
export const IMPORT_REASON_CODES = [
  /** Already evidence in this case. */
  'duplicate',
  'cancelled',
  /** The vault locked during the batch. */
  'vault-locked',
  'empty-file',
  /** Over `maxFileBytes`. */
  'too-large',
  /** .DS_Store, Thumbs.db and the like, found inside a dropped folder. */
  'system-file',
  /** A pipe, socket, device or folder where a file was expected. */
  'special-file',
  /** A folder reached a second time (through a link, or dropped twice). */
  'folder-repeated',
  'symlink-loop',
  /** A link whose target no longer exists. */
  'dangling-link',
  'not-found',
  'permission-denied',
  /** Changed, moved or deleted while it was being read. */
  'changed-while-reading',
  /** The safe zip reader refused the zip (path tricks, links, zip bombs, damage). */
  'zip-refused',
  'zip-encrypted',
  /** A file inside a zip that was never reached because the zip failed part-way. */
  'zip-not-read',
  'disk-full',
  /** The file system would not give the bytes (input/output error, busy, name too long). */
  'unreadable',
  'other',
] as const;
export type ImportReasonCode = (typeof IMPORT_REASON_CODES)[number];

/** A reason as the pipeline gives it: the code for programs, the sentence for people. */
export interface StatedReason {
  reasonCode: ImportReasonCode;
  reason: string;
}

export interface ImportedMessage {
  /** ISO 8601 with the case zone's offset, e.g. '2024-05-12T21:43:10+05:30'. */
  time: string;
  /** Null for system lines ("You were added"). */
  sender: string | null;
  text: string;
}

export interface ImportFileResult {
  /** The path as given or found; a file inside a zip is `<zip path>!/<name inside the zip>`. */
  path: string;
  status: ImportStatus;
  /** Plain words for skipped, failed and duplicate files; null for imported ones. */
  reason: string | null;
  /** The same reason as a code; null exactly when `reason` is. */
  reasonCode: ImportReasonCode | null;
  evidenceId: string | null;
  sha256: string | null;
  mediaType: string | null;
  /** ISO 8601 with the case zone's offset, e.g. '2024-05-12T21:43:10+05:30'. */
  capturedAt: string | null;
  capturedAtSource: string | null;
  warnings: string[];
  /** For a WhatsApp export read in this run: every message and system line, in the chat's order. */
  messages?: ImportedMessage[];
  /** For a WhatsApp export recorded in this run: its messages, and how many were already here. */
  chat?: { messages: number; alreadyHere: number };
  /**
   * For a call log (Android backup) read in this run: its calls, how many were already here, the
   * calls to her from a number tied to the harasser, and how many of those broke the RBI hours.
   */
  calls?: { calls: number; alreadyHere: number; fromThem: number; outsideHours: number };
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 ** 3;
