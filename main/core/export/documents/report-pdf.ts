// report.pdf: the human-readable face of an export bundle, for a lawyer, a cyber-cell officer or an
// ombudsman who may never run Sakshya. Cover, summary, timeline table, evidence index with
// thumbnails and full hashes, "Page X of Y" on every page. Pure function of the ExportModel.
import {
  addPageNumbers,
  BODY_SIZE,
  createPdfDocument,
  getBottomLimit,
  measureTextHeight,
  pickFont,
  renderPdfToBuffer,
  writeText,
  type PdfFont,
} from '../../pdf/pdf-document';
import { drawTable } from '../../pdf/pdf-table';
import type { ExportItem, ExportModel, ExportTimelineEntry } from '../export-model';
import {
  formatCounterparty,
  formatDateTime,
  formatPeriod,
  formatReferences,
  formatSize,
  formatStepStatus,
  padNumber,
} from './format';

const MUTED = '#444444';
const THUMB = 72;
const HASH_SIZE = 7.5;

export function formatPageLabel(page: number, total: number): string {
  return `Page ${String(page)} of ${String(total)}`;
}

function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function heading(doc: PDFKit.PDFDocument, text: string, size = 16): void {
  doc.x = doc.page.margins.left;
  writeText(doc, text, { font: 'bold', size });
  doc.moveDown(0.4);
  doc.font('regular').fontSize(BODY_SIZE);
}

/** "Label: value" on one line, the label in bold. */
function field(doc: PDFKit.PDFDocument, label: string, value: string): void {
  doc.x = doc.page.margins.left;
  writeText(doc, label, { font: 'bold', size: BODY_SIZE });
  doc.x = doc.page.margins.left + 12;
  writeText(doc, value, { font: 'regular', size: BODY_SIZE });
  doc.moveDown(0.3);
}

function paragraph(doc: PDFKit.PDFDocument, text: string, color = 'black', size = BODY_SIZE): void {
  doc.x = doc.page.margins.left;
  doc.fillColor(color);
  writeText(doc, text, { font: 'regular', size, width: contentWidth(doc) });
  doc.fillColor('black');
  doc.moveDown(0.4);
}

function writeCover(doc: PDFKit.PDFDocument, model: ExportModel, manifestSha256: string): void {
  doc.fillColor(MUTED);
  writeText(doc, 'EVIDENCE REPORT', { font: 'bold', size: 11, characterSpacing: 1 });
  doc.fillColor('black');
  doc.moveDown(0.3);
  writeText(doc, model.case.title, { font: 'bold', size: 20 });
  doc.moveDown(0.8);

  field(
    doc,
    'Counterparty (who the complaint is about)',
    formatCounterparty(model.case.counterparty),
  );
  if (model.case.counterparty.agentNames.length > 0) {
    field(doc, 'Agents named', model.case.counterparty.agentNames.join(', '));
  }
  field(doc, 'Period covered', formatPeriod(model.period));
  const part =
    model.part.count > 1
      ? ` (part ${String(model.part.index)} of ${String(model.part.count)})`
      : '';
  field(doc, 'Bundle id', `${model.bundleId}${part}`);
  field(doc, 'Generated at', `${formatDateTime(model.generatedAt)} by ${model.softwareAgent}`);
  field(doc, 'Signing-key fingerprint', model.signingKeyFingerprint);
  field(doc, 'SHA-256 of data/manifest.json', manifestSha256);
  doc.moveDown(0.5);
  paragraph(
    doc,
    'The bundle’s signature (tagmanifest-sha256.txt.sig) covers its tag manifest, which lists the SHA-256 of every ' +
      'file in the bundle, this report included; a report cannot contain its own hash, so this cover gives the hash ' +
      'of data/manifest.json instead.',
  );
  paragraph(
    doc,
    'How to check that nothing changed: see README.txt in the bundle, or open data/index.html in a web browser and ' +
      'press "Verify". Every file’s SHA-256 is also listed in the evidence index of this report.',
    MUTED,
    9,
  );
  paragraph(
    doc,
    'This report was prepared with Sakshya from the records kept by the person who collected the evidence. It is ' +
      'not a certificate under Section 63 of the Bharatiya Sakshya Adhiniyam, 2023; a draft of that certificate is ' +
      'in the bundle for review with a lawyer.',
    MUTED,
    9,
  );
}

