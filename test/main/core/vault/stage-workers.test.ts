// The import's stage workers (stage-workers.ts): stored copies written in worker threads must be
// the same standard age files as those written in this thread, and any trouble with a worker must
// end with the file staged here instead, never lost.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { encryptBufferWith } from '../../../../main/core/age';
import { publishStagedBlobs } from '../../../../main/core/vault/blob-store';
import { locateStageWorker, StageWorkers } from '../../../../main/core/vault/stage-workers';
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

function makeVault(): Vault {
  const { vault } = Vault.create(path.join(makeTempDir(), 'vault'), 'stage workers passphrase', {
    scryptLogN: 10,
  });
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
    const vault = makeVault();
    const pool = makePool();
    const sizes = [1, 64 * 1024, 64 * 1024 + 1, 1_150_000, 17 * 1024 * 1024 + 5];
    const sources = sizes.map(writeSource);
    let counted = 0;
    const staged = await Promise.all(
      sources.map(({ file }) =>
        stageThrough(pool, vault, file, { onBytes: (bytes) => (counted += bytes) }),
      ),
    );
    expect(pool.counts).toEqual({ worker: sizes.length, thisThread: 0 });
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
    const vault = makeVault();
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

  it('stages in this thread when no worker script can be found or started', async () => {
    const vault = makeVault();
    const missing = pathToFileURL(path.join(makeTempDir(), 'no-such-worker.mjs'));
    for (const pool of [makePool(null), makePool({ file: missing, source: false })]) {
      const { file, plain } = writeSource(300_000);
      const staged = await stageThrough(pool, vault, file);
      expect(pool.counts).toEqual({ worker: 0, thisThread: 1 });
      await publishStagedBlobs(vault.layout, [staged]);
      expectAgeDecrypts(vault, staged.name, plain);
    }
  });

  it('stages the file again in this thread when its worker dies during the job, counting its bytes once', async () => {
    const vault = makeVault();
    const dying = new URL('../../../fixtures/workers/exit-on-first-job.mjs', import.meta.url);
    const pool = makePool({ file: dying, source: false });
    const { file, plain } = writeSource(2 * 1024 * 1024 + 9);
    let counted = 0;
    const staged = await stageThrough(pool, vault, file, {
      onBytes: (bytes) => (counted += bytes),
    });
    expect(pool.counts).toEqual({ worker: 0, thisThread: 1 });
    expect(counted).toBe(plain.length);
    await publishStagedBlobs(vault.layout, [staged]);
    expectAgeDecrypts(vault, staged.name, plain);
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
  });

  it('stops a job at a cancel between reads and leaves no temp file, then takes the next job', async () => {
    const vault = makeVault();
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
});
