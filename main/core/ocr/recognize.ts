// Reads the words in one picture, offline, with tesseract.js and the English and Hindi data that
// ship with the app. This is the one recognition API: the background queue (text-queue.ts), the
// chat-screenshot layout analysis and the bench all call `TextRecognizer.recognize`.
//
// Language per picture: the user's language decides the first pass (English → the English
// model alone, which reads digits and times best; Hindi → Hindi and English together). When the
// first pass is unsure, the other model is tried and the reading with more confident words kept.
// A picture whose writing neither model reads with confidence (Tamil, Bengali, Urdu…) is reported
// as "not read yet", never as garbage.
import { createWorker, OEM, PSM, type Worker as TesseractWorker, type Page } from 'tesseract.js';
import { locateLanguageData, type LanguageData } from './language-data';
import sharp from 'sharp';
import { prepareImage, type PreparedImage } from './preprocess';

/** A box in the original picture's pixels (upright), left/top inclusive. */
export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrWord {
  text: string;
  bbox: OcrBox;
  /** 0–100, tesseract's own confidence. */
  confidence: number;
}

export interface OcrLine {
  text: string;
  bbox: OcrBox;
  confidence: number;
  /** The line's words are words[firstWord .. firstWord + wordCount). */
  firstWord: number;
  wordCount: number;
}

/** Which scripts the text was found in: English (Latin), Hindi (Devanagari), or both. */
export type OcrLanguage = 'eng' | 'hin' | 'eng+hin';

export type TextReading =
  | {
      status: 'read';
      text: string;
      lang: OcrLanguage;
      words: OcrWord[];
      lines: OcrLine[];
      /** Mean word confidence, 0–100. */
      confidence: number;
      /** The original picture's size (upright), which the boxes refer to. */
      width: number;
      height: number;
    }
  | { status: 'no-text'; reason: string }
  | { status: 'not-read-yet'; reason: string };

export type PreferredLanguage = 'en' | 'hi';

export const NO_TEXT_FOUND = 'No text found in this picture.';
export const NOT_READ_YET =
  'The writing in this picture is not in English or Hindi, so it is not read yet.';
export const DAMAGED = 'No text found: the picture could not be opened (it may be damaged).';

/** Words below this confidence are dropped: they are almost always noise from photos and icons. */
const MIN_WORD_CONFIDENCE = 50;
/**
 * A reading whose kept words average less than this is a photo's noise, not text. Measured on the
 * shared fixture photos (kept words averaged 45–58) and chat screenshots (above 80).
 */
const MIN_PAGE_CONFIDENCE = 70;
/**
 * A photo is first read at most this size: tesseract spends long on a photo's texture (16–41 s
 * under load, issue 20), and writing worth reading in a photo (a sign, a note held up) stays
 * legible at it. Only a photo in which this quick pass finds words is read at full size.
 */
const PHOTO_PROBE_SIDE = 800;
const PROBE_CONFIDENCE = 75;
/** A first pass at least this confident, over enough words, is kept without a second pass. */
const SURE_CONFIDENCE = 80;

type ModelSet = 'eng' | 'hin+eng';

interface Pass {
  model: ModelSet;
  words: OcrWord[];
  lines: OcrLine[];
  /** Every word tesseract returned, before the confidence filter. */
  rawCount: number;
  confidence: number;
}

export interface RecognizerOptions {
  data?: LanguageData;
  /** Pictures in a row without a Hindi pass after which the Hindi worker is ended; default 8. */
  releaseAfter?: number;
}

/**
 * Tesseract parameters of the clock pass (chat-times.ts), given per call: tesseract.js saves the
 * worker's parameters before the call and restores them after, so the English worker reads whole
 * pictures and time strips alike. One worker fewer than a worker of its own (issue 20: three warm
 * workers took the bench's peak RSS to 659 MB, over its 600 MB target).
 */
const CLOCK_PARAMETERS = {
  tessedit_char_whitelist: '0123456789:.APMapm ',
  tessedit_pageseg_mode: PSM.SINGLE_BLOCK,
};

/**
 * Holds at most one tesseract worker per model set, made on first use. The English worker stays
 * warm; the Hindi+English one (the larger model, and the larger heap) is ended after
 * `releaseAfter` pictures in a row that did not need it, and made again when one does. Not
 * thread-safe.
 */
