// The one way Sakshya makes a PDF (report, certificate draft, complaint drafts): A4, Noto Sans
// Devanagari for both scripts, tagged, and every run of text wrapped in an ActualText span.
//
// Why ActualText: pdfkit shapes Devanagari correctly with fontkit, but the glyphs end up in visual
// order, so a text extractor (pdftotext, a lawyer's copy-paste, a court's search) reads "शर्मा" as
// "शमार्". A marked-content span carrying /ActualText tells readers the logical text instead.
// pdfkit re-opens an open span on every new page with the same ActualText, so a span must never
// cross a page: writeText breaks long text into lines itself and opens one span per page.
//
// One font family serves both scripts: Noto Sans Devanagari also carries Basic Latin, digits and
// the usual punctuation (₹, quotes, dashes, …); checked glyph by glyph, it lacks ballot boxes and
// check marks (☐ ✓) and emoji, which print as empty boxes but still extract right via ActualText.
//
// Hashes and bag paths are set in Courier ('mono'), one of the 14 standard PDF fonts: digits line up
// (as in the DOCX, which uses Consolas), and it costs nothing to lay out. fontkit shapes every
// distinct word set in Noto through its OpenType lookups, about a millisecond for a 64-digit hash,
// so a 2,000-file case spent seconds shaping hex strings that Courier measures from a width table.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

export type PdfFont = 'regular' | 'bold' | 'mono';
export type WriteTextOptions = PDFKit.Mixins.TextOptions & {
  font?: PdfFont;
  size?: number;
  /** The caller has measured the text and made room for it on this page: skip measuring again. */
  knownToFit?: boolean;
};

const FONT_FILES: Record<Exclude<PdfFont, 'mono'>, string> = {
  regular: '@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-devanagari/700Bold/NotoSansDevanagari_700Bold.ttf',
};

/** A4 with 2 cm side margins; the bottom margin leaves room for the page-number footer. */
export const PAGE_MARGINS = { top: 56, bottom: 64, left: 56, right: 56 } as const;
export const BODY_SIZE = 10;

let fontPaths: Record<Exclude<PdfFont, 'mono'>, string> | null = null;

function resolveFontPaths(): Record<Exclude<PdfFont, 'mono'>, string> {
  if (fontPaths) return fontPaths;
  // The fonts ship as an npm package, so resolve them the way Node resolves modules. In the ESM
  // builds (CLI, tests) import.meta.url names this file; the Electron main bundle is CommonJS, where
  // esbuild leaves import.meta empty and __filename names the bundle instead.
  const metaUrl = (import.meta as { url?: string }).url;
  const require = createRequire(metaUrl ?? __filename);
  fontPaths = {
    regular: require.resolve(FONT_FILES.regular),
    bold: require.resolve(FONT_FILES.bold),
  };
  return fontPaths;
}

export function createPdfDocument(options: {
  title: string;
  lang: 'en' | 'hi';
  author?: string;
  subject?: string;
}): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { ...PAGE_MARGINS },
    tagged: true,
    lang: options.lang === 'hi' ? 'hi-IN' : 'en-IN',
    displayTitle: true,
    bufferPages: true,
    info: {
      Title: options.title,
      Author: options.author ?? 'Sakshya',
      Subject: options.subject ?? '',
      Creator: 'Sakshya',
      Producer: 'Sakshya (pdfkit)',
    },
  });
  const paths = resolveFontPaths();
  doc.registerFont('regular', paths.regular);
  doc.registerFont('bold', paths.bold);
  doc.registerFont('mono', 'Courier');
  doc.font('regular').fontSize(BODY_SIZE);
  compactFinishedPages(doc);
  return doc;
}

/** The part of pdfkit's page object used below: its content stream's pending chunks. */
interface PageContent {
  content?: { buffer?: unknown };
}

/**
 * With bufferPages (needed for "Page X of Y"), pdfkit keeps every page's content stream as one small
 * Uint8Array per drawing operator until doc.end(): for a 2,000-file report, millions of live objects
 * and most of the export's peak memory. When a page is left behind, its chunks are joined into one;
 * pdfkit appends to that array as usual if the page is revisited (page numbers) and joins it at the
 * end. Relies on pdfkit's internal PDFReference.buffer, so it checks the shape and otherwise does
 * nothing: a future pdfkit that stores pages differently costs memory, never correctness.
 */
