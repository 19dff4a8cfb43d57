// Security review finding 1 (issue 16): what the unlock finds wrong with the vault's files reaches
// the window through the contract, not only the CLI. The intruder works as the issue describes:
// file writes in the vault folder, the public recipient from vault.json and the `age` tool, no
// passphrase and no Sakshya code.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../../main/api/dispatch';
import { createHandlers } from '../../../../main/api/handlers';
import { AppCore } from '../../../../main/core/app-core';
import { VaultStatusSchema } from '../../../../shared/api-contract';
import { makeTempDir } from '../../../helpers/temp-dir';

const PASSPHRASE = 'monsoon tea on the terrace';

async function makeVault(): Promise<{ core: AppCore; dir: string; caseId: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  const core = new AppCore({ vaultDir: dir, scryptLogN: 10 });
  await core.create(PASSPHRASE);
  const caseId = core.createCase({ title: 'Calls from QuickCash agents' }).id;
  return { core, dir, caseId };
}

async function addText(core: AppCore, caseId: string, name: string, text: string): Promise<void> {
  const file = path.join(makeTempDir(), name);
  fs.writeFileSync(file, text);
  await core.importEvidence({ taskId: randomUUID(), caseId, paths: [file] });
}

function sealToVault(dir: string, target: string, plaintext: string): void {
  const { recipient } = JSON.parse(fs.readFileSync(path.join(dir, 'vault.json'), 'utf8')) as {
    recipient: string;
  };
  const plain = path.join(makeTempDir(), 'plain');
  fs.writeFileSync(plain, plaintext);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  execFileSync('age', ['-r', recipient, '-o', target, plain]);
}

async function unlockStatus(core: AppCore) {
  const handlers = createHandlers(core);
  const unlocked = await dispatchCall(handlers, 'vault:unlock', { passphrase: PASSPHRASE });
  if (!unlocked.ok) throw new Error(unlocked.error.message);
  // What the window receives is exactly the contract's shape.
  return VaultStatusSchema.parse(unlocked.value);
}

describe('warnings found at unlock, through the contract', () => {
  it('name a sidecar the intruder planted with the public recipient, and it is never used', async () => {
    const { core, dir, caseId } = await makeVault();
    core.lock();
    const planted = randomUUID();
    sealToVault(
      dir,
      path.join(dir, 'sidecars', 'evidence', `${planted}.age`),
      JSON.stringify({ schema: 'sakshya-evidence-sidecar/1', evidence: { id: planted, caseId } }),
    );

    const status = await unlockStatus(core);
    expect(status.warnings?.map((w) => w.code)).toEqual(['sidecar-not-authentic']);
    expect(status.warnings?.[0]?.detail).toContain(`sidecar:evidence/${planted}`);
    // Listed apart as well, so the window can name it under its own words in Hindi.
    expect(status.warnings?.[0]?.items).toEqual([`sidecar:evidence/${planted}`]);
    expect(core.listEvidence(caseId).map((e) => e.id)).not.toContain(planted);
    void core.close();
  });

  it('name an older database put back and the evidence brought back, and the database at every unlock until she acts', async () => {
    const { core, dir, caseId } = await makeVault();
    core.lock();
    const snapshot = path.join(makeTempDir(), 'old.db');
    fs.copyFileSync(path.join(dir, 'sakshya.db'), snapshot);
    await core.unlock(PASSPHRASE);
    await addText(core, caseId, 'later.txt', 'the agent messaged my sister at 10 pm');
    core.lock();
    fs.copyFileSync(snapshot, path.join(dir, 'sakshya.db'));

    expect((await unlockStatus(core)).warnings?.map((w) => w.code)).toEqual([
      'database-older',
      'evidence-brought-back',
    ]);
    core.lock();
    // Until she acts; what was brought back was logged in it, so it is now "another" database.
    expect((await unlockStatus(core)).warnings?.map((w) => w.code)).toEqual(['database-other']);
    void core.close();
  });

  it('name keys/recovery.age replaced by the recovery file of a vault the intruder made, at every unlock', async () => {
    const { core, dir } = await makeVault();
    core.lock();
    const theirs = await makeVault();
    theirs.core.lock();
    fs.copyFileSync(
      path.join(theirs.dir, 'keys', 'recovery.age'),
      path.join(dir, 'keys', 'recovery.age'),
    );
    for (let i = 0; i < 2; i += 1) {
      const status = await unlockStatus(core);
      expect(status.warnings?.map((w) => w.code)).toEqual(['recovery-file']);
      expect(status.warnings?.[0]?.items).toEqual(['keys/recovery.age']);
      expect(status.warnings?.[0]?.detail).toContain('not the one this vault made');
      core.lock();
    }
    void core.close();
    void theirs.core.close();
  });

  it('are absent when nothing was touched', async () => {
    const { core } = await makeVault();
    core.lock();
    expect((await unlockStatus(core)).warnings).toBeUndefined();
    void core.close();
  });
});
