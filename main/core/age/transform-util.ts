// Glue shared by the encrypting and decrypting Transforms.
import type { TransformCallback } from 'node:stream';
import { toBuffer } from './base64';
import { CHUNK_SIZE } from './stream';

/** Stream buffers on both sides: a few chunks, enough to keep the cipher busy between reads. */
export const STREAM_HIGH_WATER_MARK = 4 * CHUNK_SIZE;

export function toChunkBuffer(chunk: unknown): Buffer {
  if (chunk instanceof Uint8Array) return toBuffer(chunk);
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new TypeError('age streams take bytes');
}

export function settle(work: Promise<void>, callback: TransformCallback): void {
  work.then(
    () => {
      callback();
    },
    (error: unknown) => {
      callback(error instanceof Error ? error : new Error(String(error)));
    },
  );
}
