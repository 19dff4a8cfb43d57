// The evidence calls end to end through the contract: real fixture files into a real temporary
// vault, with progress events, names she would recognise, previews and cancelling.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers, type ApiHandlers } from '../../../main/api/handlers';
import type { EmitEvent } from '../../../main/api/locker';
import { AppCore } from '../../../main/core/app-core';
import type {
  EventName,
  EventPayload,
  EvidenceItem,
  ImportResultItem,
  Thumbnail,
} from '../../../shared/api-contract';
import { makeTempDir } from '../../helpers/temp-dir';

const PHOTOS = path.resolve(import.meta.dirname, '../../fixtures/photos');
const CHAT = path.resolve(import.meta.dirname, '../../fixtures/whatsapp/android-ddmmyy-24h.txt');

interface Harness {
  core: AppCore;
  handlers: ApiHandlers;
  events: { event: EventName; payload: unknown }[];
  caseId: string;
  /** Runs on every event, after it is recorded. */
  onEvent: { current: (event: EventName, payload: unknown) => void };
}

const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) {
    await core.previewsIdle();
    void core.close();
  }
});

async function setUp(): Promise<Harness> {
  const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
  cores.push(core);
  const events: Harness['events'] = [];
  const onEvent: Harness['onEvent'] = { current: () => undefined };
  const emit: EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    events.push({ event, payload });
    onEvent.current(event, payload);
  };
  const handlers = createHandlers(core, { emit });
  await call(handlers, 'vault:create', { passphrase: 'monsoon tea on the terrace' });
  const created = (await call(handlers, 'case:create', {
    title: 'QuickCash',
    timezone: 'Asia/Kolkata',
  })) as { id: string };
  return { core, handlers, events, caseId: created.id, onEvent };
}

