import { execFileSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventsRepository } from '../../../../main/core/db/repositories/events';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { AMBIGUOUS_DATES } from '../../../../main/core/import/chat-import';
import { importPaths } from '../../../../main/core/import/pipeline';
import { zonedWallTimeToUtc } from '../../../../main/core/time/zoned-time';
import { checkVault } from '../../../../main/core/vault/check';
import { listFiles, makeTempDir } from '../../../helpers/temp-dir';
import { craftZip } from './craft-files';
import { PHOTOS_DIR, WHATSAPP_DIR } from './fixtures';
import { IST, listUnrecordedBlobs, makeVault } from './import-vault';

interface ExpectedMessage {
  timestamp: string;
  author: string;
  message: string;
}

const expected = JSON.parse(
  fs.readFileSync(path.join(WHATSAPP_DIR, 'expected-messages.json'), 'utf8'),
) as ExpectedMessage[];

describe('importing WhatsApp transcripts', () => {
  it.each(['android-ddmmyy-24h.txt', 'android-mmddyyyy-12h.txt'])(
    'turns %s into exactly the reference messages as timeline events',
    async (name) => {
      const { vault, caseId } = await makeVault();
      const [result] = await importPaths(vault, [path.join(WHATSAPP_DIR, name)], { caseId });
      expect(result).toMatchObject({
        status: 'imported',
        capturedAtSource: 'chat-export',
        warnings: [],
      });
      const events = new EventsRepository(vault.db).listByCase(caseId);
      const messages = events.filter((e) => e.kind === 'message');
      expect(
        messages
          .map((e) => ({
            timestamp: e.details.localTime,
            author: e.actor,
            message: e.text.split('\n').join(' '),
          }))
          .sort((a, b) => String(b.timestamp).localeCompare(String(a.timestamp))),
      ).toEqual(expected);
      expect(events.filter((e) => e.kind === 'system')).toHaveLength(3);
      for (const event of events) {
        expect(event.occurredAt).toBe(zonedWallTimeToUtc(String(event.details.localTime), IST));
        expect(event.details).toMatchObject({
          zoneAssumed: true,
          chatEvidenceId: result?.evidenceId,
        });
      }
      expect(result?.messages).toHaveLength(9);
      expect(result?.messages?.at(-1)).toEqual({
        time: '2021-12-30T22:01:00+05:30',
        sender: 'John Doe',
        text: 'Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.',
      });
      const custody = vault
        .custody(`evidence:${result?.evidenceId ?? ''}`)
        .find((e) => e.action === 'chat.imported');
      expect(custody?.details).toMatchObject({ messages: 6, systemLines: 3 });
    },
  );

  it('reads an unsettled day/month order day-first with a warning, or as the caller says', async () => {
    const dir = makeTempDir();
    const chat = path.join(dir, 'WhatsApp Chat with Ravi.txt');
    fs.writeFileSync(
      chat,
      '05/06/24, 10:00 - Ravi: pay today\n07/06/24, 11:00 - Ravi: last warning\n',
    );
    const guessed = await makeVault();
    const [first] = await importPaths(guessed.vault, [chat], { caseId: guessed.caseId });
    expect(first?.warnings).toEqual([AMBIGUOUS_DATES]);
    expect(first?.messages?.map((m) => m.time)).toEqual([
      '2024-06-05T10:00:00+05:30',
      '2024-06-07T11:00:00+05:30',
    ]);
    const told = await makeVault();
    const [second] = await importPaths(told.vault, [chat], {
      caseId: told.caseId,
      dayFirst: false,
    });
    expect(second?.warnings).toEqual([]);
    expect(second?.messages?.map((m) => m.time)).toEqual([
      '2024-05-06T10:00:00+05:30',
      '2024-07-06T11:00:00+05:30',
    ]);
  });

  it('keeps a note that merely quotes a chat line as a plain file', async () => {
    const { vault, caseId } = await makeVault();
    const note = path.join(makeTempDir(), 'notes.txt');
    fs.writeFileSync(note, 'What he sent me:\n05/06/24, 10:00 - Ravi: pay today\n');
    const [result] = await importPaths(vault, [note], { caseId });
    expect(result).toMatchObject({ status: 'imported', capturedAtSource: 'file-mtime' });
    expect(result?.messages).toBeUndefined();
    expect(new EventsRepository(vault.db).listByCase(caseId)).toEqual([]);
  });
});

