// The messages between the window's thread and the core host's worker thread. Only plain data
// crosses: call names, parsed JSON inputs, ApiResults and event payloads. Nothing here is logged.
import type { MessagePort } from 'node:worker_threads';
import type { ApiResult, EventName } from '../../shared/api-contract';
import type { FolderPurpose } from '../../shared/contract/backup';
import type { ErrorCode } from '../../shared/errors';
import type { LockReason } from '../core/app-core';

/** What the worker is started with (workerData). */
export interface HostStart {
  vaultDir: string;
  pointerFile?: string | undefined;
  scryptLogN: number | undefined;
  /** Which of the transport's services exist, so the worker offers the handlers only those. */
  services: { uploads: boolean; downloads: boolean; desktop: boolean; clipboard: boolean };
  /** Web transport only: the folder `backup:chooseFolder` answers. */
  backupFolder?: string | undefined;
  /** Web transport only: what it answers for where a restored vault goes. */
  restoreVaultFolder?: string | undefined;
  /** Answers to the worker's blocking service calls (uploads, downloads) come back on this port. */
  syncPort: MessagePort;
  /** Int32Array over a SharedArrayBuffer: set to 1 when a blocking answer is waiting on syncPort. */
  syncFlag: SharedArrayBuffer;
}

export type ToHost =
  | { type: 'call'; id: number; name: string; input: unknown }
  /** Locks without a `locked` notice back: main has already announced it. */
  | { type: 'lock'; reason: LockReason }
  | { type: 'ping'; id: number }
  | { type: 'answer'; id: number; answer: ServiceAnswer }
  | { type: 'close' };

export type FromHost =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: ApiResult<unknown> }
  | { type: 'event'; event: EventName; payload: unknown }
  | { type: 'locked'; reason: LockReason }
  | { type: 'pong'; id: number }
  /** A desktop action the handlers asked for; answered with `answer`. */
  | { type: 'ask'; id: number; action: 'chooseSavePath'; defaultName: string }
  | { type: 'ask'; id: number; action: 'copySecret'; text: string }
  | { type: 'ask'; id: number; action: 'chooseFolder'; purpose: FolderPurpose }
  | { type: 'tell'; action: 'revealInFolder'; filePath: string }
  | { type: 'closed' };

/** A blocking service call from the worker, answered on the sync port. */
export type SyncRequest =
  | { op: 'uploads.resolve'; ids: readonly string[] }
  | { op: 'uploads.discard'; ids: readonly string[] }
  | { op: 'downloads.prepare' }
  | { op: 'downloads.urlFor'; token: number; fileName: string };

export type ServiceAnswer =
  { ok: true; value: unknown } | { ok: false; code: ErrorCode | null; message: string };
