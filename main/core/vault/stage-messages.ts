// What the main thread and a stage worker (stage-worker.ts) tell each other.
import type { ErrorCode } from '../../../shared/errors';
import type { ProbeResult } from '../import/stream-probe';
import type { SourceAfter, SourceWatch } from './source-watch';

export interface StageJob {
  kind?: 'stage';
  id: number;
  /** The source file, opened by the main thread, which keeps it open until the answer comes. */
  sourceFd: number;
  /** The temp file to create in the vault's tmp/ folder. */
  temp: string;
  recipient: string;
  direct: boolean;
  /** Whether to run a StreamProbe over the bytes and send back what it found. */
  probe: boolean;
  /** Check the source before reading and stat it after (see source-watch.ts). */
  watch?: SourceWatch | undefined;
  /**
   * Output buffers for SealedCopyWriter (1 when absent). With more, up to `outputs - 1` writes run
   * on the thread pool while the next reads are sealed.
   */
  outputs?: number | undefined;
  /** Read into `data` and let the worker given the matching HashJob hash it (shared-hash.ts). */
  sharedHash?: { data: SharedArrayBuffer; control: SharedArrayBuffer } | undefined;
  /**
   * One Int32 the main thread sets to 1 to stop the job between reads, and back to 0 before the
   * next. Sent with a worker's first job only: posting a SharedArrayBuffer cost ~0.3 ms each time.
   */
  cancel?: SharedArrayBuffer;
}

/** Hash what a stage job reads into `data`, for as long as that job runs. */
export interface HashJob {
  kind: 'hash';
  id: number;
  data: SharedArrayBuffer;
  control: SharedArrayBuffer;
}

export type HashReply = { id: number; kind: 'hashed' } | { id: number; kind: 'aborted' };

export type StageReply =
  | { id: number; kind: 'progress'; size: number }
  /** The temp file is written in full, fsynced and closed. */
  | {
      id: number;
      kind: 'done';
      sha256: string;
      size: number;
      probe: ProbeResult | null;
      /** A header sealed to job.recipient for the file's sidecar (see SidecarSeal). */
      sidecarSeal: { fileKey: Uint8Array; header: Uint8Array };
      /** Set when the job asked to watch the source. */
      after: SourceAfter | null;
    }
  /** The source opened is not the file the job expected; nothing was written. */
  | { id: number; kind: 'failed'; reason: 'source-changed' }
  /** The hashing helper stopped; the job is worth asking again without one. */
  | { id: number; kind: 'failed'; reason: 'helper-lost' }
  | { id: number; kind: 'failed'; reason: 'cancelled' }
  /** The file system refused O_DIRECT; the job is worth asking again, buffered. */
  | { id: number; kind: 'failed'; reason: 'direct-refused' }
  | { id: number; kind: 'failed'; reason: 'sakshya'; code: ErrorCode }
  /** An errno code such as ENOSPC; the temp file is already removed. */
  | { id: number; kind: 'failed'; reason: 'system'; code: string };
