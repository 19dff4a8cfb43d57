// Pasting a picture in the desktop app: its bytes travel through `evidence:importPasted` into a
// real vault, through the same pipeline as a dropped file, and no plaintext copy is left behind.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../../main/api/dispatch';
import { createHandlers, type ApiHandlers } from '../../../../main/api/handlers';
import { AppCore } from '../../../../main/core/app-core';
import { sweepLeftoverPastes } from '../../../../main/core/import/paste-import';
import {
  MAX_PASTED_IMAGE_BYTES,
  type EvidenceItem,
  type ImportResultItem,
} from '../../../../shared/api-contract';
import { makeTempDir } from '../../../helpers/temp-dir';

const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) {
    await core.previewsIdle();
    void core.close();
  }
});

async function setUp(): Promise<{ handlers: ApiHandlers; caseId: string }> {
  const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
  cores.push(core);
  const handlers = createHandlers(core, {});
  await dispatchCall(handlers, 'vault:create', { passphrase: 'monsoon tea on the terrace' });
  const created = await dispatchCall(handlers, 'case:create', {
    title: 'QuickCash',
    timezone: 'Asia/Kolkata',
  });
  if (!created.ok) throw new Error('no case');
  return { handlers, caseId: (created.value as { id: string }).id };
}

function listPasteFolders(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('sakshya-paste-'));
}

async function listEvidence(handlers: ApiHandlers, caseId: string): Promise<EvidenceItem[]> {
  const listed = await dispatchCall(handlers, 'evidence:list', { caseId });
  if (!listed.ok) throw new Error('no list');
  return listed.value as EvidenceItem[];
}

describe('evidence:importPasted', () => {
  it('imports a pasted PNG under its pasted name, as captured by her, and writes no temporary copy', async () => {
    const { handlers, caseId } = await setUp();
    const png = await sharp({
      create: { width: 320, height: 640, channels: 3, background: '#1f6feb' },
    })
      .png()
      .toBuffer();
    const before = listPasteFolders();
    const answer = await dispatchCall(handlers, 'evidence:importPasted', {
      caseId,
      taskId: randomUUID(),
      name: 'pasted-20240512-214310.png',
      mediaType: 'image/png',
      dataBase64: png.toString('base64'),
    });
    expect(answer.ok).toBe(true);
    const results = answer.ok ? (answer.value as { results: ImportResultItem[] }).results : [];
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      name: 'pasted-20240512-214310.png',
      status: 'imported',
      mediaType: 'image/png',
    });
    const sha = createHash('sha256').update(png).digest('hex');
    expect(results[0]?.sha256).toBe(sha);

    const items = await listEvidence(handlers, caseId);
    expect(items.map((item) => [item.originalName, item.provenance])).toEqual([
      ['pasted-20240512-214310.png', { kind: 'captured-by-me', note: 'pasted from the clipboard' }],
    ]);
    expect(listPasteFolders()).toEqual(before);
  });

  it.each([
    [
      'a payload over the size cap',
      'pasted-1.png',
      'A'.repeat(Math.ceil(MAX_PASTED_IMAGE_BYTES / 3) * 4 + 4),
    ],
    [
      'bytes that are not a picture',
      'pasted-2.png',
      Buffer.from('hello, this is text').toString('base64'),
    ],
    ['a name with a folder in it', '../pasted-3.png', Buffer.from('x').toString('base64')],
  ])('refuses %s with INVALID_INPUT and keeps nothing', async (_what, name, dataBase64) => {
    const { handlers, caseId } = await setUp();
    const before = listPasteFolders();
    const answer = await dispatchCall(handlers, 'evidence:importPasted', {
      caseId,
      name,
      mediaType: 'image/png',
      dataBase64,
    });
    expect(answer.ok ? null : answer.error.code).toBe('INVALID_INPUT');
    expect(await listEvidence(handlers, caseId)).toEqual([]);
    expect(listPasteFolders()).toEqual(before);
  });

  it('refuses a decoded picture just over the cap, even when its base64 fits the schema', async () => {
    const { handlers, caseId } = await setUp();
    // PNG signature first, so only the size can be what is refused.
    const bytes = Buffer.alloc(MAX_PASTED_IMAGE_BYTES + 1);
    Buffer.from('89504e470d0a1a0a', 'hex').copy(bytes);
    const answer = await dispatchCall(handlers, 'evidence:importPasted', {
      caseId,
      name: 'pasted-20240512-214311.png',
      mediaType: 'image/png',
      dataBase64: bytes.toString('base64'),
    });
    expect(answer.ok ? null : answer.error.code).toBe('INVALID_INPUT');
    expect(await listEvidence(handlers, caseId)).toEqual([]);
  });

  it('writes no plain copy of the pasted picture anywhere: not in the vault, not in the temporary folder', async () => {
    const tmp = makeTempDir('sakshya-paste-tmpdir-');
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const { handlers, caseId } = await setUp();
      const marker = `PASTED-MARKER-${randomUUID()}`;
      const png = await sharp({
        create: { width: 64, height: 64, channels: 3, background: '#aa3300' },
      })
        .png()
        .withMetadata({ exif: { IFD0: { ImageDescription: marker } } })
        .toBuffer();
      expect(png.includes(marker)).toBe(true);
      const answer = await dispatchCall(handlers, 'evidence:importPasted', {
        caseId,
        name: 'pasted-20240512-214312.png',
        mediaType: 'image/png',
        dataBase64: png.toString('base64'),
      });
      expect(answer.ok).toBe(true);
      const items = await listEvidence(handlers, caseId);
      expect(items).toHaveLength(1);
      // The vault itself was made under this temporary folder too, so one search covers both.
      const root = cores.at(-1)?.requireVault().layout.root ?? '';
      expect(root.startsWith(tmp)).toBe(true);
      expect(findFilesContaining(tmp, marker)).toEqual([]);
      expect(fs.readdirSync(tmp).filter((name) => name.startsWith('sakshya-paste-'))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

function findFilesContaining(dir: string, marker: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (fs.readFileSync(file).includes(marker)) found.push(file);
  }
  return found;
}

describe('sweepLeftoverPastes', () => {
  it('removes pasted copies left by a crash an hour ago, and leaves fresh ones and other folders alone', () => {
    const parent = makeTempDir('sakshya-paste-sweep-');
    const now = Date.now();
    const old = path.join(parent, 'sakshya-paste-old123');
    const fresh = path.join(parent, 'sakshya-paste-fresh45');
    const other = path.join(parent, 'someone-else-old');
    for (const dir of [old, fresh, other]) {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pasted-20240512-214310.png'), 'picture');
    }
    const twoHoursAgo = new Date(now - 2 * 60 * 60 * 1000);
    fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
    fs.utimesSync(other, twoHoursAgo, twoHoursAgo);

    expect(sweepLeftoverPastes(parent, now)).toBe(1);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
  });
});
