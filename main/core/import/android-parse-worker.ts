// The parsing thread of an "SMS Backup & Restore" import (android-parse-thread.ts starts it): it
// decrypts the stored copy, hashes it, parses the XML and builds the rows, and hands them to the
// importing thread a batch at a time, which meanwhile writes the batch before. Nothing here touches
// the database, the custody log or the vault's other files.
//
// At most `ahead` batches are posted and not yet taken (the importing thread acknowledges each
// one it has written); until then this thread stops reading, so memory stays bounded whatever the
// file's size.
import { parentPort, workerData } from 'node:worker_threads';
import { openBlob } from '../vault/blob-read';
import type { VaultLayout } from '../vault/layout';
import { packRows, readRowBatches, RowBuilder, transferablesOf } from './android-row';
import { HashedStream } from './hashed-stream';
import { describeError, type ParseMessage, type ParseStart } from './android-parse-messages';

async function parse(
  start: ParseStart,
  post: (message: ParseMessage, moved?: ArrayBuffer[]) => void,
): Promise<void> {
  const identity = { kind: 'x25519' as const, secretKey: start.secretKey };
  let credits = start.ahead;
  let wake: (() => void) | null = null;
  parentPort?.on('message', () => {
    credits += 1;
    wake?.();
  });
  try {
    const stored = new HashedStream(
      openBlob(start.layout as VaultLayout, start.blobName, identity, start.readChunk),
    );
    const builder = new RowBuilder(start.evidenceId, start.timezone);
    for await (const batch of readRowBatches(stored, builder, start.batch)) {
      const packed = packRows(batch.rows);
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits -= 1;
      post(
        { type: 'batch', packed, files: batch.files, undated: batch.undated, end: batch.end },
        transferablesOf(packed),
      );
    }
  } catch (error) {
    post({ type: 'failed', error: describeError(error) });
  } finally {
    // This thread's copy of the vault's key, dropped as soon as the file is read.
    start.secretKey.fill(0);
    parentPort?.removeAllListeners('message');
  }
}

const port = parentPort;
if (port !== null && (workerData as { androidParse?: unknown } | null)?.androidParse === true) {
  void parse(workerData as ParseStart, (message, moved) => {
    port.postMessage(message, moved);
  });
}
