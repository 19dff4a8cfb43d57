// Vaults from before sidecars carried a MAC still open: at the first unlock the database (which
// only the passphrase opens) re-authenticates every sidecar it has a row for, once, and the custody
// log says so. A sidecar without a MAC and without a row stays unauthenticated.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decryptBuffer,
  encryptBuffer,
  parseIdentity,
  parseRecipient,
} from '../../../../main/core/age';
import { closeDatabase, openDatabase } from '../../../../main/core/db/open-database';
import { generationFile } from '../../../../main/core/vault/generation';
import {
  describeVaultLayout,
  sidecarPath,
  type VaultLayout,
} from '../../../../main/core/vault/layout';
import { SIDECARS_AUTHENTICATED } from '../../../../main/core/vault/sidecar-migration';
import { readEvidenceSidecars } from '../../../../main/core/vault/sidecars';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const PASS = 'migration test passphrase';

/** Turns a vault made now into one as an older Sakshya left it: v1 sidecars, no markers. */
async function makeOld(dir: string): Promise<void> {
  const { layout, keys } = await Vault.unlockKeys(dir, PASS);
  const identity = parseIdentity(keys.identity);
  for (const kind of ['case', 'evidence'] as const) {
    const folder = path.join(layout.sidecars, kind);
    for (const name of fs.readdirSync(folder)) {
      const file = path.join(folder, name);
      const sealed = JSON.parse(
        decryptBuffer(fs.readFileSync(file), [identity]).toString('utf8'),
      ) as {
        body: string;
      };
      fs.writeFileSync(
        file,
        encryptBuffer(Buffer.from(sealed.body), [parseRecipient(keys.recipient)]),
      );
    }
  }
  const db = openDatabase(layout.database, keys.databaseKey);
  const triggers = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'custody_log'")
    .all() as { name: string }[];
  for (const { name } of triggers) db.exec(`DROP TRIGGER "${name}"`);
  db.prepare('DELETE FROM custody_log WHERE action IN (?, ?)').run(
    SIDECARS_AUTHENTICATED,
    'vault.generation-started',
  );
  closeDatabase(db);
  fs.rmSync(generationFile(dir));
}

describe('sidecars written before they carried a MAC', () => {
  it('are authenticated once at the first unlock from the database, logged in custody, and a planted one is not', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    const { vault } = await Vault.create(dir, PASS, { scryptLogN: 10 });
    const owner = vault.createCase({ title: 'Old vault' });
    const source = path.join(makeTempDir(), 'old.txt');
    fs.writeFileSync(source, 'kept since last year');
    const added = await vault.addFile(owner.id, source);
    const { recipient } = vault;
    vault.lock();
    await makeOld(dir);

    // What an intruder adds meanwhile, with the public recipient only.
    const plantedId = randomUUID();
    const planted = path.join(dir, 'sidecars', 'evidence', `${plantedId}.age`);
    const plain = path.join(makeTempDir(), 'plain.json');
    fs.writeFileSync(
      plain,
      JSON.stringify({ schema: 'sakshya-evidence-sidecar/1', evidence: { id: plantedId } }),
    );
    execFileSync('age', ['-r', recipient, '-o', planted, plain]);

    const opened = await Vault.open(dir, PASS);
    try {
      const reads = readEvidenceSidecars(opened.layout, opened.sidecarVerifier());
      expect(reads.find((r) => r.id === added.evidence.id)?.status).toBe('authentic');
      expect(reads.find((r) => r.id === plantedId)?.status).not.toBe('authentic');
      const marks = opened.custody('vault').filter((e) => e.action === SIDECARS_AUTHENTICATED);
      expect(marks.map((e) => e.details)).toEqual([{ cases: 1, evidence: 1 }]);
      expect(fs.existsSync(generationFile(dir))).toBe(true);
      expect(fs.existsSync(sidecarPath(opened.layout, 'case', owner.id))).toBe(true);
    } finally {
      opened.lock();
    }
    // Once only: the next unlock finds the mark and rewrites nothing.
    const before = fs.statSync(
      sidecarPath(describeLayout(dir), 'evidence', added.evidence.id),
    ).mtimeMs;
    const again = await Vault.open(dir, PASS);
    expect(again.custody('vault').filter((e) => e.action === SIDECARS_AUTHENTICATED)).toHaveLength(
      1,
    );
    again.lock();
    expect(
      fs.statSync(sidecarPath(describeLayout(dir), 'evidence', added.evidence.id)).mtimeMs,
    ).toBe(before);
  });
});

function describeLayout(dir: string): VaultLayout {
  return describeVaultLayout(dir);
}