function writeSummary(doc: PDFKit.PDFDocument, model: ExportModel): void {
  doc.addPage();
  doc.outline.addItem('Summary');
  heading(doc, 'Summary');
  const { summary } = model;

  writeText(doc, 'Contacts and evidence by kind', { font: 'bold', size: 11 });
  doc.moveDown(0.2);
  const kinds = Object.entries(summary.countsByKind).sort(([a], [b]) => a.localeCompare(b));
  const width = contentWidth(doc);
  drawTable(
    doc,
    [
      { header: 'Kind', width: width * 0.5 },
      { header: 'Count', width: width * 0.5 },
    ],
    [
      ...kinds.map(([kind, n]) => [kind, String(n)]),
      ['Evidence files in this bundle', String(model.items.length)],
    ],
    { size: 9 },
  );
  doc.moveDown(0.6);

  paragraph(
    doc,
    `First contact: ${formatDateTime(summary.firstContact)}. Last contact: ${formatDateTime(summary.lastContact)}.`,
  );
  paragraph(
    doc,
    summary.peakDay
      ? `Busiest day: ${formatDateTime(summary.peakDay.date)}, with ${String(summary.peakDay.contacts)} contacts in one day.`
      : 'Busiest day: no dated contacts.',
  );
  doc.moveDown(0.3);

  writeText(doc, `Possible rule breaches flagged (${String(summary.flaggedCount)} entries)`, {
    font: 'bold',
    size: 11,
  });
  doc.moveDown(0.2);
  if (summary.flaggedRules.length === 0) {
    paragraph(doc, 'No entry matched a rule.');
  } else {
    drawTable(
      doc,
      [
        { header: 'Rule', width: width * 0.45 },
        { header: 'Source', width: width * 0.43 },
        { header: 'Times', width: width * 0.12 },
      ],
      summary.flaggedRules.map((rule) => [rule.rule, rule.source, String(rule.count)]),
      { size: 9 },
    );
    doc.moveDown(0.3);
    paragraph(
      doc,
      'These flags were found automatically by comparing times and recipients with the listed rules. They point to ' +
        'entries worth reading; whether a rule was broken is for the authority to decide.',
      MUTED,
      8.5,
    );
  }
  doc.moveDown(0.3);

  writeText(doc, 'Steps taken', { font: 'bold', size: 11 });
  doc.moveDown(0.2);
  if (model.steps.length === 0) {
    paragraph(doc, 'No steps recorded.');
  } else {
    drawTable(
      doc,
      [
        { header: 'Step', width: width * 0.36 },
        { header: 'Status', width: width * 0.14 },
        { header: 'Dates', width: width * 0.2 },
        { header: 'Reference numbers', width: width * 0.3 },
      ],
      model.steps.map((step) => {
        const dates = [
          step.doneOn ? `Done ${formatDateTime(step.doneOn)}` : '',
          step.dueOn ? `Due ${formatDateTime(step.dueOn)}` : '',
          step.notBefore ? `Not before ${formatDateTime(step.notBefore)}` : '',
        ].filter((d) => d !== '');
        const refs = formatReferences(step.references);
        return [
          step.notes.trim() === '' ? step.title : `${step.title}\n${step.notes}`,
          formatStepStatus(step.status),
          dates.join('\n'),
          refs,
        ];
      }),
      { size: 9 },
    );
  }
}

