// Worker threads that write an import's stored copies (stage-worker.ts), so that hashing and
// encrypting, about half of the CPU an import of screenshots spends, run beside the main thread
// instead of on it. Measured on a 2-core VM importing 2,000 screenshots from source (tsx): ~190
// files/s with every copy written on the main thread, ~220 with two workers; from the bundle, with
// the rest of this session's changes, ~300.
//
// A speed-up and never a dependency: when no worker can be found or started, or one dies, each
// file is staged in this thread by stageFile instead, reading it again from its first byte.
import fs from 'node:fs';
import os from 'node:os';
import type { FileHandle } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import { SakshyaError } from '../../../shared/errors';
import { makeTempPath, translateFsError } from '../fs/atomic-write';
import { canWriteDirect, noteDirectIoRefused } from '../fs/direct-io';
import { viewAsBuffer } from '../workers/from-thread';
import { locateWorkerScript, spawnWorker, type WorkerScript } from '../workers/worker-script';
import { stageFile, type StagedBlob } from './blob-store';
import type { VaultLayout } from './layout';
import type { StreamProbe } from '../import/stream-probe';
import { SourceChanged, type SourceWatch } from './source-watch';
import { INPUT_BYTES, makeReadReporter, planCopy } from './sealed-copy';
import { abortSharedHash, SHARED_HASH_CONTROL_BYTES } from './shared-hash';
import type { HashJob, HashReply, StageJob, StageReply } from './stage-messages';

/**
 * From this size on, a file's hash is computed by a second worker beside the one sealing it (see
 * shared-hash.ts). Measured on a 2-core VM: a 512 MiB file took ~1.3 s hashed in turn; below a few
 * MiB the helper's start-up is not won back.
 */
export const SHARED_HASH_MIN_BYTES = 32 * 1024 * 1024;

// Set by scripts/build-main.mjs in each bundle to the file name of the worker bundle beside it.
declare const __SAKSHYA_STAGE_WORKER__: string | undefined;

export function locateStageWorker(): WorkerScript | null {
  return locateWorkerScript(
    typeof __SAKSHYA_STAGE_WORKER__ === 'string' ? __SAKSHYA_STAGE_WORKER__ : undefined,
    (import.meta as { url?: string }).url,
    './stage-worker.ts',
  );
}

export interface StageKeys {
  recipient: string;
  nameFor: (sha256: string) => string;
}

export interface StageOptions {
  onBytes?: (bytes: number) => void;
  signal?: AbortSignal | undefined;
  /** Sees the bytes as they are read, here or (through `adopt`) in a worker. */
  probe?: StreamProbe | undefined;
  /** Check the source before reading (or throw SourceChanged) and stat it after. */
  watch?: SourceWatch | undefined;
}

/** Stages files the way stageFile does; what import-file.ts calls. */
export interface Stager {
  stage(
    layout: VaultLayout,
    keys: StageKeys,
    handle: FileHandle,
    options: StageOptions,
  ): Promise<StagedBlob>;
  /** Frees what the stager keeps between files, before a long stretch with none to stage. */
  releaseIdle?(): Promise<void>;
}

/** The worker died or could not start: the file is staged in this thread instead. */
class WorkerLost extends Error {}

export class StageWorkers implements Stager {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((worker: Worker | null) => void)[] = [];
  /** Each worker's cancel flag (see StageJob), and whether the worker has been sent it yet. */
  private readonly flags = new WeakMap<
    Worker,
    { shared: SharedArrayBuffer; flag: Int32Array; sent: boolean }
  >();
  private started = 0;
  private broken = false;
  private closed = false;
  private nextId = 1;
  /** Where files were staged, and how many were hashed by a helper; tests and the bench read it. */
  readonly counts = { worker: 0, thisThread: 0, helped: 0 };

  constructor(
    private readonly script: WorkerScript | null = locateStageWorker(),
    // One more than the cores, up to 3: a worker spends part of each file waiting on the disk.
    private readonly size = Math.min(3, os.availableParallelism() + 1),
  ) {}