function compactFinishedPages(doc: PDFKit.PDFDocument): void {
  const compact = (page: PageContent | undefined): void => {
    const ref = page?.content;
    const chunks = ref?.buffer;
    if (ref === undefined || !Array.isArray(chunks) || chunks.length < 2) return;
    if (!chunks.every((chunk) => chunk instanceof Uint8Array)) return;
    ref.buffer = [Buffer.concat(chunks)];
  };
  let previous = doc.page as unknown as PageContent;
  doc.on('pageAdded', () => {
    compact(previous);
    previous = doc.page as unknown as PageContent;
  });
}

/** Courier's standard encoding covers printable ASCII only; anything else is set in Noto. */
const MONO_SAFE = /^[\x20-\x7e\n]*$/;

/** The font that will really set `text`: 'mono' falls back to 'regular' outside printable ASCII. */
export function pickFont(font: PdfFont, text: string): PdfFont {
  return font === 'mono' && !MONO_SAFE.test(text) ? 'regular' : font;
}

/**
 * The lines of `text` when pdfkit would not wrap any of them: no option that changes how a line is
 * laid out, and each line narrower than the column. Such text needs neither pdfkit's line wrapper
 * (a Unicode line-break pass over every character, which dominated the cost of big tables, as a
 * --cpu-prof of a 2,000-file report showed) to be measured nor to be drawn.
 */
function linesWithoutWrapping(
  doc: PDFKit.PDFDocument,
  text: string,
  opts: PDFKit.Mixins.TextOptions,
): string[] | null {
  for (const key of Object.keys(opts) as (keyof PDFKit.Mixins.TextOptions)[]) {
    if (opts[key] === undefined) continue;
    if (key === 'width') continue;
    if (key === 'align' && opts.align === 'left') continue;
    return null;
  }
  const width = opts.width;
  if (text === '' || width === undefined) return null;
  const lines = text.split('\n');
  // A margin against rounding, so that a line at the limit goes the careful way.
  const fit = lines.every((line) => line !== '' && doc.widthOfString(line) <= width - 0.5);
  return fit ? lines : null;
}

/** Like doc.heightOfString, with text that needs no wrapping measured without pdfkit's wrapper. */
export function measureTextHeight(
  doc: PDFKit.PDFDocument,
  text: string,
  opts: PDFKit.Mixins.TextOptions,
): number {
  const lines = linesWithoutWrapping(doc, text, opts);
  return lines ? lines.length * doc.currentLineHeight(true) : doc.heightOfString(text, opts);
}

/** The lowest y that text may reach on the current page. */
export function getBottomLimit(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.bottom;
}

