// A WhatsApp export unzipped on a Mac: the transcript names attachments composed (NFC), while the
// files on disk may be decomposed (NFD). Linux keeps names byte for byte, so writing the files
// under NFD names here makes that happen.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventsRepository } from '../../../../main/core/db/repositories/events';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { importPaths } from '../../../../main/core/import/pipeline';
import { makeTempDir } from '../../../helpers/temp-dir';
import { PHOTOS_DIR } from './fixtures';
import { makeVault } from './import-vault';

// An iPhone export (the kind a Mac user has): documents keep their own names. The Android form,
// "Muñoz.jpg (file attached)", is not recognised by whatsapp-chat-parser for non-ASCII names.
const PHOTO = '00000012-Muñoz.jpg';
const NOTICE = '00000013-Résumé notice.pdf';

function writeExport(folder: string): void {
  fs.writeFileSync(
    path.join(folder, '_chat.txt'),
    [
      '[12/05/24, 21:43:10] Ravi: Pay today or we call your family',
      `[13/05/24, 09:15:00] Ravi: \u200e<attached: ${PHOTO}>`,
      `[13/05/24, 09:16:00] Ravi: \u200e<attached: ${NOTICE}>`,
      'legal notice for you',
      '',
    ].join('\n'),
  );
  fs.copyFileSync(path.join(PHOTOS_DIR, 'noexif.jpg'), path.join(folder, PHOTO.normalize('NFD')));
  fs.writeFileSync(path.join(folder, NOTICE.normalize('NFD')), '%PDF-1.4\n% a notice\n');
}

describe('chat attachments with decomposed names', () => {
  it('the files really are named in NFD, unlike the transcript', () => {
    const folder = makeTempDir();
    writeExport(folder);
    const names = fs.readdirSync(folder);
    expect(names).toContain(PHOTO.normalize('NFD'));
    expect(names).not.toContain(PHOTO);
  });

  it('links each attachment of an unzipped export to the message that sent it', async () => {
    const { vault, caseId } = await makeVault();
    const folder = makeTempDir();
    writeExport(folder);
    const results = await importPaths(vault, [folder], { caseId });
    expect(results.map((r) => r.status)).toEqual(['imported', 'imported', 'imported']);
    const byName = new Map(
      new EvidenceRepository(vault.db)
        .listByCase(caseId)
        .map((e) => [e.originalName.normalize('NFC'), e.id]),
    );
    const messages = new EventsRepository(vault.db)
      .listByCase(caseId)
      .filter((e) => e.kind === 'message');
    expect(messages.map((m) => m.evidenceIds).sort()).toEqual(
      [[], [byName.get(PHOTO)], [byName.get(NOTICE)]].sort(),
    );
  });

  it('gives an attachment in a zip made on a Mac the time of the message that sent it', async () => {
    const { vault, caseId } = await makeVault();
    const folder = makeTempDir();
    writeExport(folder);
    const zip = path.join(makeTempDir(), 'WhatsApp Chat - Ravi.zip');
    // Python's zipfile marks non-ASCII names as UTF-8 (flag bit 11), as macOS' Archive Utility does.
    execFileSync('python3', [
      '-c',
      'import sys, os, zipfile\nz = zipfile.ZipFile(sys.argv[1], "w")\nfor n in os.listdir(sys.argv[2]): z.write(os.path.join(sys.argv[2], n), n)',
      zip,
      folder,
    ]);
    const results = await importPaths(vault, [zip], { caseId });
    const photo = results.find((r) => r.path.normalize('NFC').endsWith(PHOTO));
    expect(photo).toMatchObject({
      status: 'imported',
      capturedAtSource: 'chat-export',
      capturedAt: '2024-05-13T09:15:00+05:30',
    });
    const messages = new EventsRepository(vault.db).listByCase(caseId);
    expect(messages.filter((m) => m.evidenceIds.length > 0)).toHaveLength(2);
  });
});
