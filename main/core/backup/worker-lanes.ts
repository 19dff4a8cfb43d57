// Worker threads that each take one job at a time from a queue: the restore's bounded copies
// (copy-threads.ts) and the backup's hashes (hash-threads.ts). What they share is kept here once:
// the workers' start from inline code (eval: it needs only node:fs and node:crypto, so no bundle
// entry of its own and, run from source, no TypeScript loader), a cancel flag in shared memory that
// each worker reads between chunks, and the rule that a job whose worker stops, and every queued
// job once no worker is left, runs on this thread instead (`fallBack`). Never a dependency: a
// worker that cannot start is simply not there.
import { Worker } from 'node:worker_threads';
import { SakshyaError } from '../../../shared/errors';

export interface LaneReply {
  id: number;
}

export interface LaneJob {
  reject: (error: unknown) => void;
}

export abstract class WorkerLanes<Job extends LaneJob, Reply extends LaneReply> {
  /** Set to 1 on a cancel; each worker reads it before every chunk. */
  private readonly cancel = new SharedArrayBuffer(4);
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, { job: Job; id: number }>();
  private nextId = 0;
  private readonly onAbort = (): void => {
    Atomics.store(new Int32Array(this.cancel), 0, 1);
    for (const job of this.queue.splice(0)) job.reject(new SakshyaError('CANCELLED'));
  };

  protected constructor(
    source: string,
    threads: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', this.onAbort);
    for (let i = 0; i < threads; i += 1) this.startWorker(source);
  }

  /** Posts the job to the worker, under `id`, which every reply to it carries. */
  protected abstract post(worker: Worker, id: number, job: Job): void;
  /** Takes one reply (progress or the end); true when it ended the job. */
  protected abstract settle(job: Job, reply: Reply): boolean;
  /** Runs the job on this thread, from its start. */
  protected abstract fallBack(job: Job): void;

  protected get hasWorkers(): boolean {
    return this.all.length > 0;
  }

  protected enqueue(job: Job): void {
    this.queue.push(job);
    this.dispatch();
  }

  async close(): Promise<void> {
    this.signal?.removeEventListener('abort', this.onAbort);
    const workers = [...this.all];
    this.all.length = 0;
    this.idle.length = 0;
    for (const job of this.queue.splice(0)) this.fallBack(job);
    await Promise.all(workers.map((worker) => worker.terminate()));
    // A job still running once its worker has stopped was never handed back: it failed.
    for (const { job } of this.running.values()) job.reject(new SakshyaError('CANCELLED'));
    this.running.clear();
  }

  private startWorker(source: string): void {
    try {
      const worker = new Worker(source, {
        eval: true,
        workerData: { cancel: this.cancel },
        stdout: false,
        stderr: false,
      });
      worker.on('message', (reply: Reply) => {
        this.receive(worker, reply);
      });
      // An 'error' is always followed by 'exit': only then has the thread stopped reading and
      // writing, and its job can start again here.
      worker.on('error', () => undefined);
      worker.on('exit', () => {
        this.lose(worker);
      });
      this.all.push(worker);
      this.idle.push(worker);
    } catch {
      // No worker: its jobs go to the other one, or to this thread.
    }
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop();
      const job = this.queue.shift();
      if (worker === undefined || job === undefined) return;
      const id = (this.nextId += 1);
      this.running.set(worker, { job, id });
      this.post(worker, id, job);
    }
  }

  private receive(worker: Worker, reply: Reply): void {
    const running = this.running.get(worker);
    if (running?.id !== reply.id) return;
    if (!this.settle(running.job, reply)) return;
    this.running.delete(worker);
    if (this.all.includes(worker)) this.idle.push(worker);
    this.dispatch();
  }

  /** A worker stopped: its job, and all later ones if none is left, run here. */
  private lose(worker: Worker): void {
    const index = this.all.indexOf(worker);
    if (index >= 0) this.all.splice(index, 1);
    const idleAt = this.idle.indexOf(worker);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    const running = this.running.get(worker);
    this.running.delete(worker);
    if (running !== undefined) this.fallBack(running.job);
    if (this.all.length === 0) for (const queued of this.queue.splice(0)) this.fallBack(queued);
  }
}

/** The error a worker's reply names, as fs would have thrown it here. */
export function errorOfReply(error: { message: string; code?: string }): Error {
  return Object.assign(new Error(error.message), { code: error.code });
}
