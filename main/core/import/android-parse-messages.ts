// What the Android import's parsing thread (android-parse-worker.ts) and the importing thread
// (android-parse-thread.ts) say to each other.
import { SakshyaError, type ErrorCode } from '../../../shared/errors';
import { AgeError, type AgeErrorReason } from '../age/errors';
import type { MmsPart } from '../readers/android-backup';
import type { PackedRows, RowBatch } from './android-row';

export interface ParseStart {
  androidParse: true;
  /** The vault's folders (plain paths) and the stored copy's name in objects/. */
  layout: unknown;
  blobName: string;
  /** A copy of the vault's X25519 key, wiped by the thread once the file is read. */
  secretKey: Uint8Array;
  evidenceId: string;
  timezone: string;
  batch: number;
  readChunk: number;
  /** Batches the thread may post before the first is acknowledged. */
  ahead: number;
}

export type ThreadError =
  | { kind: 'age'; reason: AgeErrorReason; message: string }
  | { kind: 'sakshya'; code: ErrorCode; message: string }
  | { kind: 'other'; message: string; code: string | undefined };

export type ParseMessage =
  | {
      type: 'batch';
      packed: PackedRows;
      files: [number, MmsPart[]][];
      undated: number;
      end: RowBatch['end'];
    }
  | { type: 'failed'; error: ThreadError };

/** The error the parsing thread met, as words that cross threads (never evidence content). */
export function describeError(error: unknown): ThreadError {
  if (error instanceof AgeError)
    return { kind: 'age', reason: error.reason, message: error.message.replace(/^age: /, '') };
  if (error instanceof SakshyaError)
    return { kind: 'sakshya', code: error.code, message: error.message };
  const code = (error as { code?: unknown } | null)?.code;
  return {
    kind: 'other',
    message: error instanceof Error ? error.message : String(error),
    code: typeof code === 'string' ? code : undefined,
  };
}

/** Rebuilds, in the importing thread, the error the parsing thread met (same class, code, words). */
export function rebuildError(error: ThreadError): Error {
  if (error.kind === 'age') return new AgeError(error.reason, error.message);
  if (error.kind === 'sakshya') return new SakshyaError(error.code, error.message);
  const rebuilt = new Error(error.message) as Error & { code?: string };
  if (error.code !== undefined) rebuilt.code = error.code;
  return rebuilt;
}
