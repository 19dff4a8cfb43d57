// stageFile seals files by hand (one reused buffer, age STREAM chunk by chunk), so its output is
// checked against the real `age` tool at every chunk boundary, and its abort and publish paths.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetDirectIoRefusals } from '../../../../main/core/fs/direct-io';
import {
  discardStagedBlob,
  publishStagedBlobs,
  stageFile,
} from '../../../../main/core/vault/blob-store';
import { objectPath } from '../../../../main/core/vault/layout';
import type { Vault } from '../../../../main/core/vault/vault';
import {
  expectAgeDecrypts,
  IN_THIS_THREAD,
  stageThrough,
  useStagingVaults,
} from '../../../helpers/staging';
import { makeTempDir } from '../../../helpers/temp-dir';

const CHUNK = 64 * 1024;
const makeVault = useStagingVaults('stage file passphrase');
afterEach(() => {
  vi.restoreAllMocks();
  resetDirectIoRefusals();
});

const TMPFS_MAGIC = 0x01021994;
// O_DIRECT exists only on Linux, and tmpfs keeps every file in the page cache anyway.
const canSeeDirectWrites =
  process.platform === 'linux' && fs.statfsSync(makeTempDir()).type !== TMPFS_MAGIC;

/** How many of a file's bytes sit in the page cache, as util-linux's fincore reports it. */
function countCachedBytes(file: string): number {
  const out = execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', file]);
  return Number(out.toString().trim());
}

/** An errno error like the one a file system that refuses O_DIRECT gives. */
function makeEinval(): NodeJS.ErrnoException {
  return Object.assign(new Error('EINVAL: invalid argument'), { code: 'EINVAL', errno: -22 });
}

function stage(vault: Vault, file: string, signal?: AbortSignal) {
  return stageThrough(IN_THIS_THREAD, vault, file, { signal });
}

