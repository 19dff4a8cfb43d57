import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addPageNumbers,
  createPdfDocument,
  measureTextHeight,
  pickFont,
  renderPdfToBuffer,
  writeText,
} from '../../../../main/core/pdf/pdf-document';
import { drawTable } from '../../../../main/core/pdf/pdf-table';
import { makeTempDir } from '../../../helpers/temp-dir';

function extractText(pdf: Buffer): { text: string; fonts: string } {
  const file = path.join(makeTempDir('sakshya-pdf-'), 'out.pdf');
  fs.writeFileSync(file, pdf);
  execFileSync('qpdf', ['--check', file]);
  return {
    text: execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
    fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }),
  };
}

describe('the PDF fast paths', () => {
  it('sets ASCII in Courier and falls back to Noto for anything else', () => {
    expect(pickFont('mono', 'SHA-256: 0f3a')).toBe('mono');
    expect(pickFont('mono', 'data/evidence/0002_व्हाट्सऐप.jpg')).toBe('regular');
    expect(pickFont('bold', 'व्हाट्सऐप')).toBe('bold');
  });

  it('measures a single line as pdfkit does, and wrapped text by pdfkit itself', () => {
    const doc = createPdfDocument({ title: 'Measure', lang: 'en' });
    doc.font('regular').fontSize(9);
    for (const text of ['Screenshot_00001.png', 'राजेश कुमार शर्मा', 'a b c '.repeat(60), 'x\ny']) {
      expect(measureTextHeight(doc, text, { width: 200 })).toBeCloseTo(
        doc.heightOfString(text, { width: 200 }),
        6,
      );
    }
  });

  it('keeps every hash, Hindi name and page number extractable in a long table with a Courier column', async () => {
    const doc = createPdfDocument({ title: 'Table', lang: 'en' });
    const rows = Array.from({ length: 400 }, (_, i) => [
      String(i + 1).padStart(4, '0'),
      i % 7 === 0 ? `राजेश कुमार शर्मा ${String(i)}.jpg` : `Screenshot_${String(i)}.png`,
      `SHA-256: ${(i * 7919).toString(16).padStart(64, 'a')}`,
    ]);
    drawTable(
      doc,
      [
        { header: 'No.', width: 32 },
        { header: 'File', width: 140 },
        { header: 'Hash values', width: 310, font: 'mono' },
      ],
      rows,
      { size: 7 },
    );
    writeText(doc, 'data/evidence/0002_व्हाट्सऐप.jpg', { font: 'mono', size: 7 });
    addPageNumbers(doc, (page, total) => `Page ${String(page)} of ${String(total)}`);
    const { text, fonts } = extractText(await renderPdfToBuffer(doc));
    for (const [number, name, hash] of rows) {
      expect(text).toContain(number);
      expect(text).toContain(name);
      expect(text).toContain(hash);
    }
    expect(text).toContain('data/evidence/0002_व्हाट्सऐप.jpg');
    expect(text).toMatch(/Page (\d+) of \1/);
    expect(fonts).toContain('Courier');
  });
});
