import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../../../../main/core/db/open-database';
import { objectPath } from '../../../../main/core/vault/layout';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';
import { parseJson, runSakshya } from '../../../helpers/run-cli';

const PASS = 'tamper test passphrase';

interface Report {
  ok: boolean;
  problems: { kind: string; subject: string; message: string }[];
}

async function makeVaultWithTwoFiles(): Promise<{ dir: string; ids: string[]; blobs: string[] }> {
  const dir = path.join(makeTempDir(), 'vault');
  const { vault } = await Vault.create(dir, PASS, { scryptLogN: 10 });
  const created = vault.createCase({ title: 'Tampering' });
  const src = makeTempDir();
  const ids: string[] = [];
  const blobs: string[] = [];
  for (const [name, body] of [
    ['first.jpg', 'first piece of evidence'],
    ['second.jpg', 'second piece of evidence'],
  ] as const) {
    const file = path.join(src, name);
    fs.writeFileSync(file, body);
    const result = await vault.addFile(created.id, file);
    ids.push(result.evidence.id);
    blobs.push(result.blob.name);
  }
  vault.lock();
  return { dir, ids, blobs };
}

async function check(dir: string): Promise<{ code: number; report: Report }> {
  const run = await runSakshya(['--vault', dir, '--json', 'check'], { SAKSHYA_PASSPHRASE: PASS });
  return { code: run.code, report: parseJson<Report>(run) };
}

describe('check finds tampering and names exactly the item', () => {
  it('flags a flipped byte in one evidence file', async () => {
    const { dir, ids, blobs } = await makeVaultWithTwoFiles();
    const { layout } = await Vault.unlockKeys(dir, PASS);
    const file = objectPath(layout, blobs[1] ?? '');
    const bytes = fs.readFileSync(file);
    const at = bytes.length - 20;
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    fs.writeFileSync(file, bytes);
    const { code, report } = await check(dir);
    expect(code).toBe(1);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({
      kind: 'unreadable-file',
      subject: `evidence:${ids[1]}`,
    });
    expect(report.problems[0]?.message).toContain('second.jpg');
  });

  it('flags a deleted evidence file', async () => {
    const { dir, ids, blobs } = await makeVaultWithTwoFiles();
    const { layout } = await Vault.unlockKeys(dir, PASS);
    fs.rmSync(objectPath(layout, blobs[0] ?? ''));
    const { code, report } = await check(dir);
    expect(code).toBe(1);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'missing-file', subject: `evidence:${ids[0]}` }),
    ]);
  });

  it('flags an edited custody row by its sequence number', async () => {
    const { dir } = await makeVaultWithTwoFiles();
    const { layout, keys } = await Vault.unlockKeys(dir, PASS);
    const db = openDatabase(layout.database, keys.databaseKey);
    const triggers = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'custody_log'")
      .all() as { name: string }[];
    expect(triggers.length).toBeGreaterThan(0);
    for (const { name } of triggers) db.exec(`DROP TRIGGER "${name}"`);
    db.prepare('UPDATE custody_log SET action = ? WHERE seq = ?').run('evidence.deleted', 3);
    closeDatabase(db);
    const { code, report } = await check(dir);
    expect(code).toBe(1);
    expect(report.problems.map((p) => p.subject)).toEqual(['custody:3']);
  });

  it('a swapped stored file (same vault, other content) is a hash mismatch for that item', async () => {
    const { dir, ids, blobs } = await makeVaultWithTwoFiles();
    const { layout } = await Vault.unlockKeys(dir, PASS);
    fs.copyFileSync(objectPath(layout, blobs[0] ?? ''), objectPath(layout, blobs[1] ?? ''));
    const { code, report } = await check(dir);
    expect(code).toBe(1);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'hash-mismatch', subject: `evidence:${ids[1]}` }),
    ]);
  });
});
