// A simple paginating table on top of writeText: a row never splits across pages, and the header row
// is repeated at the top of each new page. pdfkit 0.20 has doc.table, but it writes text itself,
// without the ActualText spans Devanagari extraction needs, so rows are laid out here.
import {
  getBottomLimit,
  measureTextHeight,
  pickFont,
  writeText,
  type PdfFont,
} from './pdf-document';

export interface TableColumn {
  header: string;
  /** Points. */
  width: number;
  /** The body cells' font (default 'regular'); e.g. 'mono' for hashes. The header is bold. */
  font?: PdfFont;
}

export interface TableOptions {
  size?: number;
  padding?: number;
  /** A cell longer than this is cut with "…" so that one row always fits on a page. */
  maxCellChars?: number;
}

const BORDER = '#b0b0b0';
const HEADER_FILL = '#eeeeee';

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function measureRow(
  doc: PDFKit.PDFDocument,
  columns: TableColumn[],
  cells: string[],
  padding: number,
  font?: PdfFont,
): number {
  let height = 0;
  columns.forEach((column, i) => {
    const text = cells[i] ?? '';
    doc.font(pickFont(font ?? column.font ?? 'regular', text));
    const h =
      text === ''
        ? doc.currentLineHeight(true)
        : measureTextHeight(doc, text, { width: column.width - 2 * padding });
    height = Math.max(height, h);
  });
  return height + 2 * padding;
}

function drawRow(
  doc: PDFKit.PDFDocument,
  columns: TableColumn[],
  cells: string[],
  y: number,
  height: number,
  options: { padding: number; size: number; font?: PdfFont; fill?: string },
): void {
  // Measured by the caller; unless the row is taller than a whole page, it fits below y.
  const knownToFit = y + height <= getBottomLimit(doc);
  const left = doc.page.margins.left;
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  if (options.fill) doc.save().rect(left, y, total, height).fill(options.fill).restore();
  let x = left;
  columns.forEach((column, i) => {
    const text = cells[i] ?? '';
    if (text !== '') {
      doc.x = x + options.padding;
      doc.y = y + options.padding;
      writeText(doc, text, {
        width: column.width - 2 * options.padding,
        font: options.font ?? column.font ?? 'regular',
        size: options.size,
        knownToFit,
      });
    }
    x += column.width;
  });
  doc.save().lineWidth(0.5).strokeColor(BORDER).rect(left, y, total, height).stroke().restore();
  doc.x = left;
  doc.y = y + height;
}

/** Draws the table from doc.y onwards, adding pages as needed; leaves doc.y below the last row. */
export function drawTable(
  doc: PDFKit.PDFDocument,
  columns: TableColumn[],
  rows: Iterable<string[]>,
  options: TableOptions = {},
): void {
  const size = options.size ?? 8;
  const padding = options.padding ?? 3;
  const maxChars = options.maxCellChars ?? 1500;
  const headers = columns.map((c) => c.header);

  doc.fontSize(size);
  const headerHeight = measureRow(doc, columns, headers, padding, 'bold');
  const drawHeader = (): void => {
    drawRow(doc, columns, headers, doc.y, headerHeight, {
      padding,
      size,
      font: 'bold',
      fill: HEADER_FILL,
    });
  };
  if (doc.y + headerHeight * 2 > getBottomLimit(doc)) doc.addPage();
  drawHeader();

  for (const raw of rows) {
    const cells = raw.map((cell) => shorten(cell, maxChars));
    doc.fontSize(size);
    const height = measureRow(doc, columns, cells, padding);
    if (doc.y + height > getBottomLimit(doc)) {
      doc.addPage();
      drawHeader();
      doc.fontSize(size);
    }
    drawRow(doc, columns, cells, doc.y, height, { padding, size });
  }
  doc.x = doc.page.margins.left;
}
