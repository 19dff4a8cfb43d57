// The Section 63 certificate draft as a PDF: the blocks from certificate-content.ts laid out with
// the shared PDF base, a DRAFT warning at the top of every page and "Page X of Y" at the bottom.
import {
  addPageHeader,
  addPageNumbers,
  BODY_SIZE,
  createPdfDocument,
  getBottomLimit,
  renderPdfToBuffer,
  writeText,
} from '../../pdf/pdf-document';
import { drawTable } from '../../pdf/pdf-table';
import type { ExportModel } from '../export-model';
import {
  ALGORITHM_LABELS,
  BLANK,
  buildCertificateContent,
  DRAFT_MARK,
  type CertificateBlock,
  type HashRow,
} from './certificate-content';
import { formatPageLabel } from './report-pdf';

const NOTE_COLOR = '#8a1c1c';
const HINT_COLOR = '#555555';

function width(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function ensureRoom(doc: PDFKit.PDFDocument, points: number): void {
  if (doc.y + points > getBottomLimit(doc)) doc.addPage();
}

function renderBlock(doc: PDFKit.PDFDocument, block: CertificateBlock): void {
  const left = doc.page.margins.left;
  doc.x = left;
  switch (block.type) {
    case 'title':
      writeText(doc, block.text, { font: 'bold', size: 14, align: 'center', width: width(doc) });
      doc.moveDown(0.6);
      return;
    case 'heading':
      ensureRoom(doc, 60);
      doc.moveDown(0.4);
      doc.x = left;
      writeText(doc, block.text, { font: 'bold', size: 12, width: width(doc) });
      doc.moveDown(0.4);
      return;
    case 'paragraph':
      writeText(doc, block.text, { font: 'regular', size: BODY_SIZE, width: width(doc) });
      doc.moveDown(0.5);
      return;
    case 'note': {
      doc.fillColor(NOTE_COLOR);
      writeText(doc, block.text, { font: 'regular', size: 8.5, width: width(doc) });
      doc.fillColor('black');
      doc.moveDown(0.5);
      return;
    }
    case 'field': {
      ensureRoom(doc, 30);
      const value = block.value ?? BLANK;
      if (block.value !== null && block.label.length > 45) {
        // A long printed label, then what Sakshya filled in, so the filled-in part stands out.
        writeText(doc, block.label, { font: 'regular', size: BODY_SIZE, width: width(doc) });
        doc.x = left;
        writeText(doc, value, { font: 'bold', size: BODY_SIZE, width: width(doc) });
      } else {
        writeText(doc, `${block.label} ${value}`, {
          font: block.value === null ? 'regular' : 'bold',
          size: BODY_SIZE,
          width: width(doc),
        });
      }
      if (block.hint) {
        doc.x = left;
        doc.fillColor(HINT_COLOR);
        writeText(doc, block.hint, { font: 'regular', size: 8, width: width(doc) });
        doc.fillColor('black');
      }
      doc.moveDown(0.5);
      return;
    }
    case 'checkboxes': {
      ensureRoom(doc, 30);
      if (block.label !== '')
        writeText(doc, block.label, { font: 'regular', size: BODY_SIZE, width: width(doc) });
      doc.x = left + 12;
      const boxes = block.options
        .map((o) => `[${o.checked ? 'X' : '  '}] ${o.label}`)
        .join('     ');
      writeText(doc, `${boxes}${block.suffix ? `   ${block.suffix}` : ''}`, {
        font: 'regular',
        size: BODY_SIZE,
        width: width(doc) - 12,
      });
      doc.moveDown(0.5);
      return;
    }
    case 'hashTable':
      renderHashTable(doc, block.algorithms, block.rows);
      return;
    case 'pageBreak':
      doc.addPage();
      return;
  }
}

function renderHashTable(
  doc: PDFKit.PDFDocument,
  algorithms: (keyof typeof ALGORITHM_LABELS)[],
  rows: HashRow[],
): void {
  if (rows.length === 0) {
    writeText(doc, 'No files.', { font: 'regular', size: BODY_SIZE });
    return;
  }
  const w = width(doc);
  drawTable(
    doc,
    [
      { header: 'No.', width: 32 },
      { header: 'File', width: w * 0.27 },
      // Wide enough for "SHA-256: " and 64 digits of 7-point Courier on one line.
      { header: 'Hash values', width: w * 0.73 - 32, font: 'mono' },
    ],
    (function* cells(): Generator<string[]> {
      for (const row of rows) {
        const hashes = algorithms
          .map((a) => {
            const value = row.hashes[a];
            return value ? `${ALGORITHM_LABELS[a]}: ${value}` : '';
          })
          .filter((line) => line !== '');
        yield [
          row.number,
          `${row.name}\n${row.size}\nCaptured: ${row.capturedAt}`,
          hashes.join('\n'),
        ];
      }
    })(),
    { size: 7 },
  );
}

export async function renderCertificatePdf(model: ExportModel): Promise<Buffer> {
  const doc = createPdfDocument({
    title: `DRAFT Section 63 certificate: ${model.case.title}`,
    lang: 'en',
    subject: `Bundle ${model.bundleId}`,
  });
  for (const block of buildCertificateContent(model)) renderBlock(doc, block);
  addPageHeader(doc, DRAFT_MARK);
  addPageNumbers(doc, formatPageLabel);
  return renderPdfToBuffer(doc);
}
