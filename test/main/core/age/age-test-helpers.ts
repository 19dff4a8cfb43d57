// Shared by the age tests: drive the Transforms with real streams, in pieces of a chosen size,
// and collect what comes out, including what was emitted before an error.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createDecryptStream,
  createEncryptStream,
  type AgeIdentity,
  type AgeRecipient,
} from '../../../../main/core/age';

export function splitIntoPieces(data: Uint8Array, pieceSize: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0; at < data.length; at += pieceSize) {
    pieces.push(Buffer.from(data.subarray(at, at + pieceSize)));
  }
  return pieces;
}

export interface StreamOutcome {
  output: Buffer;
  error: Error | undefined;
}

export async function runThrough(
  transform: NodeJS.ReadWriteStream,
  data: Uint8Array,
  pieceSize = 65536,
): Promise<StreamOutcome> {
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      callback();
    },
  });
  let error: Error | undefined;
  try {
    await pipeline(Readable.from(splitIntoPieces(data, pieceSize)), transform, sink);
  } catch (caught) {
    error = caught instanceof Error ? caught : new Error(String(caught));
  }
  return { output: Buffer.concat(received), error };
}

export async function decryptWithStream(
  data: Uint8Array,
  identities: AgeIdentity[],
  pieceSize?: number,
): Promise<Buffer> {
  const { output, error } = await runThrough(createDecryptStream(identities), data, pieceSize);
  if (error !== undefined) throw error;
  return output;
}

export async function encryptWithStream(
  data: Uint8Array,
  recipients: AgeRecipient[],
  pieceSize?: number,
): Promise<Buffer> {
  const { output, error } = await runThrough(createEncryptStream(recipients), data, pieceSize);
  if (error !== undefined) throw error;
  return output;
}
