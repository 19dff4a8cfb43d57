// The import's stage workers (stage-workers.ts): stored copies written in worker threads must be
// the same standard age files as those written in this thread, and any trouble with a worker must
// end with the file staged here instead, never lost.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { encryptBufferWith } from '../../../../main/core/age';
import {
  discardStagedBlob,
  publishStagedBlobs,
  stageFile,
} from '../../../../main/core/vault/blob-store';
import {
  describeSourceChange,
  SourceChanged,
  stampOf,
  type SourceWatch,
} from '../../../../main/core/vault/source-watch';
import {
  locateStageWorker,
  SHARED_HASH_MIN_BYTES,
  StageWorkers,
  type Stager,
} from '../../../../main/core/vault/stage-workers';
import { Vault } from '../../../../main/core/vault/vault';
import {
  decryptWithAgeTool,
  expectAgeDecrypts,
  readX25519Shares,
  stageThrough,
} from '../../../helpers/staging';
import { makeTempDir } from '../../../helpers/temp-dir';

const opened: Vault[] = [];
const pools: StageWorkers[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
  for (const vault of opened.splice(0)) vault.lock();
});

async function makeVault(): Promise<Vault> {
  const { vault } = await Vault.create(
    path.join(makeTempDir(), 'vault'),
    'stage workers passphrase',
    {
      scryptLogN: 10,
    },
  );
  opened.push(vault);
  return vault;
}

function makePool(...args: ConstructorParameters<typeof StageWorkers>): StageWorkers {
  const pool = new StageWorkers(...args);
  pools.push(pool);
  return pool;
}

function writeSource(size: number): { file: string; plain: Buffer } {
  const file = path.join(makeTempDir(), `source-${size}.bin`);
  const plain = randomBytes(size);
  fs.writeFileSync(file, plain);
  return { file, plain };
}

