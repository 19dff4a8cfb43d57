import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { EvidenceTextRepository } from '../../../../main/core/db/repositories/evidence-text';
import { importPaths } from '../../../../main/core/import/pipeline';
import { NOT_A_SCREENSHOT } from '../../../../main/core/ocr/camera-photo';
import { NO_TEXT_FOUND } from '../../../../main/core/ocr/recognize';
import { COULD_NOT_READ, TextQueue, type TextProgress } from '../../../../main/core/ocr/text-queue';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeVault, reopenVault } from '../import/import-vault';

const root = path.resolve(__dirname, '../../../..');
const SCREENSHOTS = path.join(root, 'test/fixtures/screenshots');
const ENGLISH = path.join(SCREENSHOTS, 'english-light.png');
const HINDI = path.join(SCREENSHOTS, 'hindi-dark.png');
const PHOTOS = path.join(root, 'test/fixtures/photos');

function idOf(
  vault: Awaited<ReturnType<typeof makeVault>>['vault'],
  caseId: string,
  name: string,
): string {
  const found = new EvidenceRepository(vault.db)
    .listByCase(caseId)
    .find((e) => e.originalName === name);
  if (found === undefined) throw new Error(`no evidence named ${name}`);
  return found.id;
}

describe('TextQueue', () => {
  it('reads every imported picture once, with facts, and says "no text found" for a damaged one', async () => {
    const { vault, caseId } = await makeVault();
    const dir = makeTempDir();
    const damaged = path.join(dir, 'damaged.png');
    fs.writeFileSync(damaged, fs.readFileSync(ENGLISH).subarray(0, 400));
    await importPaths(vault, [ENGLISH, damaged], { caseId });
    const progress: TextProgress[] = [];
    const queue = new TextQueue(vault, { onProgress: (p) => progress.push(p) });
    expect(queue.enqueuePending(caseId)).toBe(2);
    // Asking again while they are queued adds nothing.
    expect(queue.enqueuePending(caseId)).toBe(0);
    await queue.close();

    const texts = new EvidenceTextRepository(vault.db);
    const english = texts.get(idOf(vault, caseId, 'english-light.png'));
    expect(english?.status).toBe('read');
    expect(english?.text).toContain('marmalade');
    expect(texts.listFacts(english!.evidenceId)).toEqual(
      expect.arrayContaining([
        { kind: 'phone', value: '+919876543210', shown: '+91 98765 43210' },
        { kind: 'upi', value: 'fastloan@okaxis', shown: 'fastloan@okaxis' },
        { kind: 'amount', value: '4500', shown: 'Rs 4,500' },
      ]),
    );
    expect(texts.get(idOf(vault, caseId, 'damaged.png'))).toMatchObject({
      status: 'no-text',
      text: '',
    });
    expect(progress.at(-1)).toEqual({ done: 2, total: 2, state: 'done' });
    expect(texts.listPending(caseId)).toEqual([]);
  });

  it('is stopped by a lock, writes nothing after it, and resumes after unlock', async () => {
    const { vault, caseId, dir } = await makeVault();
    await importPaths(vault, [ENGLISH, HINDI], { caseId });
    let locked = false;
    const queue = new TextQueue(vault, {
      onProgress: (p) => {
        // Lock as soon as the first picture is read, as the user (or idle) would.
        if (p.done === 1 && !locked) {
          locked = true;
          vault.lock();
        }
      },
    });
    queue.enqueuePending(caseId);
    await queue.idle();
    expect(queue.isStopped).toBe(true);

    const reopened = await reopenVault(dir);
    const texts = new EvidenceTextRepository(reopened.db);
    // One read before the lock; the other still waiting, not half-written.
    expect(texts.listPending(caseId)).toHaveLength(1);
    const after = new TextQueue(reopened);
    expect(after.enqueuePending()).toBe(1);
    await after.close();
    expect(texts.listPending(caseId)).toEqual([]);
    expect(texts.get(idOf(reopened, caseId, 'hindi-dark.png'))?.text).toContain('धमकियाँ');
  });

  it('restarts a reader that dies once, and marks a picture it dies on twice, going on with the rest', async () => {
    const { vault, caseId } = await makeVault();
    await importPaths(vault, [ENGLISH, HINDI], { caseId });
    const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const script = {
      file: new URL(`file://${path.join(root, 'test/fixtures/workers/text-worker-dies-on.mjs')}`),
      source: true,
    };
    // Dies once on the Hindi picture: restarted, and the picture is read after all.
    const once = new SharedArrayBuffer(4);
    const first = new TextQueue(vault, {
      worker: { script, workerData: { dieOn: sha(HINDI), times: 1, deaths: once } },
    });
    first.enqueuePending(caseId);
    await first.close();
    const texts = new EvidenceTextRepository(vault.db);
    expect(new Int32Array(once)[0]).toBe(1);
    expect(texts.get(idOf(vault, caseId, 'hindi-dark.png'))?.text).toContain('धमकियाँ');

    // Dies every time on the English picture, the first in the queue: it is marked "could not be
    // read", and the Hindi picture after it is still read.
    const englishId = idOf(vault, caseId, 'english-light.png');
    vault.db.prepare('DELETE FROM evidence_text').run();
    const always = new SharedArrayBuffer(4);
    const second = new TextQueue(vault, {
      worker: { script, workerData: { dieOn: sha(ENGLISH), times: 99, deaths: always } },
    });
    second.enqueuePending(caseId);
    await second.close();
    expect(new Int32Array(always)[0]).toBe(2);
    expect(texts.get(englishId)).toMatchObject({ status: 'failed', reason: COULD_NOT_READ });
    expect(texts.get(idOf(vault, caseId, 'hindi-dark.png'))?.status).toBe('read');
  });

  it('does not read camera photos, says so, and reads one when the user asks', async () => {
    const { vault, caseId } = await makeVault();
    // A small Canon photo (EXIF with make and exposure) and a screenshot.
    await importPaths(vault, [path.join(PHOTOS, 'img_1771.jpg'), ENGLISH], { caseId });
    const queue = new TextQueue(vault);
    expect(queue.enqueuePending(caseId)).toBe(2);
    await queue.idle();
    const texts = new EvidenceTextRepository(vault.db);
    const photoId = idOf(vault, caseId, 'img_1771.jpg');
    expect(texts.get(photoId)).toMatchObject({ status: 'not-read-yet', reason: NOT_A_SCREENSHOT });
    expect(texts.get(idOf(vault, caseId, 'english-light.png'))?.status).toBe('read');
    // Nothing is queued again at the next unlock: the photo has its answer.
    expect(texts.listPending(caseId)).toEqual([]);

    expect(queue.enqueueAnyway(photoId)).toBe(true);
    await queue.close();
    const asked = texts.get(photoId);
    expect(asked?.reason).not.toBe(NOT_A_SCREENSHOT);
    expect(['read', 'no-text']).toContain(asked?.status);
  });

  it('queues HEIC pictures and decodes them as the previews do', async () => {
    const { vault, caseId } = await makeVault();
    // An HEIC photo with no camera EXIF (so it is read), of a lake: decoded, no text in it.
    await importPaths(vault, [path.join(PHOTOS, 'heic-single.heic')], { caseId });
    const texts = new EvidenceTextRepository(vault.db);
    expect(texts.listPending(caseId).map((p) => p.mediaType)).toEqual(['image/heif']);
    const queue = new TextQueue(vault);
    queue.enqueuePending(caseId);
    await queue.close();
    // Not "could not be opened (damaged)", which is what an undecoded HEIC gives.
    expect(texts.get(idOf(vault, caseId, 'heic-single.heic'))).toMatchObject({
      status: 'no-text',
      reason: NO_TEXT_FOUND,
    });
  });
});
