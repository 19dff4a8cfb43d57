// Reads the text in a vault's pictures in the background, one at a time, in a worker thread
// (text-worker.ts), after an import batch has committed, so imports never wait for it. What is
// still to be read lives in the database (pictures without an evidence_text row), so the queue
// can stop at any moment: a lock drops it, and after unlock a new queue picks up what is left.
//
// A reader thread that dies (or hangs past the time limit) is restarted once for that picture;
// if it dies again the picture is marked "text could not be read" and the queue goes on.
import type { Worker } from 'node:worker_threads';
import { SakshyaError } from '../../../shared/errors';
import { BlobsRepository } from '../db/repositories/blobs';
import { EvidenceRepository } from '../db/repositories/evidence';
import {
  EMPTY_LAYOUT,
  EvidenceTextRepository,
  READABLE_PICTURE_TYPES,
  type NewEvidenceText,
  type PendingPicture,
} from '../db/repositories/evidence-text';
import { openBlob } from '../vault/blob-store';
import type { Vault } from '../vault/vault';
import { locateWorkerScript, spawnWorker, type WorkerScript } from '../workers/worker-script';
import { looksLikeCameraPhoto, NOT_A_SCREENSHOT } from './camera-photo';
import { extractFacts } from './facts';
import type { ChatScreenReading } from './chat-reading';
import type { PreferredLanguage, TextReading } from './recognize';
import { chatContextOf, storeChatScreen } from './screenshot-reading';
import type { TextJob, TextReply, TextWorkerStart } from './text-worker';

/** Named in every stored reading, so a bundle says what read the text. */
export const TEXT_ENGINE = 'tesseract.js 7, eng+hin 4.0.0_best_int, sakshya-prep 1';

/**
 * Steps of nice for the reader's threads by default: none. Measured (npm run bench -- ocr-import,
 * phases eager with and without nice, one run at load 20): 10 steps brought no import gain that
 * stood out of the shared machine's noise, while the last text came 45% later (410 s against
 * 282 s for 30 pictures) when other processes wanted the cores. Once the reading waits for
 * imports to go quiet (import-quiet.ts), it overlaps an import by one picture at most; `niceness`
 * stays for measuring.
 */
export const READER_NICENESS = 0;

export const COULD_NOT_READ = 'Text could not be read: the reader stopped twice on this picture.';
const TOO_LARGE = 'Text not read: the picture is too large to read.';

export interface TextProgress {
  /** Pictures finished in this run of the queue, and all it has been given. */
  done: number;
  total: number;
  /** 'waiting': pictures are queued, but held at the gate until the import goes quiet. */
  state: 'waiting' | 'reading' | 'done' | 'stopped' | 'cancelled';
}

/** When the background reading may go on (import-quiet.ts). */
export interface ReadingGate {
  /** Resolves when the reading may go on: no import running, quiet, previews made. */
  open: () => Promise<void>;
  /**
   * True while an import runs or has just ended, so the next picture would wait: the queue then
   * says 'waiting', not 'reading', and the window tells her the truth.
   */
  held: () => boolean;
}

export interface TextQueueOptions {
  /** The user's language, which decides the first pass (recognize.ts). Default English. */
  preferredLanguage?: () => PreferredLanguage;
  onProgress?: (progress: TextProgress) => void;
  /** A picture's reading begins (the tests' and the bench's view of the order). */
  onBegin?: (evidenceId: string) => void;
  /** Longest time one picture may take before its reader counts as dead; default 3 minutes. */
  itemTimeoutMs?: number;
  /**
   * How long the reader thread (and its tesseract workers, a few hundred MB) stays loaded once the
   * queue is empty; default 30 s. It is started again for the next picture.
   */
  idleWorkerMs?: number;
  /** Pictures larger than this are not decrypted for reading; default 64 MiB. */
  maxSourceBytes?: number;
  /**
   * When the background reading may go on (import-quiet.ts); awaited before each picture but
   * those the user asked for. None: at once.
   */
  gate?: ReadingGate;
  /**
   * Steps of nice the reader's threads run below the core's (Linux; text-worker.ts); default
   * READER_NICENESS (none). The bench's `-nice` phases set it.
   */
  niceness?: number;
  /** The reader's script and its workerData; tests pass a stand-in. */
  worker?: { script: WorkerScript; workerData?: unknown };
}

