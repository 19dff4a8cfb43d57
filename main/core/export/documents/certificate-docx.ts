// The Section 63 certificate draft as an editable Word file, with the same blocks as the PDF: the
// lawyer edits the wording, the deponent fills the blanks, and the hash report stays a real table.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type IRunOptions,
} from 'docx';
import type { ExportModel } from '../export-model';
import {
  BLANK,
  buildCertificateContent,
  DRAFT_MARK,
  type CertificateBlock,
} from './certificate-content';
import {
  CELL_STYLE,
  fillHashRows,
  HASH_LABEL_STYLE,
  HASH_STYLE,
  readZipText,
  ROWS_MARKER,
  type HashRowsTable,
} from './docx-hash-rows';

// Word picks a Devanagari-capable face for complex-script runs from this name; Nirmala UI ships with
// Windows 8 and later, where most recipients will open the file.
const FONT = { ascii: 'Calibri', hAnsi: 'Calibri', cs: 'Nirmala UI' };
const NOTE_COLOR = '8A1C1C';
const HINT_COLOR = '555555';
const SIZE = 22; // half-points: 11 pt
const HASH_FONT = { ascii: 'Consolas', hAnsi: 'Consolas', cs: 'Nirmala UI' };

function run(
  text: string,
  options: { bold?: boolean; color?: string; size?: number; mono?: boolean } = {},
): TextRun {
  // Typed apart from the call: TextRun also accepts a plain string, and lint would then read `bold`
  // as the deprecated String.prototype.bold.
  const runOptions: IRunOptions = {
    text,
    bold: options.bold,
    color: options.color,
    size: options.size ?? SIZE,
    font: options.mono ? HASH_FONT : FONT,
  };
  return new TextRun(runOptions);
}

function cellParagraph(text: string, bold = false): Paragraph {
  // Typed apart from the call, as in run().
  const runOptions: IRunOptions = { text, bold: bold || undefined };
  return new Paragraph({ style: CELL_STYLE, children: [new TextRun(runOptions)] });
}

function textCell(text: string, bold = false): TableCell {
  return new TableCell({ children: [cellParagraph(text, bold)] });
}

/** The table with its header and a marker row, which fillHashRows replaces with the rows. */
function hashTable(index: number): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [700, 2900, 6000],
    rows: [
      new TableRow({
        tableHeader: true,
        children: [textCell('No.', true), textCell('File', true), textCell('Hash values', true)],
      }),
      new TableRow({
        children: [textCell(`${ROWS_MARKER}${String(index)}`), textCell(''), textCell('')],
      }),
    ],
  });
}

function renderBlock(block: CertificateBlock, tables: HashRowsTable[]): FileChild[] {
  switch (block.type) {
    case 'title':
      return [
        new Paragraph({
          heading: HeadingLevel.TITLE,
          alignment: AlignmentType.CENTER,
          children: [run(block.text, { bold: true, size: 28 })],
        }),
      ];
    case 'heading':
      return [
        new Paragraph({
          heading: HeadingLevel.HEADING_1,
          spacing: { before: 240 },
          children: [run(block.text, { bold: true, size: 26 })],
        }),
      ];
    case 'paragraph':
      return [new Paragraph({ spacing: { after: 120 }, children: [run(block.text)] })];
    case 'note':
      return [
        new Paragraph({
          spacing: { after: 120 },
          border: { left: { style: BorderStyle.SINGLE, size: 12, color: NOTE_COLOR, space: 6 } },
          children: [run(block.text, { color: NOTE_COLOR, size: 19 })],
        }),
      ];
    case 'field': {
      const children = [
        run(`${block.label} `),
        run(block.value ?? BLANK, { bold: block.value !== null }),
      ];
      if (block.hint) children.push(run(`  ${block.hint}`, { color: HINT_COLOR, size: 18 }));
      return [new Paragraph({ spacing: { after: 160 }, children })];
    }
    case 'checkboxes': {
      const boxes = block.options.map((o) => `${o.checked ? '☒' : '☐'} ${o.label}`).join('    ');
      const out: FileChild[] = [];
      if (block.label !== '') out.push(new Paragraph({ children: [run(block.label)] }));
      out.push(
        new Paragraph({
          indent: { left: 360 },
          spacing: { after: 160 },
          children: [run(`${boxes}${block.suffix ? `   ${block.suffix}` : ''}`)],
        }),
      );
      return out;
    }
    case 'hashTable':
      return block.rows.length === 0
        ? [new Paragraph({ children: [run('No files.')] })]
        : [hashTable(tables.push({ algorithms: block.algorithms, rows: block.rows }) - 1)];
    case 'pageBreak':
      return [new Paragraph({ pageBreakBefore: true, children: [] })];
  }
}

export async function renderCertificateDocx(model: ExportModel): Promise<Buffer> {
  const tables: HashRowsTable[] = [];
  const doc = new Document({
    styles: {
      paragraphStyles: [
        { id: CELL_STYLE, name: 'Sakshya table cell', run: { font: FONT, size: 18 } },
      ],
      characterStyles: [
        { id: HASH_STYLE, name: 'Sakshya hash', run: { font: HASH_FONT, size: 15 } },
        { id: HASH_LABEL_STYLE, name: 'Sakshya hash label', run: { bold: true, size: 16 } },
      ],
    },
    title: `DRAFT Section 63 certificate: ${model.case.title}`,
    subject: `Bundle ${model.bundleId}`,
    creator: model.softwareAgent,
    description: DRAFT_MARK,
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 }, // A4 in twentieths of a point
            margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [run(DRAFT_MARK, { bold: true, color: 'B00020', size: 18 })],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    font: FONT,
                    size: 16,
                    children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
                  }),
                ],
              }),
            ],
          }),
        },
        children: buildCertificateContent(model).flatMap((block) => renderBlock(block, tables)),
      },
    ],
  });
  const draft = await Packer.toBuffer(doc);
  if (tables.length === 0) return draft;
  // Packed twice, but the document without its rows is small; the rows are only ever strings.
  const documentXml = fillHashRows(await readZipText(draft, 'word/document.xml'), tables);
  return Packer.toBuffer(doc, false, [{ path: 'word/document.xml', data: documentXml }]);
}