function timelineRow(entry: ExportTimelineEntry): string[] {
  const who = [entry.actor ?? '', entry.number ?? ''].filter((s) => s !== '').join('\n');
  const evidence =
    entry.evidenceNumbers.length > 0
      ? `\n[Evidence ${entry.evidenceNumbers.map(padNumber).join(', ')}]`
      : '';
  const flags = entry.flags.map((flag) => flag.fact).join('\n');
  return [
    formatDateTime(entry.occurredAt),
    entry.kind,
    who,
    `${entry.text}${evidence}`.trim(),
    flags,
  ];
}

function writeTimeline(doc: PDFKit.PDFDocument, model: ExportModel): void {
  doc.addPage();
  doc.outline.addItem('Timeline');
  heading(doc, 'Timeline');
  paragraph(
    doc,
    `${String(model.timeline.length)} entries, oldest first. Times are in the case’s time zone (${model.case.timezone}). ` +
      'Very long messages are shortened here; the full text is in data/timeline.csv.',
    MUTED,
    9,
  );
  if (model.timeline.length === 0) {
    paragraph(doc, 'No entries.');
    return;
  }
  const width = contentWidth(doc);
  drawTable(
    doc,
    [
      { header: 'Time', width: width * 0.17 },
      { header: 'Kind', width: width * 0.1 },
      { header: 'Who / number', width: width * 0.19 },
      { header: 'Text', width: width * 0.36 },
      { header: 'Flags', width: width * 0.18 },
    ],
    (function* rows(): Generator<string[]> {
      for (const entry of model.timeline) yield timelineRow(entry);
    })(),
    { size: 8, maxCellChars: 1200 },
  );
}

/**
 * Messages read by the computer from chat screenshots and confirmed by the user, each with the
 * screenshot it was read from, so a reader can check every one against the picture.
 */
function writeScreenshotMessages(doc: PDFKit.PDFDocument, model: ExportModel): void {
  const read = model.timeline.filter((entry) => entry.readFromScreenshot !== null);
  if (read.length === 0) return;
  const names = new Map(model.items.map((item) => [item.number, item.originalName]));
  doc.addPage();
  doc.outline.addItem('Messages read from screenshots');
  heading(doc, 'Messages read from screenshots');
  paragraph(
    doc,
    `${String(read.length)} messages were read by the computer from chat screenshots (it may make mistakes) and ` +
      'confirmed or corrected by the user. Each names the screenshot it was read from; the screenshot is the evidence.',
    MUTED,
    9,
  );
  const width = contentWidth(doc);
  drawTable(
    doc,
    [
      { header: 'Time', width: width * 0.17 },
      { header: 'From', width: width * 0.19 },
      { header: 'Text', width: width * 0.4 },
      { header: 'Screenshot', width: width * 0.24 },
    ],
    (function* rows(): Generator<string[]> {
      for (const entry of read) {
        const number = entry.readFromScreenshot ?? 0;
        yield [
          formatDateTime(entry.occurredAt),
          entry.actor ?? 'the user',
          entry.text,
          `#${String(number)} ${names.get(number) ?? ''}`.trim(),
        ];
      }
    })(),
    { size: 8, maxCellChars: 1200 },
  );
}

function describeCapture(item: ExportItem): string {
  const when = formatDateTime(item.capturedAt, 'not known');
  return `Captured: ${when} (source: ${item.capturedAtSource}, confidence: ${item.capturedAtConfidence})`;
}

