// Windows' and removable drives' file-system behaviour, made to happen on Linux: a FAT32/exFAT
// drive whose link() fails with EISDIR, and a file held open by another program whose rename
// fails with EBUSY a couple of times.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publishTempFile, writeFileAtomic } from '../../../../main/core/fs/atomic-write';
import {
  loadOrCreateSigningKey,
  signingKeyFile,
} from '../../../../main/core/keys/signing-key-store';
import { passphraseKeyFile } from '../../../../main/core/keys/key-store';
import { checkVault } from '../../../../main/core/vault/check';
import { objectPath } from '../../../../main/core/vault/layout';
import { rebuildVault } from '../../../../main/core/vault/rebuild';
import { Vault } from '../../../../main/core/vault/vault';
import { failRenames, refuseHardLinks } from '../../../helpers/other-platforms';
import { decryptWithAgeTool } from '../../../helpers/staging';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeVault, PASS, writeRandomFile } from '../import/import-vault';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a vault on a drive without hard links (FAT32 or exFAT on Windows)', () => {
  for (const code of ['EISDIR', 'UNKNOWN']) {
    it(`stores every file and the signing key when link() fails with ${code}, probing once per folder`, async () => {
      const { vault } = await makeVault();
      const dir = makeTempDir();
      const seen = refuseHardLinks(code);
      const files = [1, 2, 3, 4].map((n) => writeRandomFile(path.join(dir, `${n}.bin`), 900 + n));
      const stored = [];
      for (const file of files) stored.push(await vault.storeBlob(fs.createReadStream(file)));
      const key = loadOrCreateSigningKey(vault);
      // One probe for tmp/, one for the key folder; none per file.
      expect(seen.attempts).toBe(2);
      for (const [index, blob] of stored.entries()) {
        expect(blob.created).toBe(true);
        const plain = decryptWithAgeTool(vault, objectPath(vault.layout, blob.name));
        expect(plain.equals(fs.readFileSync(files[index] ?? ''))).toBe(true);
      }
      expect(fs.existsSync(signingKeyFile(vault.layout.root))).toBe(true);
      expect(loadOrCreateSigningKey(vault).fingerprint).toBe(key.fingerprint);
      // A second copy of the same content is found, not stored again.
      expect((await vault.storeBlob(fs.createReadStream(files[0] ?? ''))).created).toBe(false);
      expect(seen.attempts).toBe(2);
      expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
    });
  }

  it('never replaces an existing file, and leaves no claim behind', () => {
    const dir = makeTempDir();
    refuseHardLinks();
    const file = path.join(dir, 'key.age');
    fs.writeFileSync(file, 'first');
    const temp = path.join(dir, '.key.partial');
    fs.writeFileSync(temp, 'second');
    expect(publishTempFile(temp, file)).toBe('existed');
    expect(fs.readFileSync(file, 'utf8')).toBe('first');
    expect(fs.readdirSync(dir)).toEqual(['key.age']);
  });

  it('waits for another publisher holding the claim, and does not replace what it published', () => {
    const dir = makeTempDir();
    refuseHardLinks();
    const file = path.join(dir, 'object.age');
    fs.mkdirSync(`${file}.claim`);
    fs.writeFileSync(file, 'published by the other process');
    const temp = path.join(dir, '.object.partial');
    fs.writeFileSync(temp, 'ours');
    expect(publishTempFile(temp, file)).toBe('existed');
    expect(fs.readFileSync(file, 'utf8')).toBe('published by the other process');
    // The claim is the other publisher's to remove.
    expect(fs.existsSync(`${file}.claim`)).toBe(true);
    expect(fs.existsSync(temp)).toBe(false);
  });

  it('takes over a claim left by a crash and publishes the whole file', () => {
    const dir = makeTempDir();
    refuseHardLinks();
    const file = path.join(dir, 'object.age');
    fs.mkdirSync(`${file}.claim`);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(`${file}.claim`, old, old);
    const temp = path.join(dir, '.object.partial');
    fs.writeFileSync(temp, 'the whole file');
    expect(publishTempFile(temp, file)).toBe('created');
    expect(fs.readFileSync(file, 'utf8')).toBe('the whole file');
    expect(fs.readdirSync(dir)).toEqual(['object.age']);
  });

  it('a vault created and used on such a drive passes its own check', async () => {
    refuseHardLinks('EISDIR');
    const { vault } = await makeVault();
    const file = writeRandomFile(path.join(makeTempDir(), 'a.bin'), 5000);
    await vault.storeBlob(fs.createReadStream(file));
    loadOrCreateSigningKey(vault);
    const report = await checkVault(vault);
    expect(report.problems).toEqual([]);
  });
});

describe('replacing a file that another Windows program holds open', () => {
  it('writeFileAtomic succeeds when the rename fails twice with EBUSY', () => {
    const file = path.join(makeTempDir(), 'settings.json');
    fs.writeFileSync(file, '{"old":true}');
    const seen = failRenames(2, 'EBUSY');
    writeFileAtomic(file, '{"new":true}');
    expect(seen.failed).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"new":true}');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['settings.json']);
  });

  for (const code of ['EPERM', 'EACCES']) {
    it(`writeFileAtomic retries ${code} as well`, () => {
      const file = path.join(makeTempDir(), 'vault.json');
      fs.writeFileSync(file, 'old');
      failRenames(3, code);
      writeFileAtomic(file, 'new');
      expect(fs.readFileSync(file, 'utf8')).toBe('new');
    });
  }

  it('gives up after a few seconds, keeping the old file whole and leaving no temp file', () => {
    const file = path.join(makeTempDir(), 'settings.json');
    fs.writeFileSync(file, 'old');
    const seen = failRenames(Number.MAX_SAFE_INTEGER, 'EBUSY');
    expect(() => {
      writeFileAtomic(file, 'new');
    }).toThrow(/EBUSY/);
    expect(seen.failed).toBeGreaterThan(3);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['settings.json']);
  });

  it('changing the passphrase survives a key file held open twice', async () => {
    const { vault, dir } = await makeVault();
    const keyFile = passphraseKeyFile(dir);
    const seen = failRenames(2, 'EBUSY', (target) => target === keyFile);
    await vault.changePassphrase(PASS, 'a new and longer passphrase', { scryptLogN: 10 });
    expect(seen.failed).toBe(2);
    vault.lock();
    (await Vault.open(dir, 'a new and longer passphrase')).lock();
  });

  it('rebuild while the app holds the database says so plainly and moves nothing', async () => {
    const { vault, dir } = await makeVault();
    const before = fs.readdirSync(dir).sort();
    failRenames(Number.MAX_SAFE_INTEGER, 'EBUSY', (target) => target.includes('before-rebuild'));
    await expect(rebuildVault(dir, PASS)).rejects.toMatchObject({
      code: 'VAULT_IN_USE',
      message: expect.stringMatching(/close the Sakshya app/) as unknown,
    });
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    vault.lock();
  });
});