describe('stageFile', () => {
  it.each([1, CHUNK - 1, CHUNK, CHUNK + 1, 16 * CHUNK, 17 * CHUNK, 16 * CHUNK + 5, 3_000_001])(
    'writes a standard age file that the age tool decrypts to the same %i bytes',
    async (size) => {
      const vault = await makeVault();
      const dir = makeTempDir();
      const source = path.join(dir, 'source.bin');
      const plain = randomBytes(size);
      fs.writeFileSync(source, plain);
      const staged = await stage(vault, source);
      expect(staged.size).toBe(size);
      expect(staged.sha256).toBe(createHash('sha256').update(plain).digest('hex'));
      expect(staged.name).toBe(vault.blobNameFor(staged.sha256));

      const [created] = await publishStagedBlobs(vault.layout, [staged]);
      expect(created).toBe(true);
      expect(fs.existsSync(staged.temp)).toBe(false);
      const identity = path.join(dir, 'identity.txt');
      fs.writeFileSync(identity, vault.revealIdentity(), { mode: 0o600 });
      const decrypted = execFileSync(
        'age',
        ['-d', '-i', identity, objectPath(vault.layout, staged.name)],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      expect(decrypted.equals(plain)).toBe(true);
    },
  );

  it('publishes identical content once, and a discarded copy leaves nothing in tmp/', async () => {
    const vault = await makeVault();
    const dir = makeTempDir();
    const source = path.join(dir, 'same.bin');
    fs.writeFileSync(source, randomBytes(5000));
    const first = await stage(vault, source);
    const second = await stage(vault, source);
    expect(await publishStagedBlobs(vault.layout, [first, second])).toEqual([true, false]);
    const third = await stage(vault, source);
    await discardStagedBlob(third);
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
  });

  it('stops at an abort and leaves no temp file', async () => {
    const vault = await makeVault();
    const source = path.join(makeTempDir(), 'big.bin');
    fs.writeFileSync(source, randomBytes(4 * 1024 * 1024));
    const controller = new AbortController();
    controller.abort();
    await expect(stage(vault, source, controller.signal)).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
  });

  it.runIf(canSeeDirectWrites)(
    'writes the stored copy past the page cache, so fincore finds none of it cached',
    async () => {
      const vault = await makeVault();
      const source = path.join(makeTempDir(), 'screenshot.bin');
      const plain = randomBytes(3 * 1024 * 1024 + 123);
      fs.writeFileSync(source, plain);
      const staged = await stage(vault, source);
      await publishStagedBlobs(vault.layout, [staged]);
      const stored = objectPath(vault.layout, staged.name);
      expect(countCachedBytes(stored)).toBe(0);
      // Exactly the age file's length: the padded last block was truncated off.
      expect(fs.statSync(stored).size).toBeLessThan(plain.length + 4096);
      expectAgeDecrypts(vault, staged.name, plain);
    },
  );

  it('falls back to buffered writes when the file system refuses O_DIRECT at open, and remembers', async () => {
    const vault = await makeVault();
    const dir = makeTempDir();
    const realOpen = fsp.open.bind(fsp);
    // Undefined where the system has no O_DIRECT; then nothing is tried direct at all.
    const direct = (fs.constants as { O_DIRECT?: number }).O_DIRECT ?? 0;
    const open = vi.spyOn(fsp, 'open').mockImplementation((file, flags, mode) => {
      if (typeof flags === 'number' && direct !== 0 && (flags & direct) !== 0) {
        return Promise.reject(makeEinval());
      }
      return realOpen(file, flags, mode);
    });
    for (const size of [1, 200_000, 2 * 1024 * 1024 + 7]) {
      const source = path.join(dir, `file-${size}.bin`);
      const plain = randomBytes(size);
      fs.writeFileSync(source, plain);
      const staged = await stage(vault, source);
      expect(staged.sha256).toBe(createHash('sha256').update(plain).digest('hex'));
      await publishStagedBlobs(vault.layout, [staged]);
      expectAgeDecrypts(vault, staged.name, plain);
    }
    const directOpens = open.mock.calls.filter(
      ([, flags]) => typeof flags === 'number' && direct !== 0 && (flags & direct) !== 0,
    );
    // Tried once, then never again for this folder.
    expect(directOpens.length).toBe(direct === 0 ? 0 : 1);
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
  });

  it.runIf(canSeeDirectWrites)(
    'starts over buffered when a direct write is refused halfway, and counts each byte once',
    async () => {
      const vault = await makeVault();
      const source = path.join(makeTempDir(), 'video.bin');
      const plain = randomBytes(5 * 1024 * 1024 + 3);
      fs.writeFileSync(source, plain);
      const probe = await fsp.open(source, 'r');
      const handlePrototype = Object.getPrototypeOf(probe) as fsp.FileHandle;
      await probe.close();
      const realWrite = Object.getOwnPropertyDescriptor(handlePrototype, 'write')?.value as (
        this: fsp.FileHandle,
        ...args: unknown[]
      ) => Promise<unknown>;
      let writes = 0;
      vi.spyOn(handlePrototype, 'write').mockImplementation(function (
        this: fsp.FileHandle,
        ...args: Parameters<fsp.FileHandle['write']>
      ) {
        writes += 1;
        // The second write of the first (direct) attempt is refused.
        if (writes === 2) return Promise.reject(makeEinval());
        return realWrite.apply(this, args) as ReturnType<fsp.FileHandle['write']>;
      });
      let counted = 0;
      const handle = await fsp.open(source, 'r');
      const staged = await stageFile(
        vault.layout,
        { recipient: vault.recipient, nameFor: (sha256) => vault.blobNameFor(sha256) },
        handle,
        { onBytes: (bytes) => (counted += bytes) },
      ).finally(() => handle.close());
      expect(counted).toBe(plain.length);
      expect(writes).toBeGreaterThan(3);
      await publishStagedBlobs(vault.layout, [staged]);
      expectAgeDecrypts(vault, staged.name, plain);
      expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
    },
  );
});
