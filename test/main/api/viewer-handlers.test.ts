// The viewer calls end to end through the contract: real fixture photos in a real temporary vault,
// details drawn from their metadata and custody, the picture itself (HEIC converted), a damaged
// picture explained, and a corrected time that keeps the original.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers, type ApiHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { readEvidenceSidecars } from '../../../main/core/vault/sidecars';
import type { ImportResultItem } from '../../../shared/api-contract';
import type { EvidenceDetails, EvidenceView } from '../../../shared/contract/viewer';
import { makeTempDir } from '../../helpers/temp-dir';

const PHOTOS = path.resolve(import.meta.dirname, '../../fixtures/photos');
const CHAT = path.resolve(import.meta.dirname, '../../fixtures/whatsapp/android-ddmmyy-24h.txt');

interface Harness {
  core: AppCore;
  handlers: ApiHandlers;
  caseId: string;
  vaultDir: string;
}

const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) {
    await core.previewsIdle();
    void core.close();
  }
});

async function setUp(): Promise<Harness> {
  const vaultDir = path.join(makeTempDir(), 'vault');
  const core = new AppCore({ vaultDir, scryptLogN: 10 });
  cores.push(core);
  const handlers = createHandlers(core, {});
  await call(handlers, 'vault:create', { passphrase: 'monsoon tea on the terrace' });
  const created = (await call(handlers, 'case:create', {
    title: 'QuickCash',
    timezone: 'Asia/Kolkata',
  })) as { id: string };
  return { core, handlers, caseId: created.id, vaultDir };
}

