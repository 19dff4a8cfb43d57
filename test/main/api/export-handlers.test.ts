// The export calls end to end through the contract: real fixture photos and a WhatsApp chat in a
// real temporary vault, exported to a real zip (the web transport's download folder, or the path a
// desktop save dialog gave), checked with sha256sum and `export:verify`, cancelled, and refused.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../main/api/dispatch';
import { defaultBundleName, type DesktopActions } from '../../../main/api/export-handlers';
import { createHandlers, type ApiHandlers, type HandlerOptions } from '../../../main/api/handlers';
import type { EmitEvent } from '../../../main/api/locker';
import { AppCore } from '../../../main/core/app-core';
import { ExportDownloadStore } from '../../../main/web-transport/export-downloads';
import { UploadStore } from '../../../main/web-transport/uploads';
import type { ApiResult, EventName, EventPayload } from '../../../shared/api-contract';
import type { ExportedBundle, VerifyReport } from '../../../shared/contract/export';
import { listFiles, makeTempDir } from '../../helpers/temp-dir';

const PHOTOS = path.resolve(import.meta.dirname, '../../fixtures/photos');
const CHAT = path.resolve(import.meta.dirname, '../../fixtures/whatsapp/android-ddmmyy-24h.txt');
const FILES = [
  path.join(PHOTOS, 'canon-dslr.jpg'),
  path.join(PHOTOS, 'png_with_exif_and_gps.png'),
  path.join(PHOTOS, 'Bush-dog.jpg'),
  CHAT,
];

interface Harness {
  core: AppCore;
  handlers: ApiHandlers;
  progress: EventPayload<'progress'>[];
  caseId: string;
  root: string;
}

const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) {
    await core.previewsIdle();
    void core.close();
  }
});

async function setUp(options: Omit<HandlerOptions, 'emit'> = {}): Promise<Harness> {
  const root = makeTempDir('sakshya-export-api-');
  const core = new AppCore({ vaultDir: path.join(root, 'vault'), scryptLogN: 10 });
  cores.push(core);
  const progress: EventPayload<'progress'>[] = [];
  const emit: EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    if (event === 'progress') progress.push(payload as EventPayload<'progress'>);
  };
  const handlers = createHandlers(core, { emit, ...options });
  await core.create('monsoon tea on the terrace');
  const created = core.createCase({ title: 'QuickCash', timezone: 'Asia/Kolkata' });
  const imported = await core.importEvidence({
    taskId: crypto.randomUUID(),
    caseId: created.id,
    paths: FILES,
  });
  expect(imported.every((result) => result.status === 'imported')).toBe(true);
  return { core, handlers, progress, caseId: created.id, root };
}