// Set by scripts/build-main.mjs in each bundle to the file name of the worker bundle beside it.
declare const __SAKSHYA_TEXT_WORKER__: string | undefined;

export function locateTextWorker(): WorkerScript | null {
  return locateWorkerScript(
    typeof __SAKSHYA_TEXT_WORKER__ === 'string' ? __SAKSHYA_TEXT_WORKER__ : undefined,
    (import.meta as { url?: string }).url,
    './text-worker.ts',
  );
}

/** A picture to read; `force` reads it even if read before or taken for a camera photo. */
type Job = PendingPicture & { force?: boolean };

type Outcome = { reading: TextReading; screen?: ChatScreenReading | null } | { died: true };

export class TextQueue {
  private readonly vault: Vault;
  private readonly options: TextQueueOptions;
  private readonly jobs: Job[] = [];
  private readonly queued = new Set<string>();
  private running: Promise<void> | null = null;
  private worker: Worker | null = null;
  private stopped = false;
  private done = 0;
  private total = 0;
  private nextId = 1;
  private begun = 0;
  /** The state last reported, so a wait at the gate is said once, not before every picture. */
  private reported: TextProgress['state'] | null = null;
  private abortCurrent: (() => void) | null = null;
  /** Wakes a drain waiting at the gate: the user asked for a picture, or the queue stopped. */
  private nudge: (() => void) | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  /** Reader threads being ended; close() waits for them. */
  private readonly ending = new Set<Promise<unknown>>();

  constructor(vault: Vault, options: TextQueueOptions = {}) {
    this.vault = vault;
    this.options = options;
  }

  /** Queues every picture of the case (or of the vault) still to be read; returns how many. */
  enqueuePending(caseId?: string): number {
    if (!this.vault.isOpen) this.stop();
    if (this.stopped) return 0;
    let added = 0;
    for (const picture of new EvidenceTextRepository(this.vault.db).listPending(caseId)) {
      if (this.queued.has(picture.evidenceId)) continue;
      this.queued.add(picture.evidenceId);
      this.jobs.push(picture);
      added += 1;
    }
    if (added > 0) {
      this.total += added;
      this.report(this.pendingState());
      this.running ??= this.drain();
    }
    return added;
  }

  /**
   * Queues one picture to be read whatever was decided before (a camera photo that was not read,
   * "no text found"); the user asked. False when it is not a picture recognition can open.
   */
  enqueueAnyway(evidenceId: string): boolean {
    if (!this.vault.isOpen) this.stop();
    if (this.stopped) return false;
    const evidence = new EvidenceRepository(this.vault.db).require(evidenceId);
    if (!(READABLE_PICTURE_TYPES as readonly string[]).includes(evidence.mediaType)) return false;
    const queued = this.jobs.findIndex((job) => job.evidenceId === evidenceId);
    if (queued >= 0) this.jobs.splice(queued, 1);
    else {
      this.queued.add(evidenceId);
      this.total += 1;
    }
    this.jobs.unshift({
      evidenceId,
      caseId: evidence.caseId,
      blobName: evidence.blobName,
      mediaType: evidence.mediaType,
      force: true,
    });
    this.nudge?.();
    this.report('reading');
    this.running ??= this.drain();
    return true;
  }

  /** Resolves once every queued picture is read, or the queue has stopped. */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Pictures whose reading has begun in this queue (the bench's and the tests' view of it). */
  get picturesBegun(): number {
    return this.begun;
  }

  /** The vault locked: drop everything, end the reader at once; nothing more is written. */
  stop(): void {
    this.halt('stopped');
  }

  /** The user cancelled: the same, but reported as cancelled. What is unread stays to be read. */
  cancel(): void {
    this.halt('cancelled');
  }

  /**
   * Ends the reader thread after the queue is done (the CLI, before it exits; the core's close
   * after a stop), and resolves only once every reader thread has exited.
   */
  async close(): Promise<void> {
    await this.idle();
    await this.endWorker();
    await Promise.allSettled([...this.ending]);
  }