  async stage(
    layout: VaultLayout,
    keys: StageKeys,
    handle: FileHandle,
    options: StageOptions,
  ): Promise<StagedBlob> {
    const report = makeReadReporter(options.onBytes);
    const worker = await this.acquire();
    if (worker !== null) {
      try {
        const staged = await this.stageOn(worker, layout, keys, handle, options, report);
        this.counts.worker += 1;
        return staged;
      } catch (error) {
        if (!(error instanceof WorkerLost)) throw error;
        this.broken = true;
      } finally {
        this.release(worker);
      }
    }
    let again = 0;
    const staged = await stageFile(layout, keys, handle, {
      signal: options.signal,
      probe: options.probe,
      watch: options.watch,
      onBytes: (bytes) => {
        again += bytes;
        report(again);
      },
    });
    this.counts.thisThread += 1;
    return staged;
  }

  /** How many workers are started and waiting for a job; tests read it. */
  get idleCount(): number {
    return this.idle.length;
  }

  /**
   * Ends the workers waiting for a job now; later files start new ones as needed. A long parse on
   * the importing thread (an SMS backup of 500,000 messages, about a minute) calls it first: each
   * idle worker keeps its own V8 heap and buffers, some 55 MiB between them at the bench's peak.
   */
  async releaseIdle(): Promise<void> {
    const idle = this.idle.splice(0);
    this.started -= idle.length;
    await Promise.all(idle.map((worker) => worker.terminate()));
  }