async function call<T>(handlers: ApiHandlers, name: string, input: unknown): Promise<T> {
  const result = await dispatchCall(handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code}`);
  return result.value as T;
}

function sha256sum(file: string): string {
  return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0] ?? '';
}

/** A desktop whose save dialog answers with `answers` in turn, recording what it was asked. */
function fakeDesktop(answers: (string | null)[]): DesktopActions & {
  asked: string[];
  revealed: string[];
} {
  const asked: string[] = [];
  const revealed: string[] = [];
  return {
    asked,
    revealed,
    chooseSavePath(defaultName) {
      asked.push(defaultName);
      return Promise.resolve(answers.shift() ?? null);
    },
    revealInFolder(filePath) {
      revealed.push(filePath);
    },
  };
}

describe('the export calls in the web transport', () => {
  it('exports the whole case to a private download folder, reports progress, and the bundle verifies', async () => {
    const downloads = new ExportDownloadStore(makeTempDir());
    const h = await setUp({ downloads });
    const taskId = crypto.randomUUID();
    const { bundle } = await call<{ bundle: ExportedBundle | null }>(h.handlers, 'export:run', {
      taskId,
      caseId: h.caseId,
      extraHashes: ['md5', 'sha1'],
      device: {
        make: 'Samsung',
        model: 'Galaxy M31',
        serial: '356789104563218',
        ownership: 'Owned by me',
      },
    });
    if (bundle === null) throw new Error('no bundle');
    expect(bundle.itemCount).toBe(4);
    expect(bundle.folder).toBeNull();
    expect(bundle.canReveal).toBe(false);
    expect(bundle.files).toHaveLength(1);
    const [file] = bundle.files;
    if (file === undefined) throw new Error('no file');
    // Base names only: nothing of the vault or the temporary folder reaches the page.
    expect(file.name).toMatch(/^sakshya-bundle-\d{4}-\d{2}-\d{2}\.zip$/);
    expect(JSON.stringify(bundle)).not.toContain(h.root);
    expect(file.downloadUrl).toMatch(/^\/api\/download\/[0-9a-f]{32}\/sakshya-bundle-/);

    const written = downloads.resolve(file.downloadUrl ?? '');
    if (written === null) throw new Error('the download does not resolve');
    expect(sha256sum(written)).toBe(file.sha256);
    expect(fs.statSync(written).size).toBe(file.size);
    execFileSync('unzip', ['-tq', written]);

    const mine = h.progress.filter((event) => event.taskId === taskId);
    expect(mine.length).toBeGreaterThan(0);
    const last = mine.at(-1);
    expect(last?.done).toBe(last?.total);

    const report = await call<VerifyReport>(h.handlers, 'export:verify', { path: written });
    expect(report).toMatchObject({ intact: true, signature: 'valid', problems: [] });
    expect(report.bundleId).toBe(bundle.bundleId);
    expect(report.signingKeyFingerprint).toBe(bundle.signingKeyFingerprint);
    expect(report.vaultOrigin).toBe('this-vault');
    expect(report.signer).toBe('unconfirmed');
    // With the fingerprint the sender gave, the same check confirms or refuses the signer.
    const expected = await call<VerifyReport>(h.handlers, 'export:verify', {
      path: written,
      expectKey: bundle.signingKeyFingerprint,
    });
    expect(expected).toMatchObject({ intact: true, signer: 'expected' });
    const mismatch = await call<VerifyReport>(h.handlers, 'export:verify', {
      path: written,
      expectKey: `SHA256:${'A'.repeat(43)}`,
    });
    expect(mismatch).toMatchObject({ intact: false, signer: 'mismatch' });

    // Another vault's handlers see a valid signature from a key that is not theirs; locked, they
    // cannot tell whose it is.
    const other = await setUp({ downloads: new ExportDownloadStore(makeTempDir()) });
    await call(other.handlers, 'export:run', { taskId: crypto.randomUUID(), caseId: other.caseId });
    const seenElsewhere = await call<VerifyReport>(other.handlers, 'export:verify', {
      path: written,
    });
    expect(seenElsewhere).toMatchObject({
      intact: true,
      signature: 'valid',
      vaultOrigin: 'another-key',
    });
    other.core.lock('user');
    const seenLocked = await call<VerifyReport>(other.handlers, 'export:verify', { path: written });
    expect(seenLocked).toMatchObject({ intact: true, signature: 'valid', vaultOrigin: 'unknown' });

    // No desktop here: nothing to reveal.
    expect(await call(h.handlers, 'export:reveal', { bundleId: bundle.bundleId })).toEqual({
      shown: false,
    });
  });

  it('verifies an uploaded zip, names the one changed file, and deletes the upload afterwards', async () => {
    const downloads = new ExportDownloadStore(makeTempDir());
    const uploads = new UploadStore({ parentDir: makeTempDir() });
    const h = await setUp({ downloads, uploads });
    const { bundle } = await call<{ bundle: ExportedBundle }>(h.handlers, 'export:run', {
      taskId: crypto.randomUUID(),
      caseId: h.caseId,
      evidenceIds: h.core
        .listEvidence(h.caseId)
        .filter((item) => item.mediaType.startsWith('image/'))
        .map((item) => item.id),
    });
    expect(bundle.itemCount).toBe(3);
    const written = downloads.resolve(bundle.files[0]?.downloadUrl ?? '') ?? '';

    // Unzip, change one byte of one evidence file, zip it again: what a tampered copy looks like.
    const work = makeTempDir();
    execFileSync('unzip', ['-q', written, '-d', work]);
    const bag = path.join(work, fs.readdirSync(work)[0] ?? '');
    const evidenceDir = fs.existsSync(path.join(bag, 'data', 'evidence'))
      ? path.join(bag, 'data', 'evidence')
      : path.join(work, 'data', 'evidence');
    const victim = fs.readdirSync(evidenceDir).sort()[0] ?? '';
    const bytes = fs.readFileSync(path.join(evidenceDir, victim));
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    fs.writeFileSync(path.join(evidenceDir, victim), bytes);
    const tampered = path.join(makeTempDir(), 'tampered.zip');
    execFileSync('zip', ['-qr', tampered, '.'], { cwd: work });

    const received = await uploads.receive(fs.createReadStream(tampered), 'tampered.zip');
    if (!received.ok) throw new Error('upload refused');
    const report = await call<VerifyReport>(h.handlers, 'export:verify', {
      uploadId: received.uploadId,
    });
    expect(report.intact).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ code: 'hash-mismatch', path: `data/evidence/${victim}` }),
    ]);
    expect(uploads.size).toBe(0);
  });
});

describe('split bundles and locking', () => {
  it('splits into parts that each verify, named and fingerprinted one by one', async () => {
    const downloads = new ExportDownloadStore(makeTempDir());
    const h = await setUp({ downloads });
    const { bundle } = await call<{ bundle: ExportedBundle }>(h.handlers, 'export:run', {
      taskId: crypto.randomUUID(),
      caseId: h.caseId,
      splitMb: 1,
    });
    expect(bundle.files.length).toBeGreaterThan(1);
    const count = bundle.files.length;
    bundle.files.forEach((file, index) => {
      expect(file.name).toMatch(new RegExp(`-part${String(index + 1)}-of-${String(count)}\\.zip$`));
      const written = downloads.resolve(file.downloadUrl ?? '');
      if (written === null) throw new Error(`${file.name} is not downloadable`);
      expect(sha256sum(written)).toBe(file.sha256);
    });
    for (const file of bundle.files) {
      const report = await call<VerifyReport>(h.handlers, 'export:verify', {
        path: downloads.resolve(file.downloadUrl ?? '') ?? '',
      });
      expect([file.name, report.intact, report.bundleId]).toEqual([
        file.name,
        true,
        bundle.bundleId,
      ]);
    }
  });

  it('stops an export when the vault locks, and leaves no partial file', async () => {
    const folder = makeTempDir();
    const h = await setUp({ desktop: fakeDesktop([path.join(folder, 'bundle.zip')]) });
    const taskId = crypto.randomUUID();
    const running = dispatchCall(h.handlers, 'export:run', { taskId, caseId: h.caseId });
    // Locked once the bundle is under way, as the idle timer would.
    await expect
      .poll(() => h.progress.some((event) => event.taskId === taskId), { interval: 5 })
      .toBe(true);
    h.core.lock('idle');
    const result = await running;
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});

describe('the export calls on the desktop', () => {
  it('saves where the save dialog says, tells the folder, and shows the file in it', async () => {
    const target = path.join(makeTempDir(), 'for-the-lawyer');
    const desktop = fakeDesktop([target]);
    const h = await setUp({ desktop });
    const { bundle } = await call<{ bundle: ExportedBundle }>(h.handlers, 'export:run', {
      taskId: crypto.randomUUID(),
      caseId: h.caseId,
      includeChats: false,
    });
    // The dialog was offered a name with no case details in it, and ".zip" was added to her choice.
    expect(desktop.asked).toEqual([
      expect.stringMatching(/^sakshya-bundle-\d{4}-\d{2}-\d{2}\.zip$/),
    ]);
    expect(bundle.folder).toBe(path.dirname(target));
    expect(bundle.canReveal).toBe(true);
    expect(bundle.files.map((file) => [file.name, file.downloadUrl])).toEqual([
      ['for-the-lawyer.zip', null],
    ]);
    expect(sha256sum(`${target}.zip`)).toBe(bundle.files[0]?.sha256);

    expect(await call(h.handlers, 'export:reveal', { bundleId: bundle.bundleId })).toEqual({
      shown: true,
    });
    expect(desktop.revealed).toEqual([`${target}.zip`]);
    expect(await call(h.handlers, 'export:reveal', { bundleId: crypto.randomUUID() })).toEqual({
      shown: false,
    });

    const report = await call<VerifyReport>(h.handlers, 'export:verify', { path: `${target}.zip` });
    expect(report.intact).toBe(true);
  });

  it('writes nothing when she closes the save dialog', async () => {
    const desktop = fakeDesktop([null]);
    const h = await setUp({ desktop });
    const before = listFiles(h.root).length;
    const result = await call(h.handlers, 'export:run', {
      taskId: crypto.randomUUID(),
      caseId: h.caseId,
    });
    expect(result).toEqual({ bundle: null });
    expect(listFiles(h.root).length).toBe(before);
  });

  it('says NOT_WRITABLE for a place it cannot write, and leaves nothing there', async () => {
    const parent = makeTempDir();
    const blocker = path.join(parent, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    const h = await setUp({ desktop: fakeDesktop([path.join(blocker, 'bundle.zip')]) });
    const result = await dispatchCall(h.handlers, 'export:run', {
      taskId: crypto.randomUUID(),
      caseId: h.caseId,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_WRITABLE' } });
    expect(fs.readdirSync(parent)).toEqual(['not-a-folder']);
  });

  it('stops when cancelled as it starts, says CANCELLED, and leaves no partial file', async () => {
    const folder = makeTempDir();
    const h = await setUp({ desktop: fakeDesktop([path.join(folder, 'bundle.zip')]) });
    const taskId = crypto.randomUUID();
    // Cancel as soon as the first file is done, from the same place the page would.
    const running = dispatchCall(h.handlers, 'export:run', { taskId, caseId: h.caseId });
    const cancelled = await waitForCancel(h.handlers, taskId);
    expect(cancelled).toBe(true);
    const result: ApiResult<unknown> = await running;
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(fs.readdirSync(folder)).toEqual([]);
    expect(await call(h.handlers, 'export:cancel', { taskId })).toEqual({ cancelled: false });
  });
});

describe('defaultBundleName', () => {
  it('names the bundle after the computer’s own day, and nothing about the case', () => {
    expect(defaultBundleName(new Date(2025, 0, 5, 23, 59))).toBe('sakshya-bundle-2025-01-05.zip');
    expect(defaultBundleName(new Date(2025, 11, 31, 0, 1))).toBe('sakshya-bundle-2025-12-31.zip');
  });
});

describe('refusals', () => {
  it('refuses a relative path, an unknown upload and a file that is not a bundle, each in its own words', async () => {
    const h = await setUp({ uploads: new UploadStore({ parentDir: makeTempDir() }) });
    expect(await dispatchCall(h.handlers, 'export:verify', { path: 'bundle.zip' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(
      await dispatchCall(h.handlers, 'export:verify', { uploadId: 'a'.repeat(32) }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(
      await dispatchCall(h.handlers, 'export:verify', {
        path: path.join(PHOTOS, 'canon-dslr.jpg'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'BUNDLE_UNREADABLE' } });
    expect(
      await dispatchCall(h.handlers, 'export:verify', {
        path: path.join(PHOTOS, 'canon-dslr.jpg'),
        uploadId: 'a'.repeat(32),
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('says there is no place to save when neither a dialog nor a download folder exists', async () => {
    const h = await setUp();
    expect(
      await dispatchCall(h.handlers, 'export:run', {
        taskId: crypto.randomUUID(),
        caseId: h.caseId,
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_WRITABLE' } });
    expect(
      await dispatchCall(h.handlers, 'export:run', {
        taskId: crypto.randomUUID(),
        caseId: crypto.randomUUID(),
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

/** Asks to cancel until main knows the task (it registers once the dialog has answered). */
async function waitForCancel(handlers: ApiHandlers, taskId: string): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const result = await call<{ cancelled: boolean }>(handlers, 'export:cancel', { taskId });
    if (result.cancelled) return true;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return false;
}
