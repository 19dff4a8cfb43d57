// The stage worker's own loop (stage-worker.ts), run here in this thread so its writes can be held
// back and failed on purpose: a big file's writes go to the thread pool while the next reads are
// sealed, and whatever happens, no buffer is sealed into while a write still reads it, and the temp
// copy is closed and removed only once no write is in flight.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publishStagedBlobs } from '../../../../main/core/vault/blob-store';
import { makeTempPath } from '../../../../main/core/fs/atomic-write';
import {
  WRITE_AHEAD_MIN_BYTES,
  WRITE_AHEAD_OUTPUTS,
} from '../../../../main/core/vault/sealed-copy';
import { stampOf } from '../../../../main/core/vault/source-watch';
import type { StageJob, StageReply } from '../../../../main/core/vault/stage-messages';
import { runStageJob } from '../../../../main/core/vault/stage-worker';
import type { Vault } from '../../../../main/core/vault/vault';
import { expectAgeDecrypts, useStagingVaults } from '../../../helpers/staging';
import { makeTempDir } from '../../../helpers/temp-dir';

const MiB = 1024 * 1024;
const makeVault = useStagingVaults('stage worker passphrase');
const sources: number[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const fd of sources.splice(0)) fs.closeSync(fd);
});

function makeJob(vault: Vault, size: number): { job: StageJob; plain: Buffer } {
  const file = path.join(makeTempDir(), 'video.mp4');
  const plain = randomBytes(size);
  fs.writeFileSync(file, plain);
  const sourceFd = fs.openSync(file, 'r');
  sources.push(sourceFd);
  const job: StageJob = {
    id: 1,
    sourceFd,
    temp: makeTempPath(vault.layout.temp, 'blob'),
    recipient: vault.recipient,
    direct: false,
    probe: false,
    watch: { path: file, expected: stampOf(fs.statSync(file)) },
    outputs: WRITE_AHEAD_OUTPUTS,
  };
  return { job, plain };
}

type WriteCallback = (error: NodeJS.ErrnoException | null, written: number) => void;
type PositionalWrite = (
  fd: number,
  data: Buffer,
  offset: number,
  length: number,
  position: number,
  callback: WriteCallback,
) => void;

/**
 * Holds every fs.write back by `delayFor(n)` ms before the real write takes the bytes, counting
 * how many are out at once; `failAt` fails that write (1-based) with ENOSPC instead.
 */
function holdWrites(delayFor: (n: number) => number, failAt?: number) {
  const realWrite = fs.write as unknown as PositionalWrite;
  const state = { inFlight: 0, most: 0, count: 0 };
  vi.spyOn(fs, 'write').mockImplementation(((...args: Parameters<PositionalWrite>) => {
    const [fd, data, offset, length, position, callback] = args;
    state.count += 1;
    state.inFlight += 1;
    state.most = Math.max(state.most, state.inFlight);
    const n = state.count;
    setTimeout(() => {
      if (n === failAt) {
        state.inFlight -= 1;
        const error = Object.assign(new Error('ENOSPC: no space left on device'), {
          code: 'ENOSPC',
        });
        callback(error, 0);
        return;
      }
      realWrite(fd, data, offset, length, position, (error, written) => {
        state.inFlight -= 1;
        callback(error, written);
      });
    }, delayFor(n));
  }) as unknown as typeof fs.write);
  return state;
}

describe('runStageJob', () => {
  it('stores every byte of a big file whose writes are held back and finish out of order', async () => {
    const vault = await makeVault();
    const { job, plain } = makeJob(vault, WRITE_AHEAD_MIN_BYTES + 3 * MiB + 777);
    const writes = holdWrites((n) => (n % 3 === 0 ? 2 : 40 - (n % 4) * 8));
    const replies: StageReply[] = [];
    const reply = await runStageJob(job, (progress) => replies.push(progress));
    expect(writes.most).toBe(WRITE_AHEAD_OUTPUTS);
    expect(reply).toMatchObject({
      kind: 'done',
      size: plain.length,
      sha256: createHash('sha256').update(plain).digest('hex'),
    });
    expect(replies.map((r) => r.kind)).toEqual(['progress']);
    if (reply.kind !== 'done') throw new Error('not staged');
    const name = vault.blobNameFor(reply.sha256);
    await publishStagedBlobs(vault.layout, [
      { name, sha256: reply.sha256, size: reply.size, temp: job.temp, synced: Promise.resolve() },
    ]);
    expectAgeDecrypts(vault, name, plain);
  });

  it('answers a failed write with its code, after the writes still out have ended, and leaves no temp file', async () => {
    const vault = await makeVault();
    const { job } = makeJob(vault, WRITE_AHEAD_MIN_BYTES + 2 * MiB);
    // The fourth write fails at once; the three before it are still out for a while.
    const writes = holdWrites((n) => (n === 4 ? 0 : 40), 4);
    const inFlightAtClose: number[] = [];
    const realClose = fs.closeSync;
    vi.spyOn(fs, 'closeSync').mockImplementation((fd: number) => {
      inFlightAtClose.push(writes.inFlight);
      realClose(fd);
    });
    const reply = await runStageJob(job, () => undefined);
    expect(reply).toEqual({ id: 1, kind: 'failed', reason: 'system', code: 'ENOSPC' });
    expect(inFlightAtClose).toEqual([0]);
    expect(fs.existsSync(job.temp)).toBe(false);
  });
});