async function call(handlers: ApiHandlers, name: string, input: unknown): Promise<unknown> {
  const result = await dispatchCall(handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function importOne(h: Harness, file: string): Promise<string> {
  const answer = (await call(h.handlers, 'evidence:import', {
    caseId: h.caseId,
    paths: [file],
  })) as {
    results: ImportResultItem[];
  };
  const id = answer.results[0]?.evidenceId;
  if (id === null || id === undefined) throw new Error(`${file} was not imported`);
  return id;
}

function sha256Of(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The independent oracle: Debian's exiftool, signed decimal degrees. */
function readGpsWithExiftool(file: string): [number, number] {
  const out = execFileSync('exiftool', ['-n', '-T', '-GPSLatitude', '-GPSLongitude', file], {
    encoding: 'utf8',
  });
  const [latitude = Number.NaN, longitude = Number.NaN] = out.trim().split('\t').map(Number);
  return [latitude, longitude];
}

function decodeDataUrl(dataUrl: string): { mediaType: string; bytes: Buffer } {
  const match = /^data:([^;]+);base64,(.*)$/s.exec(dataUrl);
  if (match === null) throw new Error('not a data: URL');
  return { mediaType: match[1] ?? '', bytes: Buffer.from(match[2] ?? '', 'base64') };
}

describe('the viewer calls', () => {
  it('describes a camera photo: hash, size, device, EXIF highlights, time source and its import in the custody log', async () => {
    const h = await setUp();
    const file = path.join(PHOTOS, 'canon-dslr.jpg');
    const id = await importOne(h, file);

    const details = (await call(h.handlers, 'evidence:get', { evidenceId: id })) as EvidenceDetails;
    expect(details).toMatchObject({
      id,
      caseId: h.caseId,
      timezone: 'Asia/Kolkata',
      originalName: 'canon-dslr.jpg',
      size: fs.statSync(file).size,
      mediaType: 'image/jpeg',
      sha256: sha256Of(file),
      isImage: true,
      original: null,
      correction: null,
      device: { make: 'Canon', model: 'Canon EOS 1300D' },
      exif: {
        dateOriginal: '2019:10:26 16:07:24',
        width: 5184,
        height: 3456,
        orientation: 'Horizontal (normal)',
        exposure: '1/160 s',
        aperture: 'f/10',
        iso: 'ISO 400',
        focalLength: '36 mm',
      },
      provenance: { kind: 'unknown' },
      notes: '',
      tags: [],
    });
    expect(details.captured).toMatchObject({ source: 'exif', zoneAssumed: true });
    // No offset in the file, so the wall clock is read in the case's zone.
    expect(details.captured.local).toBe('2019-10-26T16:07:24+05:30');
    expect(details.custody).toHaveLength(1);
    expect(details.custody[0]).toMatchObject({ action: 'evidence.added', kind: 'added' });
    expect(details.custody[0]?.summary).toContain('canon-dslr.jpg');
    // Nothing in the answer points into the vault.
    const text = JSON.stringify(details);
    expect(text).not.toContain(h.vaultDir);
    expect(text).not.toContain(h.core.requireVault().blobNameFor(details.sha256));
  });

  it('gives GPS as the decimal coordinates exiftool reads from the same file, and none for a photo without', async () => {
    const h = await setUp();
    const phone = path.join(PHOTOS, 'IMG_20180725_163423-tiny.jpg');
    const png = path.join(PHOTOS, 'png_with_exif_and_gps.png');
    const without = path.join(PHOTOS, 'noexif.jpg');
    for (const file of [phone, png]) {
      const id = await importOne(h, file);
      const details = (await call(h.handlers, 'evidence:get', {
        evidenceId: id,
      })) as EvidenceDetails;
      const [latitude, longitude] = readGpsWithExiftool(file);
      expect(details.gps?.latitude, path.basename(file)).toBeCloseTo(latitude, 5);
      expect(details.gps?.longitude, path.basename(file)).toBeCloseTo(longitude, 5);
    }
    const plain = await importOne(h, without);
    const details = (await call(h.handlers, 'evidence:get', {
      evidenceId: plain,
    })) as EvidenceDetails;
    expect(details.gps).toBeNull();
    expect(details.device).toEqual({ make: null, model: null, software: null });
  });

  it('sends a JPEG as its original bytes, untouched', async () => {
    const h = await setUp();
    const file = path.join(PHOTOS, 'img_1771.jpg');
    const id = await importOne(h, file);
    const view = (await call(h.handlers, 'evidence:view', { evidenceId: id })) as EvidenceView;
    if (view.kind !== 'image')
      throw new Error(`expected a picture, got ${'reason' in view ? view.reason : view.kind}`);
    const { mediaType, bytes } = decodeDataUrl(view.dataUrl);
    expect(mediaType).toBe('image/jpeg');
    expect(bytes.equals(fs.readFileSync(file))).toBe(true);
    // The pixels the file holds; its EXIF still names the camera's own 2272 × 1704.
    expect(view).toMatchObject({ width: 480, height: 360, converted: false, downscaled: false });
  });

  it('turns an iPhone HEIC photo into a full-size picture the window can draw', async () => {
    const h = await setUp();
    const id = await importOne(h, path.join(PHOTOS, 'heic-iphone7.heic'));
    const details = (await call(h.handlers, 'evidence:get', { evidenceId: id })) as EvidenceDetails;
    expect(details).toMatchObject({ mediaType: 'image/heic', isImage: true });
    expect(details.device).toMatchObject({ make: 'Apple', model: 'iPhone 7' });
    expect(details.exif.offset).toBe('+02:00');
    const [latitude, longitude] = readGpsWithExiftool(path.join(PHOTOS, 'heic-iphone7.heic'));
    expect(details.gps?.latitude).toBeCloseTo(latitude, 5);
    expect(details.gps?.longitude).toBeCloseTo(longitude, 5);

    const view = (await call(h.handlers, 'evidence:view', { evidenceId: id })) as EvidenceView;
    if (view.kind !== 'image')
      throw new Error(`expected a picture, got ${'reason' in view ? view.reason : view.kind}`);
    expect(view.converted).toBe(true);
    const { mediaType, bytes } = decodeDataUrl(view.dataUrl);
    expect(['image/jpeg', 'image/png']).toContain(mediaType);
    const decoded = await sharp(bytes).metadata();
    expect(decoded.format).toBe(mediaType === 'image/png' ? 'png' : 'jpeg');
    expect([decoded.width, decoded.height]).toEqual([view.width, view.height]);
    // Full resolution: as large as the photo the phone took, not a preview.
    expect(Math.max(view.width, view.height)).toBeGreaterThan(1000);
  });

  it('explains a damaged picture instead of showing a broken image', async () => {
    const h = await setUp();
    // A JPEG's opening bytes followed by noise: it sniffs as a JPEG but holds no picture.
    const head = fs.readFileSync(path.join(PHOTOS, 'noexif.jpg')).subarray(0, 20);
    const noise = crypto.randomBytes(4000);
    const file = path.join(makeTempDir(), 'damaged.jpg');
    fs.writeFileSync(file, Buffer.concat([head, noise]));
    const id = await importOne(h, file);
    const view = (await call(h.handlers, 'evidence:view', { evidenceId: id })) as EvidenceView;
    expect(view).toMatchObject({ kind: 'none', reasonCode: 'unreadable' });
    if (view.kind === 'none') expect(view.reason).toMatch(/could not be read/);
  });

  it('says a chat export has no picture, and shows its details all the same', async () => {
    const h = await setUp();
    const id = await importOne(h, CHAT);
    const view = (await call(h.handlers, 'evidence:view', { evidenceId: id })) as EvidenceView;
    expect(view).toMatchObject({ kind: 'none', reasonCode: 'not-an-image' });
    const details = (await call(h.handlers, 'evidence:get', { evidenceId: id })) as EvidenceDetails;
    expect(details.isImage).toBe(false);
    expect(details.custody.map((entry) => entry.kind)).toEqual(['added', 'chat-imported']);
  });

  it('corrects the captured time with a reason, keeps the original, and logs it in the custody history', async () => {
    const h = await setUp();
    const id = await importOne(h, path.join(PHOTOS, 'canon-dslr.jpg'));
    const before = (await call(h.handlers, 'evidence:get', { evidenceId: id })) as EvidenceDetails;

    const after = (await call(h.handlers, 'evidence:setTime', {
      evidenceId: id,
      at: '2024-05-12T21:43',
      reason: 'The camera clock was wrong; the chat shows 12 May.',
    })) as EvidenceDetails;
    expect(after.captured).toMatchObject({
      at: '2024-05-12T16:13:00.000Z',
      local: '2024-05-12T21:43:00+05:30',
      source: 'user',
      zoneAssumed: true,
    });
    expect(after.original).toMatchObject({ at: before.captured.at, source: 'exif' });
    expect(after.correction?.reason).toBe('The camera clock was wrong; the chat shows 12 May.');
    expect(after.custody.map((entry) => entry.kind)).toEqual(['added', 'time-corrected']);
    expect(after.custody[1]?.summary).toContain('2024-05-12T21:43:00+05:30');

    // A second correction keeps the very first original.
    const again = (await call(h.handlers, 'evidence:setTime', {
      evidenceId: id,
      at: '2024-05-12T22:00:00+05:30',
      reason: 'Checked against the call log.',
    })) as EvidenceDetails;
    expect(again.original?.at).toBe(before.captured.at);
    expect(again.captured).toMatchObject({ at: '2024-05-12T16:30:00.000Z', zoneAssumed: false });
  });

  it('refuses a correction without a real reason or with an unreadable time, and changes nothing', async () => {
    const h = await setUp();
    const id = await importOne(h, path.join(PHOTOS, 'canon-dslr.jpg'));
    const noReason = await dispatchCall(h.handlers, 'evidence:setTime', {
      evidenceId: id,
      at: '2024-05-12T21:43',
      reason: '   ',
    });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const badTime = await dispatchCall(h.handlers, 'evidence:setTime', {
      evidenceId: id,
      at: '12/05/2024 9pm',
      reason: 'the camera clock was wrong',
    });
    expect(badTime).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const details = (await call(h.handlers, 'evidence:get', { evidenceId: id })) as EvidenceDetails;
    expect(details.captured.source).toBe('exif');
    expect(details.custody).toHaveLength(1);
  });

  it('saves notes and tags, logs the change once, and writes them to the item’s encrypted sidecar', async () => {
    const h = await setUp();
    const id = await importOne(h, path.join(PHOTOS, 'noexif.jpg'));
    const input = {
      evidenceId: id,
      notes: 'Sent to my brother on 12 May.',
      tags: ['threat', ' family ', 'Threat'],
    };
    const saved = (await call(h.handlers, 'evidence:setNotes', input)) as EvidenceDetails;
    expect(saved).toMatchObject({
      notes: 'Sent to my brother on 12 May.',
      tags: ['threat', 'family'],
    });
    const same = (await call(h.handlers, 'evidence:setNotes', input)) as EvidenceDetails;
    expect(same.custody.map((entry) => entry.kind)).toEqual(['added', 'notes-changed']);
    // The notes' own words stay out of the custody log.
    expect(JSON.stringify(h.core.requireVault().custody(`evidence:${id}`))).not.toContain(
      'brother',
    );
    // The sidecar is what `sakshya rebuild` restores from, so the notes must be in it too.
    const vault = h.core.requireVault();
    const sidecar = readEvidenceSidecars(vault.layout, vault.sidecarVerifier()).find(
      (item) => item.id === id,
    );
    expect(sidecar?.status).toBe('authentic');
    expect(sidecar?.status === 'refused' ? null : sidecar?.record).toMatchObject({
      notes: 'Sent to my brother on 12 May.',
      tags: ['threat', 'family'],
    });
  });

  it('answers NOT_FOUND for an id that is no evidence, and INVALID_INPUT for one that is no id', async () => {
    const h = await setUp();
    const missing = crypto.randomUUID();
    for (const name of ['evidence:get', 'evidence:view']) {
      expect(await dispatchCall(h.handlers, name, { evidenceId: missing })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect(await dispatchCall(h.handlers, name, { evidenceId: '../objects' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    expect(
      await dispatchCall(h.handlers, 'evidence:setTime', {
        evidenceId: missing,
        at: '2024-05-12T21:43',
        reason: 'the camera clock was wrong',
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers VAULT_LOCKED once the vault is locked', async () => {
    const h = await setUp();
    const id = await importOne(h, path.join(PHOTOS, 'noexif.jpg'));
    await call(h.handlers, 'vault:lock', {});
    expect(await dispatchCall(h.handlers, 'evidence:get', { evidenceId: id })).toMatchObject({
      ok: false,
      error: { code: 'VAULT_LOCKED' },
    });
  });
});
