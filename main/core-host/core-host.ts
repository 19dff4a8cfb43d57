// The window's side of the core host. The desktop app and the web transport both talk to the core
// through a CoreHost: calls in, ApiResults out, events and lock notices back. `startCoreHost` runs
// the core in a worker thread (host-worker.ts), so the thread that serves the window only passes
// messages; `runCoreInThisThread` is the old way, kept for the bench's "before" figure and for
// tests that reach into the core directly. Both run the very same handlers and dispatch.
import {
  MessageChannel,
  type MessagePort,
  type ResourceLimits,
  type Worker,
} from 'node:worker_threads';
import type { ApiResult } from '../../shared/api-contract';
import { ERROR_MESSAGES, SakshyaError } from '../../shared/errors';
import { dispatchCall, failWith } from '../api/dispatch';
import type { UploadSource } from '../api/evidence-handlers';
import type { DesktopActions, ExportDownloads } from '../api/export-handlers';
import { createHandlers, type SecretClipboard } from '../api/handlers';
import type { EmitEvent } from '../api/locker';
import type { AppCore, LockReason } from '../core/app-core';
import { locateWorkerScript, spawnWorker, type WorkerScript } from '../core/workers/worker-script';
import type { FromHost, HostStart, ServiceAnswer, SyncRequest, ToHost } from './host-messages';

export interface CoreHost {
  /** One contract call, by name, through the one dispatch; never throws. */
  call(name: string, input: unknown): Promise<ApiResult<unknown>>;
  /** Locks at once, without announcing it (the Locker announces). Like AppCore.lock. */
  lock(reason: LockReason): void;
  /** Every lock: those asked for here, and those the core made itself (the page's Lock button). */
  onLocked(listener: (reason: LockReason) => void): () => void;
  /** Resolves when the core's thread answers: it is alive and its event loop is free. */
  ping(): Promise<void>;
  /** Locks the vault, closes the database and ends the host. */
  close(): Promise<void>;
  readonly runsIn: 'worker' | 'this thread';
}

/** What a transport lends the handlers; each is served on the window's thread. */
export interface HostServices {
  emit?: EmitEvent | undefined;
  uploads?: UploadSource | undefined;
  downloads?: ExportDownloads | undefined;
  desktop?: DesktopActions | undefined;
  /** Main's clipboard, for the recovery key's Copy (desktop only). */
  clipboard?: SecretClipboard | undefined;
  /** Web transport only: the folder `backup:chooseFolder` answers (tests; there is no dialog). */
  backupFolder?: string | undefined;
  /** Web transport only: what it answers for where a restored vault goes. */
  restoreVaultFolder?: string | undefined;
}

export interface CoreHostOptions {
  vaultDir: string;
  /** The remembered vault place (core/vault/vault-pointer.ts); left out, the folder is fixed. */
  pointerFile?: string | undefined;
  scryptLogN?: number | undefined;
  services?: HostServices;
  /** The host died (an error thrown in it, or its thread ended): show the fatal-error dialog. */
  onCrash?: (error: Error) => void;
  /** Where the worker's code is; found beside the bundle or the source by default. */
  script?: WorkerScript | null;
}

/** A core host in a worker thread, once it is ready; rejects if it cannot start. */
export async function startCoreHost(options: CoreHostOptions): Promise<WorkerCoreHost> {
  const script = options.script === undefined ? locateHostWorker() : options.script;
  if (script === null) throw new Error('the core host worker could not be found');
  const host = new WorkerCoreHost(script, options);
  await host.ready;
  return host;
}

// Set by scripts/build-main.mjs in the Electron bundle to the file name of the host worker beside it.
declare const __SAKSHYA_CORE_HOST_WORKER__: string | undefined;

export function locateHostWorker(): WorkerScript | null {
  return locateWorkerScript(
    typeof __SAKSHYA_CORE_HOST_WORKER__ === 'string' ? __SAKSHYA_CORE_HOST_WORKER__ : undefined,
    (import.meta as { url?: string }).url,
    './host-worker.ts',
  );
}