interface Line {
  text: string;
  /** How this line joins the next in the logical text: a space it replaced, or a real newline. */
  joiner: ' ' | '\n' | '';
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Splits a word wider than the column at grapheme boundaries (never inside a conjunct). */
function splitLongWord(doc: PDFKit.PDFDocument, word: string, width: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const { segment } of segmenter.segment(word)) {
    if (current !== '' && doc.widthOfString(current + segment) > width) {
      pieces.push(current);
      current = segment;
    } else {
      current += segment;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/**
 * Greedy line breaking at spaces, measured with the current font. Done here rather than by pdfkit
 * so that each page's share of a long text can get its own ActualText span.
 */
export function breakIntoLines(doc: PDFKit.PDFDocument, text: string, width: number): Line[] {
  const lines: Line[] = [];
  const paragraphs = text.replace(/\r\n?/g, '\n').split('\n');
  paragraphs.forEach((paragraph, p) => {
    const lastJoiner = p === paragraphs.length - 1 ? '' : '\n';
    const words = paragraph.split(/ +/).filter((w) => w !== '');
    let current = '';
    const pushLine = (line: string): void => {
      lines.push({ text: line, joiner: ' ' });
    };
    for (const word of words) {
      const candidate = current === '' ? word : `${current} ${word}`;
      if (doc.widthOfString(candidate) <= width) {
        current = candidate;
        continue;
      }
      if (current !== '') pushLine(current);
      if (doc.widthOfString(word) <= width) {
        current = word;
      } else {
        const pieces = splitLongWord(doc, word, width);
        current = pieces.pop() ?? '';
        for (const piece of pieces) lines.push({ text: piece, joiner: '' });
      }
    }
    lines.push({ text: current, joiner: lastJoiner });
  });
  return lines;
}

function joinLines(lines: Line[]): string {
  return lines
    .map((line, i) => (i === lines.length - 1 ? line.text : line.text + line.joiner))
    .join('');
}

/**
 * Writes `text` at doc.x/doc.y like doc.text, inside ActualText spans so that it extracts in
 * logical order. Text that does not fit on the page continues on the next, one span per page.
 */
export function writeText(
  doc: PDFKit.PDFDocument,
  text: string,
  options: WriteTextOptions = {},
): void {
  const { font, size, knownToFit, ...textOptions } = options;
  if (font) doc.font(pickFont(font, text));
  if (size !== undefined) doc.fontSize(size);
  const x = doc.x;
  const width = textOptions.width ?? doc.page.width - doc.page.margins.right - x;
  const opts: PDFKit.Mixins.TextOptions = { ...textOptions, width };

  if (text === '') {
    doc.text('', opts);
    return;
  }
  const lineHeight = doc.currentLineHeight(true);
  const unwrapped = linesWithoutWrapping(doc, text, opts);
  if (
    unwrapped &&
    (knownToFit === true || doc.y + unwrapped.length * lineHeight <= getBottomLimit(doc))
  ) {
    // Drawn without a width, pdfkit skips its line wrapper and moves right instead of down, so
    // each line is placed here, where doc.text would have put it. One span for the whole text.
    const y = doc.y;
    doc.markContent('Span', { actual: text });
    unwrapped.forEach((line, i) => doc.text(line, x, y + i * lineHeight, { lineBreak: false }));
    doc.endMarkedContent();
    doc.x = x;
    doc.y = y + unwrapped.length * lineHeight;
    return;
  }
  // Fast path: it fits on this page (or the caller wants pdfkit's own flow, e.g. `continued`).
  const fits = knownToFit === true || doc.y + doc.heightOfString(text, opts) <= getBottomLimit(doc);
  if (fits || opts.continued === true || opts.height !== undefined) {
    doc.markContent('Span', { actual: text });
    doc.text(text, opts);
    doc.endMarkedContent();
    return;
  }

  const lines = breakIntoLines(doc, text, width);
  const step = lineHeight + (opts.lineGap ?? 0);
  let index = 0;
  while (index < lines.length) {
    let room = Math.floor((getBottomLimit(doc) - doc.y) / step);
    if (room < 1) {
      doc.addPage();
      doc.x = x;
      room = Math.max(1, Math.floor((getBottomLimit(doc) - doc.y) / step));
    }
    const chunk = lines.slice(index, index + room);
    index += chunk.length;
    const actual = joinLines(chunk);
    doc.markContent('Span', { actual });
    // Pre-broken: pdfkit must not wrap again (it counts a trailing space against the width, hence
    // the slack), nor move to a new page on its own.
    doc.text(chunk.map((line) => line.text).join('\n'), x, doc.y, {
      ...opts,
      width: width + 2 * doc.widthOfString(' ') + 1,
      height: undefined,
    });
    doc.endMarkedContent();
  }
}

/**
 * Writes "Page X of Y" (or whatever `label` returns) centred in the bottom margin of every page.
 * Needs the document's buffered pages, so call it once, after all content and before rendering.
 */
export function addPageNumbers(
  doc: PDFKit.PDFDocument,
  label: (page: number, total: number) => string,
): void {
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const page = doc.page;
    const bottom = page.margins.bottom;
    // Writing inside the bottom margin would make pdfkit add a page; lift the margin while we do.
    page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor('#444444');
    const text = label(i - range.start + 1, total);
    doc.markContent('Span', { actual: text });
    doc.text(text, page.margins.left, page.height - bottom / 2 - 4, {
      width: page.width - page.margins.left - page.margins.right,
      align: 'center',
      lineBreak: false,
    });
    doc.endMarkedContent();
    page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}

/**
 * Writes `text` in the top margin of every page, e.g. a DRAFT warning that must survive any page
 * being printed or copied on its own. Like addPageNumbers, call it once after all content.
 */
export function addPageHeader(doc: PDFKit.PDFDocument, text: string, color = '#b00020'): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const page = doc.page;
    const top = page.margins.top;
    page.margins.top = 0;
    doc.font('bold').fontSize(8).fillColor(color);
    doc.markContent('Span', { actual: text });
    doc.text(text, page.margins.left, top / 2 - 6, {
      width: page.width - page.margins.left - page.margins.right,
      align: 'center',
      lineBreak: false,
    });
    doc.endMarkedContent();
    page.margins.top = top;
  }
  doc.fillColor('black');
}

/** Ends the document and resolves with its bytes. */
export function renderPdfToBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
    doc.end();
  });
}