export class TextRecognizer {
  private readonly data: LanguageData;
  private readonly workers = new Map<ModelSet, Promise<TesseractWorker>>();
  private readonly releaseAfter: number;
  /** Pictures read since the Hindi worker was last used. */
  private sinceHindi = 0;
  private closed = false;

  constructor(options: RecognizerOptions = {}) {
    this.data = options.data ?? locateLanguageData();
    this.releaseAfter = options.releaseAfter ?? 8;
  }

  /** The model sets with a worker loaded now (for tests and the bench). */
  get loadedModels(): string[] {
    return [...this.workers.keys()];
  }

  /** The options tesseract.js is given: a local worker script, no cache, no language URL. */
  get tesseractOptions(): {
    workerPath: string;
    cacheMethod: 'none';
    langPath: string;
    gzip: true;
  } {
    // langPath is only a marker: tesseract-worker.cjs maps each language to its own file and has
    // no fetch, so an address could never be reached even if one were given.
    return {
      workerPath: this.data.workerPath,
      cacheMethod: 'none',
      langPath: 'sakshya-local',
      gzip: true,
    };
  }

  /**
   * Reads a picture with the preferred model, then, when that pass is unsure or leaves lines of
   * digits to the Hindi model, with the other. `onePass`: the preferred model only, for callers
   * that choose the models themselves (chat-reading.ts's title, chat-bubble-text.ts's English
   * fill-in) and would otherwise pay for a second pass they already have or do not use.
   */
  async recognize(
    bytes: Buffer,
    preferred: PreferredLanguage = 'en',
    options: { onePass?: boolean } = {},
  ): Promise<TextReading> {
    let prepared: PreparedImage;
    try {
      prepared = await prepareImage(bytes);
    } catch {
      return { status: 'no-text', reason: DAMAGED };
    }
    const probe = prepared.photo ? await this.probePhoto(prepared) : null;
    if (probe !== null && !showsWriting(probe)) {
      await this.releaseIdleHindi(false);
      return { status: 'no-text', reason: NO_TEXT_FOUND };
    }
    const first = await this.runPass(preferred === 'hi' ? 'hin+eng' : 'eng', prepared);
    let best = first;
    if (options.onePass === true) {
      // The caller's choice: no second model.
    } else if (prepared.photo && !showsWriting(first)) {
      // A photo with nothing legible in the first pass: a second model would read only texture.
    } else if (!isSure(first)) {
      const second = await this.runPass(first.model === 'eng' ? 'hin+eng' : 'eng', prepared);
      best = score(second) > score(first) ? mergeByLine(second, first) : mergeByLine(first, second);
    } else if (
      first.model === 'hin+eng' &&
      first.lines.some((line) => !lineHasDevanagari(first, line))
    ) {
      // With Hindi loaded, digits and times come out as Devanagari digits or are dropped: lines
      // without Devanagari are read again by the English model alone, the better line kept.
      best = mergeByLine(first, await this.runPass('eng', prepared));
    }
    await this.releaseIdleHindi(best.model === 'hin+eng' || first.model === 'hin+eng');
    return toReading(best, first, prepared);
  }