describe('StageWorkers', () => {
  it('writes, in worker threads, standard age files that the age tool decrypts, several at once', async () => {
    const vault = await makeVault();
    const pool = makePool();
    const sizes = [1, 64 * 1024, 64 * 1024 + 1, 1_150_000, 17 * 1024 * 1024 + 5];
    const sources = sizes.map(writeSource);
    let counted = 0;
    const staged = await Promise.all(
      sources.map(({ file }) =>
        stageThrough(pool, vault, file, { onBytes: (bytes) => (counted += bytes) }),
      ),
    );
    expect(pool.counts).toEqual({ worker: sizes.length, thisThread: 0, helped: 0 });
    expect(counted).toBe(sizes.reduce((sum, size) => sum + size, 0));
    await publishStagedBlobs(vault.layout, staged);
    staged.forEach((blob, index) => {
      const { plain } = sources[index] ?? { plain: Buffer.alloc(0) };
      expect(blob.size).toBe(plain.length);
      expect(blob.sha256).toBe(createHash('sha256').update(plain).digest('hex'));
      expectAgeDecrypts(vault, blob.name, plain);
    });
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
  });

  it('hands back with each file a one-time header for its sidecar, sealed to the vault', async () => {
    const vault = await makeVault();
    const pool = makePool();
    const staged = await Promise.all(
      [10, 20, 30].map((size) => stageThrough(pool, vault, writeSource(size).file)),
    );
    expect(pool.counts.worker).toBe(3);
    const dir = makeTempDir();
    const shares = staged.map((blob, index) => {
      const seal = blob.sidecarSeal;
      expect(seal?.recipient).toBe(vault.recipient);
      if (seal === undefined) return '';
      const plain = Buffer.from(`sidecar ${String(index)}`);
      const file = path.join(dir, `${String(index)}.age`);
      fs.writeFileSync(file, encryptBufferWith(plain, seal.sealed));
      expect(decryptWithAgeTool(vault, file).equals(plain)).toBe(true);
      return readX25519Shares(file).join();
    });
    expect(new Set(shares).size).toBe(3);
    await publishStagedBlobs(vault.layout, staged);
  });

  it('ends its idle workers when asked, and starts new ones for the next files', async () => {
    const vault = await makeVault();
    const pool = makePool();
    const first = await Promise.all(
      [10, 20].map((size) => stageThrough(pool, vault, writeSource(size).file)),
    );
    expect(pool.idleCount).toBe(2);
    await pool.releaseIdle();
    expect(pool.idleCount).toBe(0);
    const { file, plain } = writeSource(30);
    const again = await stageThrough(pool, vault, file);
    expect(pool.counts).toEqual({ worker: 3, thisThread: 0, helped: 0 });
    expect(pool.idleCount).toBe(1);
    await publishStagedBlobs(vault.layout, [...first, again]);
    expectAgeDecrypts(vault, again.name, plain);
  });

  it('stages in this thread when no worker script can be found or started', async () => {
    const vault = await makeVault();
    const missing = pathToFileURL(path.join(makeTempDir(), 'no-such-worker.mjs'));
    for (const pool of [makePool(null), makePool({ file: missing, source: false })]) {
      const { file, plain } = writeSource(300_000);
      const staged = await stageThrough(pool, vault, file);
      expect(pool.counts).toEqual({ worker: 0, thisThread: 1, helped: 0 });
      await publishStagedBlobs(vault.layout, [staged]);
      expectAgeDecrypts(vault, staged.name, plain);
    }
  });

  it('stages the file again in this thread when its worker dies during the job, counting its bytes once', async () => {
    const vault = await makeVault();
    const dying = new URL('../../../fixtures/workers/exit-on-first-job.mjs', import.meta.url);
    const pool = makePool({ file: dying, source: false });
    const { file, plain } = writeSource(2 * 1024 * 1024 + 9);
    let counted = 0;
    const staged = await stageThrough(pool, vault, file, {
      onBytes: (bytes) => (counted += bytes),
    });
    expect(pool.counts).toEqual({ worker: 0, thisThread: 1, helped: 0 });
    expect(counted).toBe(plain.length);
    await publishStagedBlobs(vault.layout, [staged]);
    expectAgeDecrypts(vault, staged.name, plain);
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
  });

  it('stops a job at a cancel between reads and leaves no temp file, then takes the next job', async () => {
    const vault = await makeVault();
    const pool = makePool(locateStageWorker(), 1);
    const { file } = writeSource(96 * 1024 * 1024);
    const controller = new AbortController();
    // Cancelled once the worker has told of its first 8 MiB.
    const stopping = stageThrough(pool, vault, file, {
      signal: controller.signal,
      onBytes: () => {
        controller.abort();
      },
    });
    await expect(stopping).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);

    const next = writeSource(5000);
    const staged = await stageThrough(pool, vault, next.file);
    expect(pool.counts.worker).toBe(1);
    await publishStagedBlobs(vault.layout, [staged]);
    expectAgeDecrypts(vault, staged.name, next.plain);
  });

  it.each([
    ['a worker', (): Stager => makePool()],
    ['this thread', (): Stager => ({ stage: stageFile })],
  ])(
    'in %s, refuses a source that is not the file stat-ed before it was opened, writing nothing',
    async (_where, makeStager) => {
      const vault = await makeVault();
      const { file } = writeSource(3000);
      // As if the file had been rewritten between stat and open.
      const expected = { ...stampOf(fs.statSync(file)), size: 2999 };
      await expect(
        stageThrough(makeStager(), vault, file, { watch: { path: file, expected } }),
      ).rejects.toBeInstanceOf(SourceChanged);
      expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
    },
  );

  it.each([
    [
      'grows',
      (file: string) => {
        fs.appendFileSync(file, 'more');
      },
      'changed',
    ],
    [
      'vanishes',
      (file: string) => {
        fs.rmSync(file);
      },
      'vanished',
    ],
  ])('tells from its worker a source that %s during the read', async (_what, meddle, change) => {
    const vault = await makeVault();
    const pool = makePool(locateStageWorker(), 1);
    // Sparse, so it costs no disk to make, and far longer to seal than the worker's first report
    // of 8 MiB takes to arrive here.
    const file = path.join(makeTempDir(), 'recording.bin');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 256 * 1024 * 1024);
    const untouched = writeSource(4000);
    const quiet = await stageThrough(pool, vault, untouched.file, {
      watch: { path: untouched.file, expected: stampOf(fs.statSync(untouched.file)) },
    });
    expect(quiet.after).toEqual({
      opened: stampOf(fs.statSync(untouched.file)),
      handle: stampOf(fs.statSync(untouched.file)),
      path: stampOf(fs.statSync(untouched.file)),
    });
    expect(quiet.after && describeSourceChange(quiet.after, quiet.size)).toBeNull();

    let meddled = false;
    const staged = await stageThrough(pool, vault, file, {
      watch: { path: file, expected: stampOf(fs.statSync(file)) },
      onBytes: () => {
        if (meddled) return;
        meddled = true;
        meddle(file);
      },
    });
    expect(meddled).toBe(true);
    expect(staged.after && describeSourceChange(staged.after, staged.size)).toBe(change);
    await discardStagedBlob(staged);
    await discardStagedBlob(quiet);
  });

  describe('with a big file', () => {
    function writeBig(): { file: string; plain: Buffer; watch: SourceWatch } {
      const { file, plain } = writeSource(SHARED_HASH_MIN_BYTES + 3 * 1024 * 1024 + 17);
      return { file, plain, watch: { path: file, expected: stampOf(fs.statSync(file)) } };
    }

    function sha256sum(file: string): string {
      return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0] ?? '';
    }

    it('hashes it in a second worker from the very bytes it stores, as sha256sum and age agree', async () => {
      const vault = await makeVault();
      const pool = makePool(locateStageWorker(), 2);
      const { file, plain, watch } = writeBig();
      const staged = await stageThrough(pool, vault, file, { watch });
      expect(pool.counts).toEqual({ worker: 1, thisThread: 0, helped: 1 });
      expect(staged.sha256).toBe(sha256sum(file));
      await publishStagedBlobs(vault.layout, [staged]);
      expectAgeDecrypts(vault, staged.name, plain);
      // Both workers are free again.
      const small = await Promise.all(
        [1, 2].map((size) => stageThrough(pool, vault, writeSource(size).file)),
      );
      expect(pool.counts.worker).toBe(3);
      await publishStagedBlobs(vault.layout, small);
    });

    it('stages it again without a helper when the helper dies, counting its bytes once', async () => {
      const vault = await makeVault();
      const dying = new URL('../../../fixtures/workers/exit-on-hash-job.mjs', import.meta.url);
      const pool = makePool({ file: dying, source: true }, 2);
      const { file, plain, watch } = writeBig();
      let counted = 0;
      const staged = await stageThrough(pool, vault, file, {
        watch,
        onBytes: (bytes) => (counted += bytes),
      });
      expect(pool.counts).toEqual({ worker: 1, thisThread: 0, helped: 0 });
      expect(counted).toBe(plain.length);
      expect(staged.sha256).toBe(sha256sum(file));
      await publishStagedBlobs(vault.layout, [staged]);
      expectAgeDecrypts(vault, staged.name, plain);
      expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
      // The helper did die: the pool now stages in this thread.
      const after = await stageThrough(pool, vault, writeSource(10).file);
      expect(pool.counts.thisThread).toBe(1);
      await discardStagedBlob(after);
    });

    it('stops both workers on a cancel, leaves no temp file, and takes the next job', async () => {
      const vault = await makeVault();
      const pool = makePool(locateStageWorker(), 2);
      const { file, watch } = writeBig();
      const controller = new AbortController();
      const stopping = stageThrough(pool, vault, file, {
        watch,
        signal: controller.signal,
        onBytes: () => {
          controller.abort();
        },
      });
      await expect(stopping).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
      const next = writeBig();
      const staged = await stageThrough(pool, vault, next.file, { watch: next.watch });
      expect(pool.counts.helped).toBe(1);
      expect(staged.sha256).toBe(sha256sum(next.file));
      await discardStagedBlob(staged);
    });
  });
});