  private halt(state: 'stopped' | 'cancelled'): void {
    if (this.stopped) return;
    this.stopped = true;
    this.jobs.length = 0;
    this.queued.clear();
    this.abortCurrent?.();
    this.nudge?.();
    void this.endWorker();
    this.report(state);
  }

  private report(state: TextProgress['state']): void {
    this.reported = state;
    this.options.onProgress?.({ done: this.done, total: this.total, state });
  }

  /** 'waiting' while the next picture is held at the gate; a picture she asked for never is. */
  private pendingState(): 'waiting' | 'reading' {
    const first = this.jobs[0];
    const gate = this.options.gate;
    return first !== undefined && first.force !== true && gate?.held() === true
      ? 'waiting'
      : 'reading';
  }

  private async drain(): Promise<void> {
    await Promise.resolve();
    try {
      for (;;) {
        const job = await this.nextJob();
        if (job === undefined) break;
        if (this.stopped || !this.vault.isOpen) {
          this.stop();
          break;
        }
        this.begun += 1;
        this.options.onBegin?.(job.evidenceId);
        await this.readOne(job);
        this.queued.delete(job.evidenceId);
        // A lock or cancel may have come while the picture was read.
        if (this.isStopped) break;
        this.done += 1;
        this.report(this.jobs.length === 0 ? 'done' : this.pendingState());
      }
    } finally {
      this.running = null;
      if (this.jobs.length === 0) this.endWorkerWhenIdle();
    }
  }

  /**
   * The next picture: one the user asked for at once, any other once the gate opens. The reader
   * thread stays loaded while it waits (an idle thread takes memory, no CPU).
   */
  private async nextJob(): Promise<Job | undefined> {
    const gate = this.options.gate;
    for (;;) {
      const first = this.jobs[0];
      if (first === undefined || this.stopped) return undefined;
      if (gate === undefined || first.force === true) return this.shiftReading();
      if (gate.held() && this.reported !== 'waiting') this.report('waiting');
      const woken = new Promise<false>((resolve) => {
        this.nudge = () => {
          resolve(false);
        };
      });
      const opened = await Promise.race([gate.open().then(() => true as const), woken]);
      this.nudge = null;
      if (opened) return this.shiftReading();
    }
  }

  /** Takes the next picture; a queue that said it was waiting now says it reads. */
  private shiftReading(): Job | undefined {
    if (this.reported === 'waiting' && !this.stopped) this.report('reading');
    return this.jobs.shift();
  }

