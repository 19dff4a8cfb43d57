// The Android import's parsing thread (android-parse-thread.ts): the real thread, started from
// source as the app starts it from its bundle, gives exactly the events the importing thread gives
// reading the file itself; when it cannot start, or is lost between batches, the import reads the
// file on its own thread and still counts each message once; what the thread meets in a damaged
// file is the same per-file word, and the batch goes on.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeBackup } from '../../../../bench/sources';
import * as parseThread from '../../../../main/core/import/android-parse-thread';
import { hasAndroidEvents } from '../../../../main/core/import/android-import';
import { importPaths } from '../../../../main/core/import/pipeline';
import { objectPath } from '../../../../main/core/vault/layout';
import type { Vault } from '../../../../main/core/vault/vault';
import { formatImportWarning } from '../../../../shared/import-warnings';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeVault } from './import-vault';

interface Plan {
  /** The real thread; none found (null script); or a script that cannot be loaded. */
  mode: 'real' | 'none' | 'missing';
  stopAfter: number;
  batches: number;
  started: number;
  lost: number;
}

/** How the next imports start their parsing thread, and what became of it. */
const plan = vi.hoisted((): Plan => ({
  mode: 'real',
  /** Stop the real thread once this many batches came from it (0: never). */
  stopAfter: 0,
  batches: 0,
  started: 0,
  lost: 0,
}));

vi.mock('../../../../main/core/import/android-parse-thread', async (importOriginal) => {
  const real = await importOriginal<typeof parseThread>();
  return {
    ...real,
    startParseThread: (...args: Parameters<typeof real.startParseThread>) => {
      const [vault, evidence, options] = args;
      const script =
        plan.mode === 'real'
          ? real.locateParseWorker()
          : plan.mode === 'none'
            ? null
            : { file: new URL('file:///nonexistent/android-parse-worker.mjs'), source: false };
      const thread = real.startParseThread(vault, evidence, options, script);
      if (thread === null) return null;
      plan.started += 1;
      const batches = thread.batches.bind(thread);
      thread.batches = async function* (signal) {
        try {
          for await (const batch of batches(signal)) {
            plan.batches += 1;
            if (plan.batches === plan.stopAfter) await thread.stop();
            yield batch;
          }
        } catch (error) {
          if (error instanceof real.ParseThreadLost) plan.lost += 1;
          throw error;
        }
      };
      return thread;
    },
  };
});

const SAMPLES = path.join(__dirname, '../../../fixtures/android');
const SMS = path.join(SAMPLES, 'sms-20240513090000.xml');
const SMS_LATER = path.join(SAMPLES, 'sms-20240514080000.xml');
const CALLS = path.join(SAMPLES, 'calls-20240513090000.xml');
const SMS_CUT = path.join(SAMPLES, 'sms-truncated.xml');

function reset(mode: typeof plan.mode, stopAfter = 0): void {
  Object.assign(plan, { mode, stopAfter, batches: 0, started: 0, lost: 0 });
}

/** Every event of the case as stored, without what differs from run to run (ids, clocks). */
function readEvents(vault: Vault, caseId: string): string[] {
  return vault.db
    .prepare<[string], Record<string, unknown>>(
      `SELECT kind, occurred_at, actor, number, number_e164, text, direction, duration_seconds,
         json_remove(details, '$.sourceEvidenceId', '$.chatEvidenceId') AS details,
         (SELECT count(*) FROM event_evidence WHERE event_id = events.id) AS files
       FROM events WHERE case_id = ? ORDER BY occurred_at, rowid`,
    )
    .all(caseId)
    .map((row) => JSON.stringify(row));
}

function countSearchHits(vault: Vault, term: string): number {
  return (
    vault.db
      .prepare<[string], number>('SELECT count(*) FROM timeline_fts WHERE timeline_fts MATCH ?')
      .pluck()
      .get(term) ?? 0
  );
}