  /**
   * Reads a strip of clock times (chat-times.ts) with the English model, only digits, ':', '.'
   * and the letters of am/pm allowed, the strip taken as one block.
   */
  async recognizeClockStrip(png: Buffer): Promise<Page> {
    const worker = await this.workerFor('eng');
    // Per-call parameters are tesseract parameters that tesseract.js passes through (and
    // restores after the call); its typings list only its own options, hence the widening.
    const options: Record<string, string | boolean> = { rotateAuto: false, ...CLOCK_PARAMETERS };
    return (await worker.recognize(png, options, { blocks: true })).data;
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.workers.values()];
    this.workers.clear();
    await Promise.allSettled(workers.map(async (worker) => (await worker).terminate()));
  }

  /** The quick pass over a smaller copy of a photo; null when the photo is small already. */
  private async probePhoto(prepared: PreparedImage): Promise<Pass | null> {
    const side = Math.max(prepared.width, prepared.height) * prepared.scale;
    if (side <= PHOTO_PROBE_SIDE) return null;
    const factor = PHOTO_PROBE_SIDE / side;
    const png = await sharp(prepared.png)
      .resize({ width: PHOTO_PROBE_SIDE, height: PHOTO_PROBE_SIDE, fit: 'inside' })
      .png({ compressionLevel: 1 })
      .toBuffer();
    return this.runPass('eng', { ...prepared, png, scale: prepared.scale * factor });
  }

  /** Ends the Hindi worker after a run of pictures that did not use it; it is made again later. */
  private async releaseIdleHindi(usedHindi: boolean): Promise<void> {
    this.sinceHindi = usedHindi ? 0 : this.sinceHindi + 1;
    if (this.sinceHindi < this.releaseAfter) return;
    const worker = this.workers.get('hin+eng');
    if (worker === undefined) return;
    this.workers.delete('hin+eng');
    await (await worker).terminate();
  }

  private async runPass(model: ModelSet, image: PreparedImage): Promise<Pass> {
    const worker = await this.workerFor(model);
    const result = await worker.recognize(image.png, {}, { text: true, blocks: true });
    return collectPass(model, result.data, image.scale);
  }

  private workerFor(model: ModelSet): Promise<TesseractWorker> {
    if (this.closed) return Promise.reject(new Error('the text recognizer is closed'));
    let worker = this.workers.get(model);
    if (worker === undefined) {
      // The worker script reads its language files from this variable (tesseract.js gives its
      // thread no other channel); it names only files that ship with the app.
      process.env.SAKSHYA_TESSDATA = JSON.stringify(this.data.files);
      worker = createWorker(model.split('+'), OEM.LSTM_ONLY, this.tesseractOptions).then(
        async (made) => {
          // Prepared pictures carry no resolution; 300 dpi matches their scaled-up text size.
          await made.setParameters({ user_defined_dpi: '300' });
          return made;
        },
      );
      this.workers.set(model, worker);
    }
    return worker;
  }
}

function collectPass(model: ModelSet, page: Page, scale: number): Pass {
  const words: OcrWord[] = [];
  const lines: OcrLine[] = [];
  let rawCount = 0;
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const firstWord = words.length;
        for (const word of line.words) {
          rawCount += 1;
          const text = word.text.trim();
          if (text === '' || word.confidence < MIN_WORD_CONFIDENCE || !/[\p{L}\p{N}]/u.test(text))
            continue;
          words.push({
            text,
            bbox: toOriginal(word.bbox, scale),
            confidence: round(word.confidence),
          });
        }
        const kept = words.slice(firstWord);
        if (kept.length === 0) continue;
        lines.push({
          text: kept.map((word) => word.text).join(' '),
          bbox: toOriginal(line.bbox, scale),
          confidence: round(line.confidence),
          firstWord,
          wordCount: kept.length,
        });
      }
    }
  }
  const confidence =
    words.length === 0
      ? 0
      : round(words.reduce((sum, word) => sum + word.confidence, 0) / words.length);
  return { model, words, lines, rawCount, confidence };
}

function toReading(best: Pass, first: Pass, image: PreparedImage): TextReading {
  const readable =
    best.words.length > 0 &&
    best.confidence >= MIN_PAGE_CONFIDENCE &&
    best.words.some((word) => word.text.length >= 2) &&
    // Most marks read: another script gives a few confident "words" among many dropped ones.
    best.words.length >= best.rawCount * 0.4;
  if (!readable) {
    // Marks arranged on a plain background that no model reads: writing in another script.
    const seen = Math.max(first.rawCount, best.rawCount);
    return seen >= 3 && image.background >= 0.5 && !image.photo
      ? { status: 'not-read-yet', reason: NOT_READ_YET }
      : { status: 'no-text', reason: NO_TEXT_FOUND };
  }
  return {
    status: 'read',
    text: best.lines.map((line) => line.text).join('\n'),
    lang: languageOf(best.words),
    words: best.words,
    lines: best.lines,
    confidence: best.confidence,
    width: image.width,
    height: image.height,
  };
}

function lineHasDevanagari(pass: Pass, line: OcrLine): boolean {
  return hasDevanagari(pass.words.slice(line.firstWord, line.firstWord + line.wordCount));
}

/**
 * Keeps, line by line, the better reading of two passes: in a mixed picture the Hindi model reads
 * the Devanagari lines and the English model the lines of digits, times and addresses.
 */