/**
 * The core host's V8 limits (issue 19: an SMS import of 500,000 messages under 300 MB).
 *
 * A small young generation: every parsed record and row of an import is born in it, and V8 lets it
 * grow to 3 × 16 MiB on a 64-bit machine. Bench, 200,000 messages, same run: peak 276 MiB with 8
 * MiB against 328 MiB with V8's default, at 413 and 422 messages/s.
 *
 * An old-generation limit under 1 GiB, for the growth it allows between full collections, not as
 * a ceiling. Each batch's records and rows outlive a few scavenges and are promoted, then die at
 * its commit; V8 lets the old generation grow to a multiple of what was live at the last full
 * collection, and that multiple depends on this limit: 4× when it is at or above 2 GiB (1 GiB with
 * pointer compression), falling to 1.3× at 256 MiB (heap-controller.cc,
 * MaxGrowingFactor). Unset, a worker's limit is about 4 GiB here, so the old generation of the
 * bench's import swung between about 40 MiB live and 110 MiB. At 768 MiB the multiple is at most
 * 1.5 (1.8 with pointer compression). `npm run bench -- sources --messages 500000`, two pairs run
 * side by side (load 8-15): peak RSS 269 and 266 MiB unset, 219 MiB at 1,024 and 194 MiB at 768;
 * the old generation at the peak 99-108 MiB unset, 32-48 MiB with a limit; messages per second
 * 1,016 against 1,017 and CPU per message 1.03-1.05× (the extra full collections).
 * 768 MiB is still far above what the host holds: a 64 MiB Telegram result.json (the largest JSON
 * entry an import reads into memory), parsed and read into 176,579 messages in a worker with
 * these limits, used 291 MiB of heap, and it also went through with a 400 MiB limit. A host that
 * did run out would end like any crash of the core (main/README.md): waiting calls fail, SQLite
 * keeps every committed transaction.
 */
export const CORE_HOST_LIMITS: ResourceLimits = {
  maxYoungGenerationSizeMb: 8,
  maxOldGenerationSizeMb: 768,
};

type Pending = (result: ApiResult<unknown>) => void;

export class WorkerCoreHost implements CoreHost {
  readonly runsIn = 'worker';
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly syncPort: MessagePort;
  private readonly syncFlag: Int32Array;
  private readonly services: HostServices;
  private readonly pending = new Map<number, Pending>();
  private readonly pings = new Map<number, () => void>();
  private readonly lockListeners = new Set<(reason: LockReason) => void>();
  private readonly prepared = new Map<number, { urlFor(fileName: string): string }>();
  private nextId = 1;
  private state: 'starting' | 'running' | 'closing' | 'ended' = 'starting';
  private closed: (() => void) | undefined;

