import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  NO_TEXT_FOUND,
  TextRecognizer,
  type TextReading,
} from '../../../../main/core/ocr/recognize';
import { makeTempDir } from '../../../helpers/temp-dir';

const root = path.resolve(__dirname, '../../../..');
const screenshots = path.join(root, 'test/fixtures/screenshots');
const english = fs.readFileSync(path.join(screenshots, 'english-light.png'));
const hindi = fs.readFileSync(path.join(screenshots, 'hindi-dark.png'));

const recognizer = new TextRecognizer();
afterAll(() => recognizer.close());

function read(reading: TextReading): Extract<TextReading, { status: 'read' }> {
  if (reading.status !== 'read') throw new Error(`expected text, got ${reading.status}`);
  return reading;
}

describe('TextRecognizer', () => {
  it('reads an English screenshot with each word and its box in the picture', async () => {
    const reading = read(await recognizer.recognize(english, 'en'));
    expect(reading.lang).toBe('eng');
    expect(reading.text).toContain('marmalade');
    expect(reading.text).toContain('fastloan@okaxis');
    expect(reading.text).toContain('+91 98765 43210');
    const word = reading.words.find((candidate) => candidate.text === 'marmalade');
    expect(word).toBeDefined();
    // Boxes are in the original picture's pixels (480 wide), not the 1.5× prepared copy.
    expect(reading.width).toBe(480);
    expect(word!.bbox.x1).toBeLessThanOrEqual(480);
    expect(word!.bbox.x0).toBeLessThan(word!.bbox.x1);
    expect(word!.confidence).toBeGreaterThan(80);
    const line = reading.lines.find((candidate) => candidate.text.includes('marmalade'))!;
    expect(reading.words.slice(line.firstWord, line.firstWord + line.wordCount)).toContain(word);
  });

  it('reads a dark Hindi screenshot, vowel signs included, whichever language the user has', async () => {
    for (const preferred of ['en', 'hi'] as const) {
      const reading = read(await recognizer.recognize(hindi, preferred));
      expect(reading.lang).toBe('hin');
      expect(reading.text).toContain('धमकियाँ');
      // The header's number is read by the English model, not as Devanagari digits.
      expect(reading.text).toContain('98765 43210');
    }
  });

  it('says "no text found" for a damaged picture and for random bytes, without throwing', async () => {
    const damaged = english.subarray(0, 300);
    for (const bytes of [damaged, Buffer.from('not a picture at all')]) {
      const reading = await recognizer.recognize(bytes, 'en');
      expect(reading.status).toBe('no-text');
    }
  });

  it('says "no text found" for a photo without writing', async () => {
    const photo = fs.readFileSync(path.join(root, 'test/fixtures/photos/img_1771.jpg'));
    expect(await recognizer.recognize(photo, 'en')).toEqual({
      status: 'no-text',
      reason: NO_TEXT_FOUND,
    });
  });

  it('gives tesseract only local files: its own worker script, no cache and no address', () => {
    const options = recognizer.tesseractOptions;
    expect(options.cacheMethod).toBe('none');
    expect(options.langPath).not.toMatch(/^[a-z]+:/i);
    expect(fs.existsSync(options.workerPath)).toBe(true);
    const script = fs.readFileSync(options.workerPath, 'utf8');
    // The worker script's adapter has no fetch: it refuses every address.
    expect(script).toContain('fetch: refuseNetwork');
    expect(script).not.toMatch(/require\(['"]node-fetch['"]\)|global\.fetch|https?:\/\//);
  });

  it('reads text in a process that has no network at all', () => {
    const dir = makeTempDir();
    const probe = path.join(dir, 'probe.mts');
    fs.writeFileSync(
      probe,
      `import fs from 'node:fs';
import { TextRecognizer } from ${JSON.stringify(path.join(root, 'main/core/ocr/recognize.ts'))};
globalThis.fetch = () => { throw new Error('fetch was called'); };
const r = new TextRecognizer();
const out = await r.recognize(fs.readFileSync(${JSON.stringify(path.join(screenshots, 'english-light.png'))}), 'en');
await r.close();
process.stdout.write(out.status === 'read' ? out.text : out.status);
`,
    );
    // A new network namespace has no interfaces but a down loopback: any address is unreachable.
    const output = execFileSync('unshare', ['-rn', process.execPath, '--import', 'tsx', probe], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(output).toContain('marmalade');
  });
});