function mergeByLine(base: Pass, other: Pass): Pass {
  const lines: OcrLine[] = [];
  const words: OcrWord[] = [];
  const used = new Set<OcrLine>();
  for (const line of base.lines) {
    const rival = other.lines.find(
      (candidate) => !used.has(candidate) && overlapsVertically(line, candidate),
    );
    const useRival = rival !== undefined && lineScore(other, rival) > lineScore(base, line);
    if (rival !== undefined) used.add(rival);
    const [pass, chosen] = useRival ? [other, rival] : [base, line];
    lines.push({ ...chosen, firstWord: words.length });
    words.push(...pass.words.slice(chosen.firstWord, chosen.firstWord + chosen.wordCount));
  }
  // Lines only the other pass saw (a time stamp the first model dropped entirely).
  for (const line of other.lines) {
    if (used.has(line) || base.lines.some((mine) => overlapsVertically(mine, line))) continue;
    lines.push({ ...line, firstWord: words.length });
    words.push(...other.words.slice(line.firstWord, line.firstWord + line.wordCount));
  }
  const order = lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => a.line.bbox.y0 - b.line.bbox.y0 || a.line.bbox.x0 - b.line.bbox.x0);
  const sortedWords: OcrWord[] = [];
  const sortedLines = order.map(({ line }) => {
    const moved = { ...line, firstWord: sortedWords.length };
    sortedWords.push(...words.slice(line.firstWord, line.firstWord + line.wordCount));
    return moved;
  });
  const confidence =
    sortedWords.length === 0
      ? 0
      : round(sortedWords.reduce((sum, word) => sum + word.confidence, 0) / sortedWords.length);
  return {
    model: base.model,
    words: sortedWords,
    lines: sortedLines,
    rawCount: Math.max(base.rawCount, other.rawCount),
    confidence,
  };
}

function overlapsVertically(a: OcrLine, b: OcrLine): boolean {
  const overlap = Math.min(a.bbox.y1, b.bbox.y1) - Math.max(a.bbox.y0, b.bbox.y0);
  const xOverlap = Math.min(a.bbox.x1, b.bbox.x1) - Math.max(a.bbox.x0, b.bbox.x0);
  const shorter = Math.min(a.bbox.y1 - a.bbox.y0, b.bbox.y1 - b.bbox.y0);
  return overlap > shorter * 0.5 && xOverlap > 0;
}

function lineScore(pass: Pass, line: OcrLine): number {
  return pass.words
    .slice(line.firstWord, line.firstWord + line.wordCount)
    .reduce((sum, word) => sum + word.confidence * word.text.length, 0);
}

/**
 * Whether a pass over a photo found writing: texture gives a few short "words" at middling
 * confidence (a lake photo: 5 of 252 marks, at 54–83); writing gives several confident ones.
 */
function showsWriting(pass: Pass): boolean {
  return (
    pass.words.filter((word) => word.text.length >= 2 && word.confidence >= PROBE_CONFIDENCE)
      .length >= 2
  );
}

function isSure(pass: Pass): boolean {
  return (
    pass.words.length >= 3 &&
    pass.confidence >= SURE_CONFIDENCE &&
    pass.words.length >= pass.rawCount * 0.8
  );
}

/** Confident words count most; a pass that drops most of what it saw scores low. */
function score(pass: Pass): number {
  return pass.words.reduce((sum, word) => sum + word.confidence * word.text.length, 0);
}

const DEVANAGARI = /[\u0900-\u097F]/u;
const LATIN = /[A-Za-z]/u;

function hasDevanagari(words: readonly OcrWord[]): boolean {
  return words.some((word) => DEVANAGARI.test(word.text));
}

function languageOf(words: readonly OcrWord[]): OcrLanguage {
  let hindi = 0;
  let english = 0;
  for (const word of words) {
    if (DEVANAGARI.test(word.text)) hindi += 1;
    else if (LATIN.test(word.text)) english += 1;
  }
  if (hindi > 0 && english > 0) return 'eng+hin';
  return hindi > 0 ? 'hin' : 'eng';
}

function toOriginal(box: OcrBox, scale: number): OcrBox {
  return {
    x0: Math.round(box.x0 / scale),
    y0: Math.round(box.y0 / scale),
    x1: Math.round(box.x1 / scale),
    y1: Math.round(box.y1 / scale),
  };
}

/** Confidences are whole numbers: enough for a person, and exact in canonical JSON (hashes). */
function round(value: number): number {
  return Math.round(value);
}
