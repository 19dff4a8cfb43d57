// stageFile seals files by hand (one reused buffer, age STREAM chunk by chunk), so its output is
// checked against the real `age` tool at every chunk boundary, and its abort and publish paths.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  discardStagedBlob,
  publishStagedBlobs,
  stageFile,
} from '../../../../main/core/vault/blob-store';
import { objectPath } from '../../../../main/core/vault/layout';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const CHUNK = 64 * 1024;
const opened: Vault[] = [];
afterEach(() => {
  for (const vault of opened.splice(0)) vault.lock();
});

function makeVault(): Vault {
  const { vault } = Vault.create(path.join(makeTempDir(), 'vault'), 'stage file passphrase', {
    scryptLogN: 10,
  });
  opened.push(vault);
  return vault;
}

async function stage(vault: Vault, file: string, signal?: AbortSignal) {
  const handle = await fsp.open(file, 'r');
  try {
    return await stageFile(
      vault.layout,
      { recipient: vault.recipient, nameFor: (sha256) => vault.blobNameFor(sha256) },
      handle,
      { signal },
    );
  } finally {
    await handle.close();
  }
}

describe('stageFile', () => {
  it.each([1, CHUNK - 1, CHUNK, CHUNK + 1, 16 * CHUNK, 17 * CHUNK, 16 * CHUNK + 5, 3_000_001])(
    'writes a standard age file that the age tool decrypts to the same %i bytes',
    async (size) => {
      const vault = makeVault();
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
    const vault = makeVault();
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
    const vault = makeVault();
    const source = path.join(makeTempDir(), 'big.bin');
    fs.writeFileSync(source, randomBytes(4 * 1024 * 1024));
    const controller = new AbortController();
    controller.abort();
    await expect(stage(vault, source, controller.signal)).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
  });
});