  /** An empty queue does not keep the reader's memory: the thread ends after a quiet while. */
  private endWorkerWhenIdle(): void {
    if (this.worker === null || this.idleTimer !== null) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.running === null) void this.endWorker();
    }, this.options.idleWorkerMs ?? 30_000);
    this.idleTimer.unref();
  }

  private async readOne(job: Job): Promise<void> {
    try {
      const texts = new EvidenceTextRepository(this.vault.db);
      if (job.force !== true && texts.get(job.evidenceId) !== undefined) return;
      const blob = new BlobsRepository(this.vault.db).get(job.blobName);
      if (blob === undefined) return;
      // Camera photos are not decoded at all (camera-photo.ts): the user can still ask.
      const evidence = new EvidenceRepository(this.vault.db).require(job.evidenceId);
      if (job.force !== true && looksLikeCameraPhoto(evidence)) {
        this.save(job, { status: 'not-read-yet', reason: NOT_A_SCREENSHOT });
        return;
      }
      if (blob.size > (this.options.maxSourceBytes ?? 64 * 1024 * 1024)) {
        this.save(job, { status: 'no-text', reason: TOO_LARGE });
        return;
      }
      const bytes = await this.readBlob(job.blobName);
      // A picture with a capture time may be a chat screenshot: the worker reads it as one too.
      const chat = chatContextOf(this.vault, job.evidenceId);
      const captureDay = 'captureDay' in chat ? chat.captureDay : undefined;
      let outcome = await this.readInWorker(bytes, job.mediaType, captureDay);
      // Restarted once for this picture; a second death marks it and the queue goes on.
      if ('died' in outcome && !this.stopped)
        outcome = await this.readInWorker(bytes, job.mediaType, captureDay);
      if (this.stopped || !this.vault.isOpen) {
        this.stop();
        return;
      }
      this.save(
        job,
        'died' in outcome ? { status: 'failed', reason: COULD_NOT_READ } : outcome.reading,
      );
      // The messages it shows are proposed at once, so no one has to ask for them.
      if ('reading' in outcome && outcome.screen !== undefined && 'captureDay' in chat)
        storeChatScreen(this.vault, job.evidenceId, outcome.screen, chat);
    } catch (error) {
      if (!this.vault.isOpen || (error instanceof SakshyaError && error.code === 'VAULT_LOCKED')) {
        this.stop();
        return;
      }
      // Anything else (a full disk) records nothing, so the picture is tried again later.
    }
  }

  private save(
    job: PendingPicture,
    reading: TextReading | { status: 'failed'; reason: string },
  ): void {
    const base = { evidenceId: job.evidenceId, engine: TEXT_ENGINE };
    const row: NewEvidenceText =
      reading.status === 'read'
        ? {
            ...base,
            status: 'read',
            lang: reading.lang,
            text: reading.text,
            layout: {
              width: reading.width,
              height: reading.height,
              words: reading.words,
              lines: reading.lines,
            },
            confidence: reading.confidence,
            reason: '',
          }
        : {
            ...base,
            status: reading.status,
            lang: null,
            text: '',
            layout: EMPTY_LAYOUT,
            confidence: null,
            reason: reading.reason,
          };
    const facts = reading.status === 'read' ? extractFacts(reading.text) : [];
    new EvidenceTextRepository(this.vault.db).save(row, facts);
  }

  /** One picture in the reader thread; 'died' when the thread exits, errs or takes too long. */
  private readInWorker(
    bytes: Buffer,
    mediaType: string,
    captureDay: string | undefined,
  ): Promise<Outcome> {
    const worker = this.startWorker();
    if (worker === null) return Promise.resolve({ died: true });
    const id = this.nextId++;
    return new Promise<Outcome>((resolve) => {
      const finish = (outcome: Outcome): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onDeath);
        worker.off('error', onDeath);
        this.abortCurrent = null;
        if ('died' in outcome) {
          if (this.worker === worker) this.worker = null;
          void this.track(worker.terminate());
        }
        resolve(outcome);
      };
      const onMessage = (reply: TextReply): void => {
        if (reply.id !== id) return;
        finish(
          'reading' in reply ? { reading: reply.reading, screen: reply.screen } : { died: true },
        );
      };
      const onDeath = (): void => {
        finish({ died: true });
      };
      const timer = setTimeout(onDeath, this.options.itemTimeoutMs ?? 180_000);
      this.abortCurrent = onDeath;
      worker.on('message', onMessage);
      worker.once('exit', onDeath);
      worker.once('error', onDeath);
      const copy = new Uint8Array(bytes);
      const job: TextJob = {
        id,
        bytes: copy,
        preferred: this.options.preferredLanguage?.() ?? 'en',
        mediaType,
        ...(captureDay === undefined ? {} : { captureDay }),
      };
      worker.postMessage(job, [copy.buffer]);
    });
  }

  private startWorker(): Worker | null {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.worker !== null) return this.worker;
    const script = this.options.worker?.script ?? locateTextWorker();
    if (script === null) return null;
    try {
      this.worker = spawnWorker(script, undefined, {
        workerData:
          this.options.worker?.workerData ??
          ({ niceness: this.options.niceness ?? READER_NICENESS } satisfies TextWorkerStart),
      });
      // An idle reader must not keep a CLI process alive.
      this.worker.unref();
      this.worker.on('error', () => undefined);
      return this.worker;
    } catch {
      return null;
    }
  }

  private async endWorker(): Promise<void> {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker;
    this.worker = null;
    if (worker === null) return;
    await this.track(worker.terminate());
  }

  private track(ending: Promise<unknown>): Promise<unknown> {
    const settled = ending.catch(() => undefined);
    this.ending.add(settled);
    void settled.finally(() => this.ending.delete(settled));
    return settled;
  }

  private async readBlob(blobName: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of openBlob(this.vault.layout, blobName, this.vault.identity))
      chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
