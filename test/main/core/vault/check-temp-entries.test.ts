import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVault } from '../../../../main/core/vault/check';
import { removeLeftoverTempFiles } from '../../../../main/core/vault/leftover-temp-files';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

describe('check on what tmp/ holds', () => {
  it('promises removal at unlock only for what an unlock removes, and names anything else as left for her to delete', async () => {
    const { vault } = await Vault.create(path.join(makeTempDir(), 'v'), 'temp entries passphrase');
    const temp = vault.layout.temp;
    fs.mkdirSync(temp, { recursive: true });
    const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.writeFileSync(path.join(temp, 'abc.partial'), 'sealed bytes');
    fs.utimesSync(path.join(temp, 'abc.partial'), hourAgo, hourAgo);
    // A restore killed mid-copy leaves copies; one stopped after its last move, an empty folder.
    fs.mkdirSync(path.join(temp, 'restore-4242-0123456789ab'));
    fs.writeFileSync(path.join(temp, 'restore-4242-0123456789ab', 'sakshya.db'), 'a copy');
    fs.mkdirSync(path.join(temp, 'restore-4243-0123456789ab'));
    fs.writeFileSync(path.join(temp, 'notes.txt'), 'put here by someone');
    fs.utimesSync(path.join(temp, 'notes.txt'), hourAgo, hourAgo);

    const notes = (await checkVault(vault)).notes.filter((note) => note.kind === 'leftover-temp');
    const said = Object.fromEntries(notes.map((note) => [note.subject, note.message]));
    expect(said['tmp:abc.partial']).toContain('removed at an unlock once it is an hour old');
    expect(said['tmp:restore-4243-0123456789ab']).toContain('removed at the next unlock');
    for (const other of ['tmp:restore-4242-0123456789ab', 'tmp:notes.txt']) {
      expect(said[other]).toContain('Sakshya does not remove it');
      expect(said[other]).not.toContain('removed at an unlock');
    }

    // What each note says is what an unlock does.
    expect(removeLeftoverTempFiles(vault.layout)).toBe(2);
    expect(fs.readdirSync(temp).sort()).toEqual(['notes.txt', 'restore-4242-0123456789ab']);
    vault.lock();
  });

  it('finds clean, after an unlock, a restored vault whose restore was stopped just after its vault.json landed', async () => {
    const dir = path.join(makeTempDir(), 'v');
    const { vault } = await Vault.create(dir, 'temp entries passphrase', { scryptLogN: 10 });
    vault.lock();
    // What restore-crash.test.ts's kill at vault.json leaves: the staging folder, emptied.
    const staging = path.join(dir, 'tmp', 'restore-4242-0123456789ab');
    fs.mkdirSync(staging, { recursive: true });

    const reopened = await Vault.open(dir, 'temp entries passphrase');
    try {
      expect(fs.existsSync(staging)).toBe(false);
      expect((await checkVault(reopened)).notes).toEqual([]);
    } finally {
      reopened.lock();
    }
  });
});
