// Independent checks on a PDF's bytes: qpdf for structure, poppler for text and page count.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../../../../helpers/temp-dir';

export interface PdfFacts {
  text: string;
  pages: number;
  qpdfOutput: string;
}

export function inspectPdf(pdf: Buffer): PdfFacts {
  const file = path.join(makeTempDir('sakshya-pdf-'), 'doc.pdf');
  fs.writeFileSync(file, pdf);
  // qpdf exits non-zero on any structural error, which throws here.
  const qpdfOutput = execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 'NaN');
  return { text, pages, qpdfOutput };
}