  /** Ends every worker; files staged after this are staged in this thread. */
  async close(): Promise<void> {
    this.closed = true;
    for (const resolve of this.waiting.splice(0)) resolve(null);
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private async acquire(): Promise<Worker | null> {
    const free = this.takeFreeWorker();
    if (free !== 'busy') return free;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    if (this.broken || this.closed) {
      void worker.terminate();
      for (const resolve of this.waiting.splice(0)) resolve(null);
      return;
    }
    const next = this.waiting.shift();
    if (next === undefined) this.idle.push(worker);
    else next(worker);
  }

  private async stageOn(
    worker: Worker,
    layout: VaultLayout,
    keys: StageKeys,
    handle: FileHandle,
    options: StageOptions,
    report: (readSoFar: number) => void,
  ): Promise<StagedBlob> {
    const { signal, probe } = options;
    const plan = planCopy(options.watch?.expected.size, canWriteDirect(layout.temp));
    let { direct } = plan;
    let helped = (options.watch?.expected.size ?? 0) >= SHARED_HASH_MIN_BYTES;
    for (;;) {
      const temp = makeTempPath(layout.temp, 'blob');
      const job: StageJob = {
        id: this.nextId++,
        sourceFd: handle.fd,
        temp,
        recipient: keys.recipient,
        direct,
        probe: probe !== undefined,
        watch: options.watch,
        outputs: plan.outputs,
      };
      const helper = helped ? this.startHashHelper(job) : null;
      let reply: StageReply;
      try {
        reply = await this.ask(worker, job, signal, report);
      } finally {
        await helper?.end();
      }
      if (reply.kind === 'done') {
        if (helper !== null) this.counts.helped += 1;
        let name: string;
        try {
          // Before the progress report: a report can set off a lock, and a locked vault names
          // nothing. The copy is then of no use; it must not stay behind in tmp/.
          name = keys.nameFor(reply.sha256);
        } catch (error) {
          fs.rmSync(temp, { force: true });
          throw error;
        }
        report(reply.size);
        if (probe !== undefined && reply.probe !== null) probe.adopt(reply.probe);
        const synced = Promise.resolve();
        const { fileKey, header } = reply.sidecarSeal;
        return {
          name,
          sha256: reply.sha256,
          size: reply.size,
          temp,
          synced,
          sidecarSeal: {
            recipient: keys.recipient,
            sealed: { fileKey: viewAsBuffer(fileKey), header: viewAsBuffer(header) },
          },
          after: reply.after ?? undefined,
        };
      }
      if (reply.kind !== 'failed') throw new SakshyaError('INTERNAL');
      if (reply.reason === 'direct-refused') {
        noteDirectIoRefused(layout.temp);
        direct = false;
        continue;
      }
      if (reply.reason === 'helper-lost') {
        helped = false;
        continue;
      }
      if (reply.reason === 'cancelled') throw new SakshyaError('CANCELLED');
      if (reply.reason === 'source-changed') throw new SourceChanged();
      if (reply.reason === 'sakshya') throw new SakshyaError(reply.code);
      throw translateFsError(
        Object.assign(new Error(`the stored copy could not be written (${reply.code})`), {
          code: reply.code,
        }),
      );
    }
  }

  /**
   * For a big file, a second worker hashes what `job` reads (shared-hash.ts), when one is free at
   * once. `end` stops it (a no-op once the job has taken the digest) and hands it back.
   */
  private startHashHelper(job: StageJob): { end: () => Promise<void> } | null {
    const helper = this.takeFreeWorker();
    if (helper === null || helper === 'busy') return null;
    const data = new SharedArrayBuffer(INPUT_BYTES);
    const control = new SharedArrayBuffer(SHARED_HASH_CONTROL_BYTES);
    job.sharedHash = { data, control };
    const hashing = this.askHash(helper, { kind: 'hash', id: this.nextId++, data, control }).catch(
      () => {
        // The helper died: the stage worker, maybe waiting on it, must stop and say so.
        this.broken = true;
        abortSharedHash(control);
      },
    );
    return {
      end: async () => {
        abortSharedHash(control);
        await hashing;
        this.release(helper);
      },
    };
  }

  /** An idle worker, or a new one while there is room; 'busy' when all are; null when none can be had. */
  private takeFreeWorker(): Worker | 'busy' | null {
    if (this.broken || this.closed || this.script === null) return null;
    const idle = this.idle.pop();
    if (idle !== undefined) return idle;
    if (this.started >= this.size) return 'busy';
    this.started += 1;
    try {
      const worker = spawnWorker(this.script);
      // The job's own promise keeps the process alive while a worker works; an idle one must not.
      worker.unref();
      worker.on('error', () => {
        this.broken = true;
      });
      return worker;
    } catch {
      this.broken = true;
      return null;
    }
  }

  private askHash(worker: Worker, job: HashJob): Promise<HashReply> {
    return postAndAwait<HashReply>(worker, job);
  }

  /** Posts one job and resolves with its answer; progress replies go to `report` meanwhile. */
  private async ask(
    worker: Worker,
    job: StageJob,
    signal: AbortSignal | undefined,
    report: (readSoFar: number) => void,
  ): Promise<StageReply> {
    let control = this.flags.get(worker);
    if (control === undefined) {
      const shared = new SharedArrayBuffer(4);
      control = { shared, flag: new Int32Array(shared), sent: false };
      this.flags.set(worker, control);
    }
    const { flag } = control;
    if (!control.sent) {
      job.cancel = control.shared;
      control.sent = true;
    }
    Atomics.store(flag, 0, 0);
    const cancel = (): void => {
      Atomics.store(flag, 0, 1);
    };
    signal?.addEventListener('abort', cancel);
    if (signal?.aborted === true) cancel();
    try {
      return await postAndAwait<StageReply>(worker, job, (reply) => {
        if (reply.kind !== 'progress') return true;
        report(reply.size);
        return false;
      });
    } catch (error) {
      // It may have got as far as creating the temp file.
      if (error instanceof WorkerLost) fs.rmSync(job.temp, { force: true });
      throw error;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }
}

/**
 * Posts `job` to `worker` and resolves with the first reply for its id that `isAnswer` accepts
 * (it sees the others too, such as progress). Rejects with WorkerLost if the worker errs or exits
 * first. The worker keeps the process alive only while it has a job.
 */
function postAndAwait<R extends { id: number }>(
  worker: Worker,
  job: { id: number },
  isAnswer: (reply: R) => boolean = () => true,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const onMessage = (reply: R): void => {
      if (reply.id !== job.id || !isAnswer(reply)) return;
      finish();
      resolve(reply);
    };
    const onGone = (): void => {
      finish();
      reject(new WorkerLost());
    };
    const finish = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onGone);
      worker.off('exit', onGone);
      worker.unref();
    };
    worker.on('message', onMessage);
    worker.on('error', onGone);
    worker.on('exit', onGone);
    worker.ref();
    worker.postMessage(job);
  });
}
