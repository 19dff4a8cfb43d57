// SIGKILL in the middle of Telegram and e-mail imports: whatever the moment, every export whose
// messages were recorded has all of them (its custody entry and its events commit together), and
// importing the same files again afterwards completes what was cut short without a second copy.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../../../main/core/import/pipeline';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';
import { PHOTOS_DIR } from './fixtures';

const PASS = 'sources crash passphrase';
const child = path.resolve(import.meta.dirname, '../../../helpers/sources-crash-child.ts');

function runAndKill(env: NodeJS.ProcessEnv, afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout.on('data', (chunk: Buffer) => {
      if (timer === undefined && chunk.toString().includes('ready'))
        timer = setTimeout(() => proc.kill('SIGKILL'), afterMs);
    });
    proc.on('exit', (_code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the importer ended by itself: ${stderr}`));
    });
  });
}

/** Exports whose `chat.imported` entry exists, with the number of events each should have. */
function listRecorded(vault: Vault): { id: string; messages: number }[] {
  return vault.db
    .prepare<[], { subject: string; details: string }>(
      `SELECT subject, details FROM custody_log WHERE action = 'chat.imported'`,
    )
    .all()
    .map((row) => {
      const details = JSON.parse(row.details) as {
        messages?: number;
        alreadyHere?: number;
        threads?: number;
      };
      // A zip's own entry sums its threads; the events name the thread's file.
      if (details.threads !== undefined) return { id: '', messages: 0 };
      return {
        id: row.subject.slice('evidence:'.length),
        messages: (details.messages ?? 0) - (details.alreadyHere ?? 0),
      };
    })
    .filter((item) => item.messages > 0);
}

function countEvents(vault: Vault, evidenceId: string): number {
  return (
    vault.db
      .prepare<[string], number>(
        `SELECT count(*) FROM events WHERE json_extract(details, '$.chatEvidenceId') = ?`,
      )
      .pluck()
      .get(evidenceId) ?? 0
  );
}

describe('killed in the middle of source imports', () => {
  it('keeps every recorded export whole, and a second import completes the rest once', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    const source = makeTempDir();
    const { vault: created } = await Vault.create(dir, PASS, { scryptLogN: 10 });
    const caseId = created.createCase({ title: 'Crash target', timezone: 'Asia/Kolkata' }).id;
    created.lock();
    const env = {
      ...process.env,
      CRASH_VAULT_DIR: dir,
      CRASH_PASSPHRASE: PASS,
      CRASH_SOURCE_DIR: source,
      CRASH_PHOTO: path.join(PHOTOS_DIR, 'noexif.jpg'),
    };
    for (const afterMs of [400, 900, 1500, 2300]) await runAndKill(env, afterMs);

    const vault = await Vault.open(dir, PASS);
    try {
      const recorded = listRecorded(vault);
      for (const item of recorded) expect(countEvents(vault, item.id)).toBe(item.messages);
      // Everything the importers wrote, imported again: the cut-short ones are completed, and
      // nothing recorded before gains a second set.
      const inputs = fs
        .readdirSync(source)
        .filter((name) => name.endsWith('.zip') || name.endsWith('.eml'))
        .map((name) => path.join(source, name));
      expect(inputs.length).toBeGreaterThan(0);
      const before = vault.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
      await importPaths(vault, inputs, { caseId });
      for (const item of listRecorded(vault))
        expect(countEvents(vault, item.id)).toBe(item.messages);
      const rounds = inputs.filter((name) => name.endsWith('.zip')).length;
      const mails = inputs.length - rounds;
      const total = vault.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
      expect(total).toBe(rounds * 200 + mails);
      expect(total).toBeGreaterThanOrEqual(before);
    } finally {
      vault.lock();
    }
  }, 600_000);
});