function writeEvidenceItem(doc: PDFKit.PDFDocument, item: ExportItem): void {
  const left = doc.page.margins.left;
  const textX = left + THUMB + 12;
  const textWidth = contentWidth(doc) - THUMB - 12;
  const lines: { text: string; font: PdfFont; size: number }[] = [
    { text: `${padNumber(item.number)}  ${item.originalName}`, font: 'bold', size: 9.5 },
    { text: describeCapture(item), font: 'regular', size: 8.5 },
    { text: `Imported: ${formatDateTime(item.importedAt)}`, font: 'regular', size: 8.5 },
    {
      text: `Size: ${formatSize(item.size)}. Type: ${item.kind}, ${item.mediaType}`,
      font: 'regular',
      size: 8.5,
    },
    { text: 'SHA-256:', font: 'bold', size: 8 },
    { text: item.hashes.sha256, font: 'mono', size: HASH_SIZE },
  ];
  if (item.hashes.sha1)
    lines.push({ text: `SHA-1: ${item.hashes.sha1}`, font: 'mono', size: HASH_SIZE });
  if (item.hashes.md5)
    lines.push({ text: `MD5: ${item.hashes.md5}`, font: 'mono', size: HASH_SIZE });
  lines.push({ text: `In the bundle: ${item.bagPath}`, font: 'mono', size: 7 });

  let height = 0;
  for (const line of lines) {
    doc.font(pickFont(line.font, line.text)).fontSize(line.size);
    height += measureTextHeight(doc, line.text, { width: textWidth });
  }
  const blockHeight = Math.max(THUMB, height) + 10;
  if (doc.y + blockHeight > getBottomLimit(doc)) doc.addPage();
  const top = doc.y;

  if (item.thumbnailJpeg) {
    try {
      doc.image(item.thumbnailJpeg, left, top, {
        fit: [THUMB, THUMB],
        align: 'center',
        valign: 'center',
      });
    } catch {
      // A damaged preview must not stop the report; the original file and its hash are what matter.
      writeNoPreview(doc, left, top, 'Preview unreadable');
    }
  } else {
    writeNoPreview(doc, left, top, 'No preview');
  }
  doc.save().lineWidth(0.5).strokeColor('#cccccc').rect(left, top, THUMB, THUMB).stroke().restore();

  doc.y = top;
  for (const line of lines) {
    doc.x = textX;
    // Measured above, and the page break made room for the whole block.
    writeText(doc, line.text, {
      font: line.font,
      size: line.size,
      width: textWidth,
      knownToFit: true,
    });
  }
  doc.x = left;
  doc.y = top + blockHeight;
  doc
    .save()
    .lineWidth(0.3)
    .strokeColor('#dddddd')
    .moveTo(left, doc.y - 5)
    .lineTo(left + contentWidth(doc), doc.y - 5)
    .stroke()
    .restore();
}

function writeNoPreview(doc: PDFKit.PDFDocument, x: number, y: number, text: string): void {
  doc.x = x;
  doc.y = y + THUMB / 2 - 6;
  doc.fillColor('#777777');
  writeText(doc, text, { font: 'regular', size: 8, width: THUMB, align: 'center' });
  doc.fillColor('black');
}

function writeEvidenceIndex(doc: PDFKit.PDFDocument, model: ExportModel): void {
  doc.addPage();
  doc.outline.addItem('Evidence index');
  heading(doc, 'Evidence index');
  paragraph(
    doc,
    `${String(model.items.length)} files. Each file is in the bundle exactly as it was imported; its SHA-256 below ` +
      'was recorded at import and checked again at export.',
    MUTED,
    9,
  );
  if (model.items.length === 0) paragraph(doc, 'No evidence files in this bundle.');
  for (const item of model.items) writeEvidenceItem(doc, item);
}

export async function renderReportPdf(
  model: ExportModel,
  extra: { manifestSha256: string },
): Promise<Buffer> {
  const doc = createPdfDocument({
    title: `Evidence report: ${model.case.title}`,
    lang: 'en',
    subject: `Bundle ${model.bundleId}`,
  });
  writeCover(doc, model, extra.manifestSha256);
  writeSummary(doc, model);
  writeTimeline(doc, model);
  writeScreenshotMessages(doc, model);
  writeEvidenceIndex(doc, model);
  addPageNumbers(doc, formatPageLabel);
  return renderPdfToBuffer(doc);
}
