// The core host: the worker thread where the whole core runs (AppCore, the handlers and the one
// dispatch), so no SQLite call or key derivation ever runs on the thread that serves the window.
// It takes calls and answers them with ApiResults, sends events and lock notices back, and reaches
// the transport's own services (save dialog, uploads, downloads) through the window's thread.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { SakshyaError } from '../../shared/errors';
import { dispatchCall } from '../api/dispatch';
import type { UploadSource } from '../api/evidence-handlers';
import type { ExportDownloads } from '../api/export-handlers';
import { createHandlers, type HandlerOptions } from '../api/handlers';
import { AppCore } from '../core/app-core';
import type { FromHost, HostStart, ServiceAnswer, SyncRequest, ToHost } from './host-messages';

/** A blocking service call should answer in microseconds; this only stops a dead main hanging us. */
const SYNC_TIMEOUT_MS = 60_000;

function runHost(port: NonNullable<typeof parentPort>, start: HostStart): void {
  const send = (message: FromHost): void => {
    port.postMessage(message);
  };
  const syncPort = start.syncPort;
  const flag = new Int32Array(start.syncFlag);
  const core = new AppCore({
    vaultDir: start.vaultDir,
    ...(start.pointerFile === undefined ? {} : { pointerFile: start.pointerFile }),
    ...(start.scryptLogN === undefined ? {} : { scryptLogN: start.scryptLogN }),
  });
  const asked = new Map<number, (answer: ServiceAnswer) => void>();
  let nextAsk = 1;

  /**
   * The handlers call uploads and downloads synchronously. Main answers at once (a map lookup, a
   * mkdir), so this thread waits on a shared flag for that answer rather than changing the
   * handlers' shape; the window's thread itself never waits.
   */
  const callSync = (request: SyncRequest): unknown => {
    Atomics.store(flag, 0, 0);
    syncPort.postMessage(request);
    Atomics.wait(flag, 0, 0, SYNC_TIMEOUT_MS);
    const reply = receiveMessageOnPort(syncPort)?.message as ServiceAnswer | undefined;
    if (reply === undefined) throw new SakshyaError('INTERNAL', 'the window did not answer');
    return unwrap(reply);
  };

  const ask = <T>(
    question: DistributiveOmit<Extract<FromHost, { type: 'ask' }>, 'id'>,
  ): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextAsk++;
      asked.set(id, (answer) => {
        try {
          resolve(unwrap(answer) as T);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      send({ ...question, id });
    });

  const options: HandlerOptions = {
    emit: (event, payload) => {
      send({ type: 'event', event, payload });
    },
    uploads: start.services.uploads ? proxyUploads(callSync) : undefined,
    downloads: start.services.downloads ? proxyDownloads(callSync) : undefined,
    desktop: start.services.desktop
      ? {
          chooseSavePath: (defaultName) =>
            ask<string | null>({ type: 'ask', action: 'chooseSavePath', defaultName }),
          chooseFolder: (purpose) =>
            ask<string | null>({ type: 'ask', action: 'chooseFolder', purpose }),
          revealInFolder: (filePath) => {
            send({ type: 'tell', action: 'revealInFolder', filePath });
          },
        }
      : undefined,
    backupFolder: start.backupFolder,
    restoreVaultFolder: start.restoreVaultFolder,
    clipboard: start.services.clipboard
      ? {
          copySecret: (text) =>
            ask<{ copied: boolean; clearAfterSeconds: number | null }>({
              type: 'ask',
              action: 'copySecret',
              text,
            }),
        }
      : undefined,
  };
  const handlers = createHandlers(core, options);

  // Main announces its own locks (sleep, the shortcut) before asking; every other lock (the page's
  // Lock button, a lock inside the core) is reported back so main can announce it.
  let lockingForMain = false;
  core.onLocked((reason) => {
    if (!lockingForMain) send({ type: 'locked', reason });
  });

  port.on('message', (message: ToHost) => {
    switch (message.type) {
      case 'call':
        void dispatchCall(handlers, message.name, message.input).then((result) => {
          send({ type: 'result', id: message.id, result });
        });
        break;
      case 'lock':
        lockingForMain = true;
        try {
          core.lock(message.reason);
        } finally {
          lockingForMain = false;
        }
        break;
      case 'ping':
        send({ type: 'pong', id: message.id });
        break;
      case 'answer':
        asked.get(message.id)?.(message.answer);
        asked.delete(message.id);
        break;
      case 'close':
        // Answered once the background queues have stopped: nothing writes into the vault after.
        void core.close().finally(() => {
          send({ type: 'closed' });
          port.close();
          syncPort.close();
        });
        break;
    }
  });
  send({ type: 'ready' });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function unwrap(answer: ServiceAnswer): unknown {
  if (answer.ok) return answer.value;
  if (answer.code !== null) throw new SakshyaError(answer.code, answer.message);
  throw new Error(answer.message);
}

function proxyUploads(callSync: (request: SyncRequest) => unknown): UploadSource {
  return {
    resolve: (ids) => callSync({ op: 'uploads.resolve', ids }) as string[],
    discard: (ids) => {
      callSync({ op: 'uploads.discard', ids });
    },
  };
}

function proxyDownloads(callSync: (request: SyncRequest) => unknown): ExportDownloads {
  return {
    prepare: () => {
      const { folder, token } = callSync({ op: 'downloads.prepare' }) as {
        folder: string;
        token: number;
      };
      return {
        folder,
        urlFor: (fileName) => callSync({ op: 'downloads.urlFor', token, fileName }) as string,
      };
    },
  };
}

// Only ever loaded as a worker; anywhere else it does nothing.
if (parentPort !== null) runHost(parentPort, workerData as HostStart);
