import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addPageNumbers,
  createPdfDocument,
  renderPdfToBuffer,
  writeText,
} from '../../../../main/core/pdf/pdf-document';
import { makeTempDir } from '../../../helpers/temp-dir';

function extractText(pdf: Buffer, args: string[] = []): string {
  const file = path.join(makeTempDir('sakshya-pdf-'), 'out.pdf');
  fs.writeFileSync(file, pdf);
  execFileSync('qpdf', ['--check', file]);
  return execFileSync('pdftotext', [...args, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('the shared PDF document', () => {
  it('renders Hindi and English text that pdftotext extracts in logical order', async () => {
    const doc = createPdfDocument({ title: 'परीक्षण', lang: 'hi' });
    writeText(doc, 'राजेश कुमार शर्मा', { font: 'bold', size: 16 });
    writeText(doc, 'प्रिया सिंह');
    writeText(doc, 'Recovery agent called at 21:15 (after 19:00).');
    addPageNumbers(doc, (page, total) => `Page ${String(page)} of ${String(total)}`);
    const text = extractText(await renderPdfToBuffer(doc));
    expect(text).toContain('राजेश कुमार शर्मा');
    expect(text).toContain('प्रिया सिंह');
    expect(text).not.toContain('शमार्');
    expect(text).toContain('Recovery agent called at 21:15 (after 19:00).');
    expect(text).toContain('Page 1 of 1');
  });

  it('extracts every word exactly once when a long text wraps across several pages', async () => {
    const doc = createPdfDocument({ title: 'Long', lang: 'en' });
    const words = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? `w${String(i)}x` : 'शर्मा'));
    writeText(doc, 'Heading');
    doc.moveDown(30);
    writeText(doc, words.join(' '));
    addPageNumbers(doc, (page, total) => `Page ${String(page)} of ${String(total)}`);
    const pdf = await renderPdfToBuffer(doc);
    const text = extractText(pdf);
    const pages = Number(
      /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' }))?.[1],
    );
    expect(pages).toBeGreaterThan(2);
    const tokens = text.split(/\s+/);
    expect(tokens.filter((t) => t.startsWith('w'))).toEqual(words.filter((w) => w.startsWith('w')));
    expect(tokens.filter((t) => t === 'शर्मा')).toHaveLength(2000);
    expect(text).not.toContain('शमार्');
    expect(text).toContain(`Page 1 of ${String(pages)}`);
    expect(text).toContain(`Page ${String(pages)} of ${String(pages)}`);
  });

  it('keeps paragraphs, blank lines and a line gap intact when a letter runs over pages', async () => {
    const doc = createPdfDocument({ title: 'Letter', lang: 'hi' });
    const paragraphs = Array.from(
      { length: 60 },
      (_, i) =>
        `अनुच्छेद p${String(i)}q: श्रीमान, मैं प्रिया सिंह, ऋण वसूली एजेंट की धमकियों के बारे में शिकायत करती हूँ। ${'Recovery agents called my relatives late at night. '.repeat(2)}`,
    );
    writeText(doc, paragraphs.join('\n\n'), { font: 'regular', size: 10.5, lineGap: 2 });
    addPageNumbers(doc, (page, total) => `पृष्ठ ${String(page)} / ${String(total)}`);
    const text = extractText(await renderPdfToBuffer(doc));
    const markers = text.match(/p\d+q/g) ?? [];
    expect(markers).toEqual(paragraphs.map((_, i) => `p${String(i)}q`));
    expect(text.split('प्रिया सिंह').length - 1).toBe(60);
    expect(text.split('धमकियों').length - 1).toBe(60);
    expect(text.split('\f').filter((page) => page.trim() !== '').length).toBeGreaterThan(2);
    expect(text).toContain('पृष्ठ 1 / ');
  });

  it('keeps a single word wider than the column whole in the extracted text', async () => {
    const doc = createPdfDocument({ title: 'Hash', lang: 'en' });
    const hash = 'ab'.repeat(32);
    writeText(doc, hash, { width: 90, size: 9 });
    const text = extractText(await renderPdfToBuffer(doc));
    expect(text.replace(/\s/g, '')).toContain(hash);
    expect(text).toContain(hash);
  });
});