describe('The Android import’s parsing thread', () => {
  it('gives exactly the events, links and summaries the importing thread gives reading the file itself', async () => {
    const files = [CALLS, SMS, SMS_LATER, SMS_CUT];
    reset('real');
    const threaded = await makeVault();
    const withThread = await importPaths(threaded.vault, files, {
      caseId: threaded.caseId,
      lanes: 1,
    });
    expect(plan.started).toBe(4);
    expect(plan.batches).toBe(4);
    expect(plan.lost).toBe(0);
    reset('none');
    const alone = await makeVault();
    const withoutThread = await importPaths(alone.vault, files, { caseId: alone.caseId, lanes: 1 });
    expect(plan.started).toBe(0);
    const describe = (results: typeof withThread) =>
      results.map((r) => [
        path.basename(r.path),
        r.status,
        r.reasonCode,
        r.warnings,
        r.chat,
        r.calls,
      ]);
    expect(describe(withThread)).toEqual(describe(withoutThread));
    expect(withThread.find((r) => r.path === SMS_CUT)?.warnings).toEqual([
      formatImportWarning('android-truncated'),
    ]);
    const events = readEvents(threaded.vault, threaded.caseId);
    expect(events.length).toBeGreaterThan(10);
    expect(events).toEqual(readEvents(alone.vault, alone.caseId));
  }, 120_000);

  it('reads the file on the importing thread when the parsing thread cannot be found or started', async () => {
    for (const mode of ['none', 'missing'] as const) {
      reset(mode);
      const { vault, caseId } = await makeVault();
      const [sms] = await importPaths(vault, [SMS], { caseId });
      const [again] = await importPaths(vault, [SMS], { caseId });
      expect(plan.started).toBe(mode === 'missing' ? 1 : 0);
      expect(plan.lost).toBe(mode === 'missing' ? 1 : 0);
      expect(sms).toMatchObject({ status: 'imported', warnings: [] });
      expect(sms?.chat?.messages).toBeGreaterThan(0);
      expect(again?.status).toBe('duplicate');
      const evidenceId = sms?.evidenceId ?? '';
      expect(hasAndroidEvents(vault, evidenceId)).toBe(true);
      expect(readEvents(vault, caseId)).toHaveLength(sms?.chat?.messages ?? -1);
    }
  }, 120_000);

  it('reads the file again on the importing thread when the parsing thread is lost between batches, counting each message once', async () => {
    const total = 12_000;
    const file = path.join(makeTempDir(), 'sms-20240601000000.xml');
    await writeBackup(file, total);
    reset('real', 1);
    const { vault, caseId } = await makeVault();
    const [result] = await importPaths(vault, [file], { caseId });
    // The thread was stopped once its first batch was handed over, and was lost.
    expect(plan.started).toBe(1);
    expect(plan.lost).toBe(1);
    expect(result).toMatchObject({ status: 'imported', warnings: [] });
    expect(result?.chat).toEqual({ messages: total, alreadyHere: 0 });
    const count = vault.db
      .prepare<[string], number>(
        `SELECT count(*) FROM events WHERE case_id = ? AND kind = 'message'`,
      )
      .pluck();
    expect(count.get(caseId)).toBe(total);
    // Every message is found by a search exactly once ("#11999" is in the last one's text).
    expect(countSearchHits(vault, '"11999"')).toBe(1);
    expect(countSearchHits(vault, '"0"')).toBe(1);
  }, 240_000);

  it('says what the importing thread says of a stored copy that cannot be decrypted, and the batch goes on', async () => {
    const results: string[] = [];
    for (const mode of ['real', 'none'] as const) {
      reset(mode);
      const { vault, caseId } = await makeVault();
      const added = await vault.addFile(caseId, SMS);
      if (added.status !== 'imported') throw new Error('expected a new file');
      // Someone with write access to the vault folder damages the stored copy's encrypted payload.
      const target = objectPath(vault.layout, added.evidence.blobName);
      fs.chmodSync(target, 0o600);
      const bytes = fs.readFileSync(target);
      bytes[bytes.length - 40] = (bytes[bytes.length - 40] ?? 0) ^ 0xff;
      fs.writeFileSync(target, bytes);
      const [damaged, next] = await importPaths(vault, [SMS, SMS_LATER], { caseId, lanes: 1 });
      // A copy stored before this import is checked whole before any thread reads it, so the
      // damaged one is refused first; only the next file starts a thread.
      expect(plan.started).toBe(mode === 'real' ? 1 : 0);
      expect(damaged?.chat).toBeUndefined();
      expect(hasAndroidEvents(vault, added.evidence.id)).toBe(false);
      expect(next).toMatchObject({ status: 'imported', warnings: [] });
      expect(next?.chat?.messages).toBeGreaterThan(0);
      results.push(JSON.stringify([damaged?.status, damaged?.reasonCode, damaged?.warnings]));
    }
    expect(results[0]).toBe(results[1]);
  }, 120_000);
});