async function call(handlers: ApiHandlers, name: string, input: unknown): Promise<unknown> {
  const result = await dispatchCall(handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code}`);
  return result.value;
}

async function importFiles(
  h: Harness,
  input: Record<string, unknown>,
): Promise<{ taskId: string; results: ImportResultItem[] }> {
  return (await call(h.handlers, 'evidence:import', { caseId: h.caseId, ...input })) as {
    taskId: string;
    results: ImportResultItem[];
  };
}

describe('the evidence calls', () => {
  it('imports real photos and a WhatsApp chat, reporting progress under the caller’s task id', async () => {
    const h = await setUp();
    const taskId = crypto.randomUUID();
    const paths = [
      path.join(PHOTOS, 'canon-dslr.jpg'),
      path.join(PHOTOS, 'png_with_exif_and_gps.png'),
      CHAT,
    ];
    const { taskId: answered, results } = await importFiles(h, { taskId, paths });

    expect(answered).toBe(taskId);
    expect(results.map((r) => [r.name, r.status, r.reasonCode])).toEqual([
      ['canon-dslr.jpg', 'imported', null],
      ['png_with_exif_and_gps.png', 'imported', null],
      ['android-ddmmyy-24h.txt', 'imported', null],
    ]);
    expect(results[0]).toMatchObject({ mediaType: 'image/jpeg', capturedAtSource: 'exif' });
    expect(results[0]?.capturedAt).toMatch(/\+05:30$/);
    expect(results[2]).toMatchObject({ mediaType: 'text/plain', capturedAtSource: 'chat-export' });
    expect(results[2]?.messageCount).toBeGreaterThan(0);
    // Nothing in the answer points into the vault or at a full path.
    expect(JSON.stringify(results)).not.toContain(PHOTOS);

    const progress = h.events
      .filter((e) => e.event === 'progress')
      .map((e) => e.payload as EventPayload<'progress'>);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.taskId === taskId)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ done: 3, total: 3 });
    expect(progress.at(-1)?.bytesDone).toBe(progress.at(-1)?.bytesTotal);
  });

  it('reports the same files again as already here, and names files inside a dropped folder from that folder', async () => {
    const h = await setUp();
    const folder = path.join(makeTempDir(), 'phone');
    fs.mkdirSync(path.join(folder, 'DCIM'), { recursive: true });
    fs.copyFileSync(path.join(PHOTOS, 'noexif.jpg'), path.join(folder, 'DCIM', 'IMG_1.jpg'));
    fs.writeFileSync(path.join(folder, 'empty.txt'), '');
    fs.writeFileSync(path.join(folder, '.DS_Store'), 'finder');

    const first = await importFiles(h, { paths: [folder] });
    expect(first.results.map((r) => [r.name, r.status, r.reasonCode])).toEqual([
      [path.join('phone', '.DS_Store'), 'skipped', 'system-file'],
      [path.join('phone', 'DCIM', 'IMG_1.jpg'), 'imported', null],
      [path.join('phone', 'empty.txt'), 'skipped', 'empty'],
    ]);
    const again = await importFiles(h, { paths: [path.join(folder, 'DCIM', 'IMG_1.jpg')] });
    expect(again.results).toMatchObject([
      { name: 'IMG_1.jpg', status: 'duplicate', reasonCode: 'duplicate' },
    ]);
  });

  it('lists the case’s evidence with dates, sources and previews that become ready', async () => {
    const h = await setUp();
    await importFiles(h, { paths: [path.join(PHOTOS, 'canon-dslr.jpg'), CHAT] });
    await h.core.previewsIdle();

    const items = (await call(h.handlers, 'evidence:list', { caseId: h.caseId })) as EvidenceItem[];
    expect(
      items.map((i) => [i.originalName, i.mediaType, i.capturedAtSource, i.thumbnail]),
    ).toEqual([
      ['canon-dslr.jpg', 'image/jpeg', 'exif', 'ready'],
      ['android-ddmmyy-24h.txt', 'text/plain', 'chat-export', 'none'],
    ]);
    expect(items[0]?.capturedAt).toMatch(/Z$/);
    expect(items[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const photo = (await call(h.handlers, 'evidence:thumbnail', {
      evidenceId: items[0]?.id,
    })) as Thumbnail;
    expect(photo.status).toBe('ready');
    expect(photo.dataUrl).toMatch(/^data:image\/webp;base64,/);
    const bytes = Buffer.from(photo.dataUrl?.split(',')[1] ?? '', 'base64');
    expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString()).toBe('WEBP');

    const chat = (await call(h.handlers, 'evidence:thumbnail', {
      evidenceId: items[1]?.id,
    })) as Thumbnail;
    expect(chat).toMatchObject({ dataUrl: null, status: 'none' });
  });

  it('stops an import when asked, calling what was not finished cancelled', async () => {
    const h = await setUp();
    const folder = makeTempDir();
    for (let i = 0; i < 6; i++)
      fs.writeFileSync(path.join(folder, `note-${i}.txt`), `threat number ${i}\n`);
    const taskId = crypto.randomUUID();
    let asked = false;
    // The first progress event goes out at once (later ones are spaced out), so cancel on it.
    h.onEvent.current = (event) => {
      if (event !== 'progress' || asked) return;
      asked = true;
      void dispatchCall(h.handlers, 'evidence:cancelImport', { taskId }).then((answer) => {
        expect(answer).toEqual({ ok: true, value: { cancelled: true } });
      });
    };
    const { results } = await importFiles(h, { taskId, paths: [folder] });
    expect(asked).toBe(true);
    const added = results.filter((r) => r.status === 'imported');
    const cancelled = results.filter((r) => r.reasonCode === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    expect(added.length + cancelled.length).toBe(6);
    const items = (await call(h.handlers, 'evidence:list', { caseId: h.caseId })) as EvidenceItem[];
    expect(items).toHaveLength(added.length);
    // Once it has finished there is nothing left to cancel.
    expect(await dispatchCall(h.handlers, 'evidence:cancelImport', { taskId })).toEqual({
      ok: true,
      value: { cancelled: false },
    });
  });

  it('refuses relative paths, uploads where there are none, unknown cases and a locked vault', async () => {
    const h = await setUp();
    const relative = await dispatchCall(h.handlers, 'evidence:import', {
      caseId: h.caseId,
      paths: ['photos/a.jpg'],
    });
    expect(relative).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const uploads = await dispatchCall(h.handlers, 'evidence:import', {
      caseId: h.caseId,
      uploadIds: ['0'.repeat(32)],
    });
    expect(uploads).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const nothing = await dispatchCall(h.handlers, 'evidence:import', {
      caseId: h.caseId,
      paths: [],
    });
    expect(nothing).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const unknown = await dispatchCall(h.handlers, 'evidence:import', {
      caseId: crypto.randomUUID(),
      paths: [CHAT],
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    h.core.lock('user');
    expect(await dispatchCall(h.handlers, 'evidence:list', { caseId: h.caseId })).toMatchObject({
      ok: false,
      error: { code: 'VAULT_LOCKED' },
    });
    expect(
      await dispatchCall(h.handlers, 'evidence:import', { caseId: h.caseId, paths: [CHAT] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VAULT_LOCKED' },
    });
  });
});
