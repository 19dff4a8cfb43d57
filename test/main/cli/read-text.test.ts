import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { NOT_A_SCREENSHOT } from '../../../main/core/ocr/camera-photo';
import { cliOn, initCliVaultWithCase, parseJson } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const ENV = { SAKSHYA_PASSPHRASE: 'correct horse battery staple' };
const SCREENSHOTS = path.resolve(__dirname, '../../fixtures/screenshots');
const ENGLISH = path.join(SCREENSHOTS, 'english-light.png');
const HINDI = path.join(SCREENSHOTS, 'hindi-dark.png');

const sakshya = cliOn(ENV);

function initWithCase(): Promise<{ dir: string; caseId: string }> {
  return initCliVaultWithCase(ENV, 'Asia/Kolkata');
}

/**
 * A camera photo with words in it: the English screenshot, saved as a JPEG whose EXIF names a
 * camera and its exposure, as a photo of a screen taken with a camera would be.
 */
async function writeCameraPhotoOfScreen(): Promise<string> {
  const file = path.join(makeTempDir(), 'IMG_4471.jpg');
  const photo = await sharp(ENGLISH)
    .withExif({
      IFD0: { Make: 'Canon', Model: 'Canon EOS 200D' },
      IFD2: { ExposureTime: '1/60', FNumber: '4' },
    })
    .jpeg({ quality: 92 })
    .toBuffer();
  fs.writeFileSync(file, photo);
  return file;
}

interface Shown {
  evidence: { id: string; sha256: string };
  text: {
    status: string;
    reason?: string;
    label: string;
    text: string;
    sha256: string;
    layout: { words: { text: string }[] };
  };
  facts: { kind: string; value: string; person: { role: string } | null }[];
}

describe('sakshya import, read-text, evidence show and timeline --search', () => {
  it('finds an English and a Hindi word that are only inside screenshots', async () => {
    const { dir, caseId } = await initWithCase();
    const imported = await sakshya(dir, ['import', '--case', caseId, ENGLISH, HINDI]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('Reading text in 2 screenshots…');
    expect(imported.stdout).toContain('Text: 2 read');

    for (const [word, name] of [
      ['marmalade', 'english-light.png'],
      ['धमकियाँ', 'hindi-dark.png'],
    ] as const) {
      const found = parseJson<
        { kind: string; title: string; evidence?: { originalName: string }[] }[]
      >(await sakshya(dir, ['--json', 'timeline', '--case', caseId, '--search', word]));
      expect(JSON.stringify(found), word).toContain(name);
      expect(found, word).toHaveLength(1);
    }
    // A fragment cut at a vowel sign is not a word: it finds nothing.
    const fragment = parseJson<unknown[]>(
      await sakshya(dir, ['--json', 'timeline', '--case', caseId, '--search', 'याँ']),
    );
    expect(fragment).toEqual([]);
  });

  it('leaves pictures unread with --no-text, catches up with read-text, and shows one item with its text and facts', async () => {
    const { dir, caseId } = await initWithCase();
    const imported = await sakshya(dir, [
      '--json',
      'import',
      '--no-text',
      '--case',
      caseId,
      ENGLISH,
    ]);
    expect(imported.code).toBe(0);
    const [result] = parseJson<{ evidenceId: string }[]>(imported);
    const id = result!.evidenceId;
    const before = parseJson<Shown>(await sakshya(dir, ['--json', 'evidence', 'show', id]));
    expect(before.text.status).toBe('pending');
    expect(
      parseJson<unknown[]>(
        await sakshya(dir, ['--json', 'timeline', '--case', caseId, '--search', 'marmalade']),
      ),
    ).toEqual([]);

    const caught = await sakshya(dir, ['read-text', '--case', caseId]);
    expect(caught.code).toBe(0);
    expect(caught.stdout).toContain('1 read');

    const shown = parseJson<Shown>(await sakshya(dir, ['--json', 'evidence', 'show', id]));
    expect(shown.text.status).toBe('read');
    expect(shown.text.label).toBe('Read by the computer, may contain mistakes');
    expect(shown.text.text).toContain('marmalade');
    // The reading has a hash of its own, apart from the picture's.
    expect(shown.text.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(shown.text.sha256).not.toBe(shown.evidence.sha256);
    expect(shown.text.layout.words.map((w) => w.text)).toContain('marmalade');
    const phone = shown.facts.find((f) => f.kind === 'phone');
    expect(phone).toMatchObject({ value: '+919876543210', person: null });

    // The unknown number is tied in one step; the screenshot is then tied to that person.
    const human = await sakshya(dir, ['evidence', 'show', id]);
    expect(human.stdout).toContain('Text (read by the computer, may contain mistakes; English):');
    expect(human.stdout).toContain(
      `sakshya tie-number --case ${caseId} --number +919876543210 --as harasser`,
    );
    expect(
      (
        await sakshya(dir, [
          'tie-number',
          '--case',
          caseId,
          '--number',
          '98765 43210',
          '--as',
          'harasser',
        ])
      ).code,
    ).toBe(0);
    const tied = parseJson<Shown>(await sakshya(dir, ['--json', 'evidence', 'show', id]));
    expect(tied.facts.find((f) => f.kind === 'phone')?.person?.role).toBe('harasser');
  });

  it('reads one camera photo the import left unread when asked with read-text --id, and evidence show then has its text', async () => {
    const { dir, caseId } = await initWithCase();
    const photo = await writeCameraPhotoOfScreen();
    const imported = await sakshya(dir, ['--json', 'import', '--case', caseId, photo]);
    expect(imported.code).toBe(0);
    const [result] = parseJson<{ evidenceId: string }[]>(imported);
    const id = result!.evidenceId;

    const skipped = parseJson<Shown>(await sakshya(dir, ['--json', 'evidence', 'show', id]));
    expect(skipped.text).toMatchObject({ status: 'not-a-screenshot', reason: NOT_A_SCREENSHOT });
    expect(
      parseJson<unknown[]>(
        await sakshya(dir, ['--json', 'timeline', '--case', caseId, '--search', 'marmalade']),
      ),
    ).toEqual([]);
    // Catching up the case leaves it alone: a camera photo is read only on request.
    const caught = await sakshya(dir, ['read-text', '--case', caseId]);
    expect(caught.stdout).toContain('0 read');
    expect(caught.stdout).toContain('sakshya read-text --id ID reads one');

    const read = await sakshya(dir, ['read-text', '--id', id]);
    expect(read.code).toBe(0);
    expect(read.stdout).toMatch(/^Text: .*marmalade/su);

    const shown = parseJson<Shown>(await sakshya(dir, ['--json', 'evidence', 'show', id]));
    expect(shown.text.status).toBe('read');
    expect(shown.text.label).toBe('Read by the computer, may contain mistakes');
    expect(shown.text.text).toContain('marmalade');
    expect(shown.text.layout.words.map((w) => w.text)).toContain('marmalade');
    expect(shown.facts.find((f) => f.kind === 'phone')).toMatchObject({ value: '+919876543210' });
    const found = parseJson<unknown[]>(
      await sakshya(dir, ['--json', 'timeline', '--case', caseId, '--search', 'marmalade']),
    );
    expect(JSON.stringify(found)).toContain('IMG_4471.jpg');
  });

  it('says clearly when read-text --id names no item of the vault', async () => {
    const { dir } = await initWithCase();
    const missing = await sakshya(dir, ['read-text', '--id', 'no-such-item']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('We could not find that item.');
    expect(missing.stderr).toContain('[NOT_FOUND]');
  });
});
