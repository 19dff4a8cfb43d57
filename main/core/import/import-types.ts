// The shapes the import pipeline takes and returns, shared by its parts, the CLI and the app.
import type { Provenance } from '../../../shared/domain';
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
}

export type ImportStatus = 'imported' | 'duplicate' | 'skipped' | 'failed';

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
  /** Plain words for skipped and failed files; null otherwise. */
  reason: string | null;
  evidenceId: string | null;
  sha256: string | null;
  mediaType: string | null;
  /** ISO 8601 with the case zone's offset, e.g. '2024-05-12T21:43:10+05:30'. */
  capturedAt: string | null;
  capturedAtSource: string | null;
  warnings: string[];
  /** For a WhatsApp export read in this run: every message and system line, in the chat's order. */
  messages?: ImportedMessage[];
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 ** 3;
