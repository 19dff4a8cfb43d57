import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptBuffer } from '../../../../main/core/age';
import { generateVaultKeys, serializeVaultKeys } from '../../../../main/core/keys/key-file';
import {
  createKeyFiles,
  passphraseKeyFile,
  recoveryKeyFile,
  setPassphrase,
  unlockWithPassphrase,
} from '../../../../main/core/keys/key-store';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

// "सुरक्षित क़ानून": क़ typed as one code point (U+0958) or as क + nukta, as two Hindi keyboards
// may send it. They look the same and must open the same vault (NFC maps both to क + nukta).
const COMPOSED = 'सुरक्षित \u0958ानून';
const DECOMPOSED = 'सुरक्षित \u0915\u093Cानून';

describe('the key store', () => {
  it('creates key files only where none are, and never overwrites or truncates one', async () => {
    const dir = makeTempDir();
    await createKeyFiles(dir, 'first passphrase', 10);
    const before = [fs.readFileSync(passphraseKeyFile(dir)), fs.readFileSync(recoveryKeyFile(dir))];
    await expect(createKeyFiles(dir, 'second passphrase', 10)).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(passphraseKeyFile(dir)).equals(before[0] ?? Buffer.alloc(0))).toBe(true);
    expect(fs.readFileSync(recoveryKeyFile(dir)).equals(before[1] ?? Buffer.alloc(0))).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'keys')).sort()).toEqual([
      'passphrase.age',
      'recovery.age',
    ]);
    await expect(unlockWithPassphrase(dir, 'first passphrase')).resolves.toBeDefined();
  });

  it('normalises passphrases to NFC, so a differently composed Hindi passphrase opens the vault', async () => {
    expect(COMPOSED).not.toBe(DECOMPOSED);
    expect(COMPOSED.normalize('NFC')).toBe(DECOMPOSED.normalize('NFC'));
    const dir = makeTempDir();
    const { keys } = await createKeyFiles(dir, DECOMPOSED, 10);
    expect((await unlockWithPassphrase(dir, COMPOSED)).identity).toBe(keys.identity);
    expect((await unlockWithPassphrase(dir, DECOMPOSED)).identity).toBe(keys.identity);
    await setPassphrase(dir, keys, DECOMPOSED, 10);
    expect((await unlockWithPassphrase(dir, COMPOSED)).identity).toBe(keys.identity);
  });

  it('still opens a vault sealed before normalisation with the passphrase as it was typed', async () => {
    const dir = makeTempDir();
    const keys = generateVaultKeys();
    fs.mkdirSync(path.join(dir, 'keys'));
    // What older versions wrote: the raw (here NFD) passphrase straight into scrypt.
    fs.writeFileSync(
      passphraseKeyFile(dir),
      encryptBuffer(Buffer.from(serializeVaultKeys(keys)), [
        { kind: 'scrypt', passphrase: DECOMPOSED, logN: 10 },
      ]),
    );
    expect((await unlockWithPassphrase(dir, DECOMPOSED)).identity).toBe(keys.identity);
    await expect(unlockWithPassphrase(dir, 'wrong passphrase')).rejects.toThrow(
      expect.objectContaining({ code: 'WRONG_PASSPHRASE' }) as unknown,
    );
  });

  it('replaces the passphrase file in one rename that leaves no temp file behind', async () => {
    const dir = makeTempDir();
    const { keys } = await createKeyFiles(dir, 'first passphrase', 10);
    await setPassphrase(dir, keys, 'second passphrase', 10);
    expect(fs.readdirSync(path.join(dir, 'keys')).sort()).toEqual([
      'passphrase.age',
      'recovery.age',
    ]);
    expect((await unlockWithPassphrase(dir, 'second passphrase')).identity).toBe(keys.identity);
    await expect(unlockWithPassphrase(dir, 'first passphrase')).rejects.toThrow(/passphrase/);
  });
});

describe('a vault', () => {
  it('made from an NFD passphrase opens with the NFC one through Vault.open', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    (await Vault.create(dir, DECOMPOSED, { scryptLogN: 10 })).vault.lock();
    (await Vault.open(dir, COMPOSED)).lock();
  });
});

describe('SAKSHYA_INSECURE_SCRYPT_LOG_N', () => {
  it('lowers the work factor when the CLI runs from source, as tests do', async () => {
    const { runSakshya } = await import('../../../helpers/run-cli');
    const dir = path.join(makeTempDir(), 'vault');
    const run = await runSakshya(['--vault', dir, 'init'], {
      SAKSHYA_PASSPHRASE: 'from source test',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(fs.readFileSync(passphraseKeyFile(dir), 'latin1')).toMatch(/\n-> scrypt \S+ 10\n/);
  });
});
