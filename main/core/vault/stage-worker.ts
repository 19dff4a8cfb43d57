// A worker thread that writes stored copies for an import (stage-workers.ts): it reads a source
// file through a descriptor the main thread opened, hashes and seals it (SealedCopyWriter) into a
// temp file it creates, fsyncs and closes that, and answers with the hash. Blocking calls are
// right here: this thread does nothing else, and the main thread stays free for the rest of the
// import. The temp file is closed here and not handed over open: Node tracks the descriptors a
// worker opens and closes any still open when it exits, and one closed meanwhile by another thread
// could by then be some other file's.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parentPort } from 'node:worker_threads';
import { SakshyaError } from '../../../shared/errors';
import { parseRecipient, sealHeaderSync } from '../age';
import { isErrnoException } from '../fs/atomic-write';
import { isDirectIoRefusal, tempFileFlags } from '../fs/direct-io';
import { StreamProbe } from '../import/stream-probe';
import { SealedCopyWriter, startWriteAhead } from './sealed-copy';
import {
  checkOpenedSync,
  readSourceAfterSync,
  SourceChanged,
  type FileStamp,
  type SourceAfter,
} from './source-watch';
import { HelperLost, runSharedHash, SharedHashClient } from './shared-hash';
import type { HashJob, HashReply, StageJob, StageReply } from './stage-messages';

/** A big file's progress is told every this many bytes; small files only when done. */
const PROGRESS_EVERY = 8 * 1024 * 1024;

function openTemp(temp: string, direct: boolean): number {
  const flags = tempFileFlags(direct);
  try {
    return fs.openSync(temp, flags, 0o600);
  } catch (error) {
    if (!isErrnoException(error) || error.code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(path.dirname(temp), { recursive: true });
  return fs.openSync(temp, flags, 0o600);
}

const datasync = promisify(fs.fdatasync);

/** Writes all of `data` at `position` on the thread pool, so this thread can seal meanwhile. */
async function writeAll(fd: number, data: Buffer, position: number): Promise<void> {
  for (let at = 0; at < data.length;) {
    // fs.write looked up at each call, not promisified once: tests hold it back through a spy.
    const { bytesWritten } = await promisify(fs.write)(
      fd,
      data,
      at,
      data.length - at,
      position + at,
    );
    at += bytesWritten;
  }
}

/** The cancel flag, from the first job. */
let cancel: Int32Array = new Int32Array(1);

export async function runStageJob(
  job: StageJob,
  tell: (reply: StageReply) => void,
): Promise<StageReply> {
  if (job.cancel !== undefined) cancel = new Int32Array(job.cancel);
  let opened: FileStamp | null = null;
  let fd: number;
  try {
    if (job.watch !== undefined) opened = checkOpenedSync(job.sourceFd, job.watch);
    fd = openTemp(job.temp, job.direct);
  } catch (error) {
    return describeFailure(job, error);
  }
  let copy: SealedCopyWriter | null = null;
  const probe = job.probe ? new StreamProbe() : undefined;
  const sharedInput = job.sharedHash && Buffer.from(job.sharedHash.data);
  const shared =
    job.sharedHash === undefined || sharedInput === undefined
      ? undefined
      : { input: sharedInput, hasher: new SharedHashClient(sharedInput, job.sharedHash.control) };
  const outputs = job.outputs ?? 1;
  const writes = startWriteAhead(outputs, job.direct, () => datasync(fd));
  try {
    copy = new SealedCopyWriter(job.recipient, job.direct, probe, shared, { outputs });
    let told = 0;
    for (;;) {
      if (Atomics.load(cancel, 0) !== 0) throw new SakshyaError('CANCELLED');
      const target = copy.readTarget;
      const bytesRead = fs.readSync(job.sourceFd, target, 0, target.length, copy.size);
      const step = copy.takeRead(bytesRead);
      if (copy.size - told >= PROGRESS_EVERY) {
        told = copy.size;
        tell({ id: job.id, kind: 'progress', size: told });
      }
      if (outputs === 1) {
        // One buffer: nothing to overlap, and a blocking write spares a trip to the thread pool.
        writeAllSync(fd, step.data, step.position);
      } else {
        writes.add(writeAll(fd, step.data, step.position), step.data.length);
        await writes.makeRoom();
      }
      copy.handOff();
      if (step.done) {
        await writes.finish();
        if (step.truncateTo !== null) fs.ftruncateSync(fd, step.truncateTo);
        break;
      }
    }
    fs.fsyncSync(fd);
  } catch (error) {
    shared?.hasher.abort();
    await writes.settle();
    closeQuietly(fd);
    fs.rmSync(job.temp, { force: true });
    return describeFailure(job, error);
  } finally {
    copy?.release();
  }
  try {
    fs.closeSync(fd);
  } catch (error) {
    fs.rmSync(job.temp, { force: true });
    return describeFailure(job, error);
  }
  let after: SourceAfter | null = null;
  let sha256: string;
  try {
    sha256 = copy.digest();
    if (job.watch !== undefined && opened !== null) {
      after = readSourceAfterSync(job.sourceFd, job.watch.path, opened);
    }
  } catch (error) {
    shared?.hasher.abort();
    fs.rmSync(job.temp, { force: true });
    return describeFailure(job, error);
  }
  const sidecarSeal = sealHeaderSync([parseRecipient(job.recipient)]);
  return {
    id: job.id,
    kind: 'done',
    sha256,
    size: copy.size,
    probe: probe?.finish() ?? null,
    sidecarSeal: { fileKey: sidecarSeal.fileKey, header: sidecarSeal.header },
    after,
  };
}

function writeAllSync(fd: number, data: Buffer, position: number): void {
  for (let at = 0; at < data.length;) {
    at += fs.writeSync(fd, data, at, data.length - at, position + at);
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Closing can only fail for a descriptor already gone; the temp file goes either way.
  }
}

/** Codes and fixed sentences only: never a path or any of the evidence. */
function describeFailure(job: StageJob, error: unknown): StageReply {
  if (error instanceof HelperLost) return { id: job.id, kind: 'failed', reason: 'helper-lost' };
  if (error instanceof SourceChanged)
    return { id: job.id, kind: 'failed', reason: 'source-changed' };
  if (error instanceof SakshyaError) {
    return error.code === 'CANCELLED'
      ? { id: job.id, kind: 'failed', reason: 'cancelled' }
      : { id: job.id, kind: 'failed', reason: 'sakshya', code: error.code };
  }
  if (job.direct && isDirectIoRefusal(error)) {
    return { id: job.id, kind: 'failed', reason: 'direct-refused' };
  }
  const code = isErrnoException(error) ? error.code : undefined;
  return { id: job.id, kind: 'failed', reason: 'system', code: code ?? 'EIO' };
}

/** Hashes for a stage job in another worker until it ends (see shared-hash.ts). */
export function runHashJob(job: HashJob): HashReply {
  const outcome = runSharedHash(job.data, job.control);
  return { id: job.id, kind: outcome === 'digested' ? 'hashed' : 'aborted' };
}

const port = parentPort;
port?.on('message', (job: StageJob | HashJob) => {
  if (job.kind === 'hash') {
    port.postMessage(runHashJob(job));
    return;
  }
  void runStageJob(job, (reply) => {
    port.postMessage(reply);
  }).then((reply) => {
    port.postMessage(reply);
  });
});