describe('importing a WhatsApp zip export', () => {
  function makeExport(): string {
    const source = makeTempDir();
    fs.writeFileSync(
      path.join(source, 'WhatsApp Chat with Ravi.txt'),
      [
        '12/05/24, 21:43 - Ravi: Pay today or we call your family',
        '13/05/24, 09:15 - Ravi: IMG-20240513-WA0001.jpg (file attached)',
        '13/05/24, 09:16 - Ravi: IMG-20240513-WA0002.jpg (file attached)',
        'your photo is on our list',
        '',
      ].join('\n'),
    );
    fs.copyFileSync(
      path.join(PHOTOS_DIR, 'noexif.jpg'),
      path.join(source, 'IMG-20240513-WA0001.jpg'),
    );
    fs.copyFileSync(
      path.join(PHOTOS_DIR, 'canon-dslr.jpg'),
      path.join(source, 'IMG-20240513-WA0002.jpg'),
    );
    const zip = path.join(makeTempDir(), 'WhatsApp Chat with Ravi.zip');
    execFileSync(
      'zip',
      [
        '-q',
        zip,
        'WhatsApp Chat with Ravi.txt',
        'IMG-20240513-WA0001.jpg',
        'IMG-20240513-WA0002.jpg',
      ],
      {
        cwd: source,
      },
    );
    return zip;
  }

  it('imports the zip, its transcript and its pictures, and links each picture to the message that sent it', async () => {
    const { vault, caseId } = await makeVault();
    const zip = makeExport();
    const results = await importPaths(vault, [zip], { caseId });
    expect(results.map((r) => [r.path, r.status])).toEqual([
      [zip, 'imported'],
      [`${zip}!/WhatsApp Chat with Ravi.txt`, 'imported'],
      [`${zip}!/IMG-20240513-WA0001.jpg`, 'imported'],
      [`${zip}!/IMG-20240513-WA0002.jpg`, 'imported'],
    ]);
    const [zipResult, transcript, noExif, withExif] = results;
    expect(zipResult).toMatchObject({
      mediaType: 'application/zip',
      capturedAtSource: 'chat-export',
      capturedAt: '2024-05-13T09:16:00+05:30',
    });
    expect(zipResult?.messages?.map((m) => m.sender)).toEqual(['Ravi', 'Ravi', 'Ravi']);
    // The picture without EXIF takes the minute of the message that sent it; the other keeps its EXIF time.
    expect(noExif).toMatchObject({
      capturedAtSource: 'chat-export',
      capturedAt: '2024-05-13T09:15:00+05:30',
    });
    expect(withExif).toMatchObject({
      capturedAtSource: 'exif',
      capturedAt: '2019-10-26T16:07:24+05:30',
    });

    const messages = new EventsRepository(vault.db).listByCase(caseId);
    expect(messages.map((e) => e.evidenceIds)).toEqual([
      [],
      [noExif?.evidenceId],
      [withExif?.evidenceId],
    ]);
    expect(messages[2]?.text).toBe(
      'IMG-20240513-WA0002.jpg (file attached)\nyour photo is on our list',
    );
    expect(messages[0]?.details).toMatchObject({
      chatEvidenceId: zipResult?.evidenceId,
      transcriptEvidenceId: transcript?.evidenceId,
    });
    const evidence = new EvidenceRepository(vault.db).listByCase(caseId);
    expect(evidence.map((e) => e.originalName).sort()).toEqual([
      'IMG-20240513-WA0001.jpg',
      'IMG-20240513-WA0002.jpg',
      'WhatsApp Chat with Ravi.txt',
      'WhatsApp Chat with Ravi.zip',
    ]);
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);

    const again = await importPaths(vault, [zip], { caseId });
    expect(again.map((r) => r.status)).toEqual(['duplicate']);
    expect(new EventsRepository(vault.db).listByCase(caseId)).toHaveLength(3);
    expect((await checkVault(vault)).problems).toEqual([]);
  });

  it('refuses a zip with a "../" entry and a zip bomb, storing and unpacking nothing', async () => {
    const { vault, caseId } = await makeVault();
    const work = makeTempDir();
    const inner = path.join(work, 'inside');
    fs.mkdirSync(inner);
    const evil = path.join(inner, 'evil.zip');
    fs.writeFileSync(
      evil,
      craftZip([
        { name: '_chat.txt', data: Buffer.from('12/05/24, 21:43 - Ravi: hello\n') },
        { name: '../evil.txt', data: Buffer.from('escaped') },
      ]),
    );
    execSync('head -c 1G /dev/zero | zip -q bomb.zip -', { cwd: inner, shell: '/bin/sh' });
    const before = listFiles(work).sort();

    const results = await importPaths(vault, [evil, path.join(inner, 'bomb.zip')], { caseId });
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(results[0]?.reason).toMatch(/refused.*climbs out/);
    expect(results[1]?.reason).toMatch(/refused.*zip bomb/);
    expect(results.map((r) => r.reasonCode)).toEqual(['zip-refused', 'zip-refused']);
    expect(listFiles(work).sort()).toEqual(before);
    expect(listFiles(vault.layout.root).filter((f) => f.includes('evil'))).toEqual([]);
    expect(listUnrecordedBlobs(vault)).toEqual([]);
    expect(new EvidenceRepository(vault.db).listByCase(caseId)).toEqual([]);
  });
});
