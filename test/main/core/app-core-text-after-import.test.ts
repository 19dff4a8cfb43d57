// The background text reading keeps out of the import's way (core/ocr/import-quiet.ts): it begins
// only once no import batch has committed for a quiet while and the previews are made, it yields
// between pictures when a new batch arrives, and what the user asks for ("Read the text anyway")
// goes first. Real files, a real vault, real tesseract. The order of events is checked, never a
// duration: the quiet time is only shortened so the tests do not idle.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore } from '../../../main/core/app-core';
import { EvidenceTextRepository } from '../../../main/core/db/repositories/evidence-text';
import type { ImportFileResult } from '../../../main/core/import/import-types';
import { readThisThreadsNiceness } from '../../../main/core/workers/thread-priority';
import { makeTempDir } from '../../helpers/temp-dir';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const ENGLISH = path.join(FIXTURES, 'screenshots/english-light.png');
const HINDI = path.join(FIXTURES, 'screenshots/hindi-dark.png');
const CHAT = path.join(FIXTURES, 'chat-screenshots/001-en-android-light.png');
const CHAT_DARK = path.join(FIXTURES, 'chat-screenshots/007-en-iphone-dark.png');
// A small Canon photo: not read in the background (camera-photo.ts) unless she asks.
const PHOTO = path.join(FIXTURES, 'photos/img_1771.jpg');

const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

async function openCase(textNiceness?: number): Promise<{ core: AppCore; caseId: string }> {
  const core = new AppCore({
    vaultDir: path.join(makeTempDir(), 'vault'),
    scryptLogN: 10,
    textQuietMs: 300,
    ...(textNiceness === undefined ? {} : { textNiceness }),
  });
  cores.push(core);
  await core.create('monsoon tea on the terrace');
  const { id: caseId } = core.createCase({ title: 'QuickCash', timezone: 'Asia/Kolkata' });
  return { core, caseId };
}

function importInto(core: AppCore, caseId: string, paths: string[]): Promise<ImportFileResult[]> {
  return core.importEvidence({ taskId: crypto.randomUUID(), caseId, paths });
}

function idsOf(results: readonly ImportFileResult[]): string[] {
  return results.map((result) => (result.status === 'imported' ? (result.evidenceId ?? '') : ''));
}

/** Each thread of this process with its nice value, from /proc/self/task/<tid>/stat. */
function readThreadNiceness(): number[] {
  return fs.readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command's closing parenthesis start at field 3; nice is field 19.
      const nice = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16];
      return [Number(nice)];
    } catch {
      return []; // A thread that ended meanwhile.
    }
  });
}

function statusesOf(core: AppCore, caseId: string) {
  return new EvidenceTextRepository(core.requireVault().db).countByStatus(caseId);
}

describe('text reading after an import', () => {
  it('does not begin while an import is still committing batches, begins once it is quiet, and reads every screenshot in the end', async () => {
    const { core, caseId } = await openCase();
    const events: string[] = [];
    core.text.onPictureBegun(() => events.push('reading begun'));
    // What the window is told, each time it changes: waiting first, reading once it begins.
    core.text.onProgress(({ state }) => {
      if (events.at(-1) !== state) events.push(state);
    });
    for (const [index, batch] of [[ENGLISH], [HINDI], [CHAT]].entries()) {
      await importInto(core, caseId, batch);
      events.push(`batch ${String(index + 1)} committed`);
      expect(core.text.picturesBegun()).toBe(0);
    }
    // Queued, not read: the reader thread has not even started, and the window is told so.
    expect(core.text.status()).toMatchObject({ done: 0, total: 3, state: 'waiting' });
    await core.text.idle();

    expect(events.slice(0, 9)).toEqual([
      'waiting',
      'batch 1 committed',
      'waiting',
      'batch 2 committed',
      'waiting',
      'batch 3 committed',
      'reading',
      'reading begun',
      'reading',
    ]);
    expect(events.filter((event) => event === 'reading begun')).toHaveLength(3);
    expect(statusesOf(core, caseId)).toMatchObject({ read: 3, pending: 0 });
  });

  it('yields between pictures while a new batch imports, then reads that batch too', async () => {
    const { core, caseId } = await openCase();
    await importInto(core, caseId, [ENGLISH, HINDI, CHAT]);
    let begunWhenTheBatchCame = -1;
    const second = new Promise<{ batch: Promise<ImportFileResult[]> }>((resolve) => {
      const stop = core.text.onProgress((progress) => {
        if (progress.done !== 1) return;
        // The first picture is read: a new batch arrives, as when she drops more files.
        stop();
        resolve({ batch: importInto(core, caseId, [CHAT_DARK]) });
        begunWhenTheBatchCame = core.text.picturesBegun();
      });
    });
    await (
      await second
    ).batch;
    // No picture began while that batch was committing, and the window is told it waits.
    expect(begunWhenTheBatchCame).toBe(1);
    expect(core.text.picturesBegun()).toBe(1);
    expect(core.text.status()).toMatchObject({ done: 1, total: 4, state: 'waiting' });
    await core.text.idle();
    expect(core.text.picturesBegun()).toBe(4);
    expect(statusesOf(core, caseId)).toMatchObject({ read: 4, pending: 0 });
  });

  it('reads the picture she asks for at once, ahead of the screenshots waiting for the import to go quiet', async () => {
    const { core, caseId } = await openCase();
    const [photoId] = idsOf(await importInto(core, caseId, [PHOTO]));
    await core.text.idle();
    expect(statusesOf(core, caseId)).toMatchObject({ 'not-read-yet': 1, pending: 0 });

    const order: string[] = [];
    core.text.onPictureBegun((evidenceId) => order.push(evidenceId));
    const waiting = idsOf(await importInto(core, caseId, [ENGLISH, HINDI]));
    const third = importInto(core, caseId, [CHAT]);
    // Two screenshots wait at the gate while the third batch commits; she asks for the photo.
    expect(core.text.readAnyway(photoId ?? '')).toBe(true);
    const lastBatch = idsOf(await third);
    expect(order).toEqual([photoId]);
    await core.text.idle();

    expect(order).toEqual([photoId, ...waiting, ...lastBatch]);
    const counts = statusesOf(core, caseId);
    expect(counts.pending).toBe(0);
    expect(counts['not-read-yet']).toBe(0);
    expect(counts.read).toBeGreaterThanOrEqual(3);
  });

  it.runIf(process.platform === 'linux')(
    "runs the reader's threads, tesseract's included, below the core's priority when asked to",
    async () => {
      const { core, caseId } = await openCase(10);
      const base = readThisThreadsNiceness() ?? 0;
      const before = readThreadNiceness().filter((nice) => nice > base).length;
      await importInto(core, caseId, [ENGLISH, HINDI]);
      const during = new Promise<number[]>((resolve) => {
        const stop = core.text.onProgress((progress) => {
          if (progress.done !== 1) return;
          stop();
          resolve(readThreadNiceness());
        });
      });
      const niced = (await during).filter((nice) => nice === Math.min(19, base + 10));
      // The reader's own thread and at least one tesseract thread it started.
      expect(niced.length - before).toBeGreaterThanOrEqual(2);
      expect(readThisThreadsNiceness()).toBe(base);
      await core.text.idle();
      expect(statusesOf(core, caseId)).toMatchObject({ read: 2, pending: 0 });
    },
  );
});
