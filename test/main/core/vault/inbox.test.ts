import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVault } from '../../../../main/core/vault/check';
import { ingestInbox, parkInInbox } from '../../../../main/core/vault/inbox';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const PASS = 'inbox test passphrase';

describe('the inbox for evidence that arrives while the vault is locked', () => {
  it('encrypts a file with only the public recipient and ingests it on unlock', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    const { vault } = await Vault.create(dir, PASS, { scryptLogN: 10 });
    const target = vault.createCase({ title: 'Locked arrivals' });
    vault.lock();

    const marker = 'ARRIVED-WHILE-LOCKED-5521';
    const id = await parkInInbox(dir, fs.createReadStream(writeTemp(`message: ${marker}`)), {
      caseId: target.id,
      originalName: 'forwarded.txt',
      provenance: { kind: 'received', from: '+919876543210', channel: 'WhatsApp' },
    });
    const inboxFiles = fs.readdirSync(path.join(dir, 'inbox'));
    expect(inboxFiles.sort()).toEqual([`${id}.age`, `${id}.meta.age`]);
    for (const f of inboxFiles)
      expect(fs.readFileSync(path.join(dir, 'inbox', f)).includes(marker)).toBe(false);

    const unlocked = await Vault.open(dir, PASS);
    const results = await ingestInbox(unlocked);
    expect(results).toEqual([expect.objectContaining({ id, status: 'imported' })]);
    expect(fs.readdirSync(path.join(dir, 'inbox'))).toEqual([]);
    const report = await checkVault(unlocked);
    expect(report.problems).toEqual([]);
    expect(report.evidenceChecked).toBe(1);
    const [entry] = unlocked.custody().filter((e) => e.action === 'evidence.added');
    expect(entry?.details).toMatchObject({ originalName: 'forwarded.txt', caseId: target.id });
    unlocked.lock();
  });

  it('ignores an unfinished parked file that has no record yet', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    (await Vault.create(dir, PASS, { scryptLogN: 10 })).vault.lock();
    fs.writeFileSync(path.join(dir, 'inbox', 'half-written.age'), 'partial');
    const vault = await Vault.open(dir, PASS);
    expect(await ingestInbox(vault)).toEqual([]);
    vault.lock();
  });
});

function writeTemp(content: string): string {
  const file = path.join(makeTempDir(), 'in.txt');
  fs.writeFileSync(file, content);
  return file;
}
