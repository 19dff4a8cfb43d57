// Starts the Android import's parsing thread (android-parse-worker.ts) and turns what it posts back
// into row batches, so that decrypting, parsing and building rows run on a second core while this
// thread writes the batch before. A speed-up and never a dependency: when the thread cannot be
// found or started, or is lost, the import reads the file on its own thread (android-import.ts).
//
// Measured (`npm run bench -- sources --control`, the same import with and without this thread in
// one run, load 6-13 on 2 shared cores): the importing thread's CPU per message 53-69 µs against
// 70-95 µs (0.70-0.88×, four pairs); the parsing thread's 19-22 µs; the whole process's CPU per
// message 0.94-1.18× the control's. With two free cores the rate is bounded by the busiest thread
// (about 14,500-18,800 messages/s against 12,800-14,300); on this loaded machine the process
// got less than one core on average, so the wall clock showed 0.96-1.55× the control's rate.
import type { Worker } from 'node:worker_threads';
import type { StoredEvidence } from '../db/repositories/evidence';
import type { Vault } from '../vault/vault';
import { locateWorkerScript, spawnWorker, type WorkerScript } from '../workers/worker-script';
import { rebuildError, type ParseMessage, type ParseStart } from './android-parse-messages';
import { unpackRows, type RowBatch } from './android-row';

// Set by scripts/build-main.mjs in each bundle to the file name of the worker bundle beside it.
declare const __SAKSHYA_ANDROID_PARSE_WORKER__: string | undefined;

export function locateParseWorker(): WorkerScript | null {
  return locateWorkerScript(
    typeof __SAKSHYA_ANDROID_PARSE_WORKER__ === 'string'
      ? __SAKSHYA_ANDROID_PARSE_WORKER__
      : undefined,
    (import.meta as { url?: string }).url,
    './android-parse-worker.ts',
  );
}

/**
 * The parsing thread's V8 limits. It holds one batch being built and at most `AHEAD` posted; the
 * largest single thing it may hold is one element of MAX_ELEMENT_CHARS (an MMS with its pictures).
 * A thread that runs out ends, and the import is read again on the importing thread.
 */
const PARSE_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 384 };
/** Batches posted and not yet written: one waiting while the importing thread writes another. */
const AHEAD = 2;

/** The parsing thread ended or failed to start before the file was read. */
export class ParseThreadLost extends Error {
  constructor() {
    super('the parsing thread of an Android import ended');
    this.name = 'ParseThreadLost';
  }
}

export interface ParseOptions {
  batch: number;
  readChunk: number;
  timezone: string;
}

/** The parsing thread reading `evidence`'s stored copy, or null when none can be started. */
export function startParseThread(
  vault: Vault,
  evidence: StoredEvidence,
  options: ParseOptions,
  script: WorkerScript | null = locateParseWorker(),
): ParseThread | null {
  const identity = vault.identity;
  if (script === null || identity.kind !== 'x25519') return null;
  const start: ParseStart = {
    androidParse: true,
    layout: vault.layout,
    blobName: evidence.blobName,
    // Structured clone copies it; the thread wipes its copy once the file is read.
    secretKey: identity.secretKey,
    evidenceId: evidence.id,
    timezone: options.timezone,
    batch: options.batch,
    readChunk: options.readChunk,
    ahead: AHEAD,
  };
  try {
    return new ParseThread(spawnWorker(script, PARSE_LIMITS, { workerData: start }));
  } catch {
    return null;
  }
}

export class ParseThread {
  private readonly queue: ParseMessage[] = [];
  private wake: (() => void) | null = null;
  private lost = false;

  constructor(private readonly worker: Worker) {
    worker.on('message', (message: ParseMessage) => {
      this.queue.push(message);
      this.wake?.();
    });
    // An error (it could not load, or ran out of memory) is followed by 'exit'.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      this.lost = true;
      this.wake?.();
    });
  }

  /**
   * The batches, in the file's order; the last one carries `end`. Ends early (with no `end`) once
   * `signal` is aborted. Throws what the thread met reading the copy (as the same error), or
   * ParseThreadLost. Each batch is acknowledged when the next is asked for (it has been written).
   */
  async *batches(signal: AbortSignal | undefined): AsyncGenerator<RowBatch> {
    const onAbort = (): void => this.wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      for (;;) {
        const message = await this.next(signal);
        if (message === null) return;
        if (message.type === 'failed') throw rebuildError(message.error);
        const batch: RowBatch = {
          rows: unpackRows(message.packed),
          files: message.files,
          undated: message.undated,
        };
        if (message.end !== undefined) batch.end = message.end;
        yield batch;
        if (batch.end !== undefined) return;
        this.worker.postMessage('ack');
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      void this.worker.terminate();
    }
  }

  /** Ends the thread (what a crash of it would do); the batches then end with ParseThreadLost. */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private async next(signal: AbortSignal | undefined): Promise<ParseMessage | null> {
    for (;;) {
      const message = this.queue.shift();
      if (message !== undefined) return message;
      if (signal?.aborted === true) return null;
      if (this.lost) throw new ParseThreadLost();
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}