  constructor(
    script: WorkerScript,
    private readonly options: CoreHostOptions,
  ) {
    this.services = options.services ?? {};
    const channel = new MessageChannel();
    const shared = new SharedArrayBuffer(4);
    this.syncFlag = new Int32Array(shared);
    this.syncPort = channel.port1;
    this.syncPort.on('message', (request: SyncRequest) => {
      this.answerSync(request);
    });
    this.syncPort.unref();
    const start: HostStart = {
      vaultDir: options.vaultDir,
      pointerFile: options.pointerFile,
      scryptLogN: options.scryptLogN,
      services: {
        uploads: this.services.uploads !== undefined,
        downloads: this.services.downloads !== undefined,
        desktop: this.services.desktop !== undefined,
        clipboard: this.services.clipboard !== undefined,
      },
      backupFolder: this.services.backupFolder,
      restoreVaultFolder: this.services.restoreVaultFolder,
      syncPort: channel.port2,
      syncFlag: shared,
    };
    this.worker = spawnWorker(script, CORE_HOST_LIMITS, {
      workerData: start,
      transferList: [channel.port2],
    });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', (first: FromHost) => {
        if (first.type === 'ready') {
          this.state = 'running';
          this.worker.on('message', (message: FromHost) => {
            this.receive(message);
          });
          resolve();
        }
      });
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => {
        reject(new Error(`the core host ended at start (exit code ${String(code)})`));
      });
    });
    this.worker.on('error', (error) => {
      this.end(error);
    });
    this.worker.on('exit', (code) => {
      this.end(new Error(`the core host ended unexpectedly (exit code ${String(code)})`));
    });
  }

  call(name: string, input: unknown): Promise<ApiResult<unknown>> {
    if (this.state !== 'running') return Promise.resolve(hostGone());
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.post({ type: 'call', id, name, input });
    });
  }

  lock(reason: LockReason): void {
    // Told at once here, so uploads and downloads are cleared even while the host is busy.
    for (const listener of this.lockListeners) listener(reason);
    if (this.state === 'running') this.post({ type: 'lock', reason });
  }

  onLocked(listener: (reason: LockReason) => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  ping(): Promise<void> {
    if (this.state !== 'running') return Promise.reject(new Error('the core host has ended'));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pings.set(id, resolve);
      this.post({ type: 'ping', id });
    });
  }

  async close(): Promise<void> {
    if (this.state === 'ended' || this.state === 'closing') return;
    await this.ready.catch(() => undefined);
    this.state = 'closing';
    const closed = new Promise<void>((resolve) => {
      this.closed = resolve;
    });
    this.post({ type: 'close' });
    // The vault is locked and the database closed before the worker goes; a host stuck in a long
    // synchronous step is ended anyway after a while (SQLite keeps what was committed).
    const timer = setTimeout(() => this.closed?.(), 10_000);
    await closed;
    clearTimeout(timer);
    await this.worker.terminate();
    this.syncPort.close();
  }

  /** The V8 limits the host's thread runs with, as Node reports them (CORE_HOST_LIMITS). */
  get resourceLimits(): ResourceLimits {
    return this.worker.resourceLimits ?? {};
  }

  /** Ends the host's thread at once, without locking or closing anything: what a crash does. */
  async kill(): Promise<void> {
    await this.worker.terminate();
  }

  private post(message: ToHost): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromHost): void {
    switch (message.type) {
      case 'result':
        this.pending.get(message.id)?.(message.result);
        this.pending.delete(message.id);
        break;
      case 'event':
        // Checked against the contract by the transport's emit, as before.
        this.services.emit?.(message.event, message.payload as never);
        break;
      case 'locked':
        for (const listener of this.lockListeners) listener(message.reason);
        break;
      case 'pong':
        this.pings.get(message.id)?.();
        this.pings.delete(message.id);
        break;
      case 'ask':
        void this.answerAsk(message);
        break;
      case 'tell':
        this.services.desktop?.revealInFolder(message.filePath);
        break;
      case 'closed':
        this.closed?.();
        break;
      case 'ready':
        break;
    }
  }

  private async answerAsk(question: Extract<FromHost, { type: 'ask' }>): Promise<void> {
    const { desktop, clipboard } = this.services;
    const answer = await settle(async () => {
      if (question.action === 'copySecret') {
        if (clipboard === undefined) return { copied: false, clearAfterSeconds: null };
        return clipboard.copySecret(question.text);
      }
      if (desktop === undefined) throw new SakshyaError('NOT_WRITABLE', 'no save dialog here');
      if (question.action === 'chooseFolder')
        return desktop.chooseFolder?.(question.purpose) ?? null;
      return desktop.chooseSavePath(question.defaultName);
    });
    if (this.state === 'running') this.post({ type: 'answer', id: question.id, answer });
  }

  private answerSync(request: SyncRequest): void {
    const answer = settleNow(() => this.serve(request));
    this.syncPort.postMessage(answer);
    Atomics.store(this.syncFlag, 0, 1);
    Atomics.notify(this.syncFlag, 0);
  }

  private serve(request: SyncRequest): unknown {
    const { uploads, downloads } = this.services;
    switch (request.op) {
      case 'uploads.resolve':
        if (uploads === undefined) throw new SakshyaError('INVALID_INPUT');
        return uploads.resolve(request.ids);
      case 'uploads.discard':
        uploads?.discard(request.ids);
        return null;
      case 'downloads.prepare': {
        if (downloads === undefined) throw new SakshyaError('NOT_WRITABLE');
        const prepared = downloads.prepare();
        const token = this.nextId++;
        this.prepared.set(token, prepared);
        return { folder: prepared.folder, token };
      }
      case 'downloads.urlFor': {
        const prepared = this.prepared.get(request.token);
        if (prepared === undefined) throw new SakshyaError('NOT_FOUND');
        return prepared.urlFor(request.fileName);
      }
    }
  }

  /** The host is gone: every waiting call fails as internal, and main is told once. */
  private end(error: Error): void {
    const wasRunning = this.state === 'running';
    if (this.state === 'ended') return;
    const expected = this.state === 'closing';
    this.state = 'ended';
    for (const resolve of this.pending.values()) resolve(hostGone());
    this.pending.clear();
    this.pings.clear();
    this.closed?.();
    if (!expected && wasRunning) this.options.onCrash?.(error);
  }
}

function hostGone(): ApiResult<never> {
  return failWith('INTERNAL', ERROR_MESSAGES.en.INTERNAL);
}

function describeFailure(error: unknown): ServiceAnswer {
  if (error instanceof SakshyaError) return { ok: false, code: error.code, message: error.message };
  return { ok: false, code: null, message: error instanceof Error ? error.name : typeof error };
}

function settleNow(work: () => unknown): ServiceAnswer {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    return describeFailure(error);
  }
}

async function settle(work: () => Promise<unknown>): Promise<ServiceAnswer> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return describeFailure(error);
  }
}

/**
 * The old way: the core on the calling thread, behind the same handlers and dispatch. The bench
 * measures it as "today's figure"; tests that seed or inspect an AppCore directly use it.
 */
export function runCoreInThisThread(core: AppCore, services: HostServices = {}): CoreHost {
  const handlers = createHandlers(core, services);
  return {
    runsIn: 'this thread',
    call: (name, input) => dispatchCall(handlers, name, input),
    lock: (reason) => {
      core.lock(reason);
    },
    onLocked: (listener) => core.onLocked(listener),
    ping: () => Promise.resolve(),
    close: () => core.close(),
  };
}
