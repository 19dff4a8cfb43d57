// `npm run bench -- ocr [PER_KIND]`: the chat-screenshot reading measured on the project's own
// labelled set (bench/ocr/: 24 kinds — English, Hindi, mixed × Android, iPhone × light, dark ×
// PNG, recompressed JPEG — PER_KIND of each, 5 by default: 120 screenshots), rendered in Chromium
// for each run. Reports word recall by script, phone numbers and visible times read exactly,
// messages on the wrong side, messages proposed at exactly the labelled instant, proposals from
// the fixture photos that are not chats (must be 0), screenshots per minute and peak RSS. The
// reading is the app's: TextRecognizer's pass over the picture, then chat-reading.ts. Then the
// time the fixture photos take to read, against what the queue spends on them now that camera
// photos are recognised from their EXIF and not read (camera-photo.ts), and import throughput
// with text reading on against off (bench/ocr/import-throughput.ts; alone: `npm run bench --
// ocr-import`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChatTimeReader } from '../main/core/ocr/chat-times';
import { decodeRaw, proposeChatMessages, readChatScreen } from '../main/core/ocr/chat-reading';
import { looksLikeCameraPhoto } from '../main/core/ocr/camera-photo';
import { TextRecognizer } from '../main/core/ocr/recognize';
import { readMetadata } from '../main/core/readers/metadata';
import { decodeHeifToPng } from '../main/core/readers/thumbnails';
import { makeDistinctCopies, reportImportThroughput } from './ocr/import-throughput';
import { renderChats } from './ocr/generate-chats';
import { generateChatLabels } from './ocr/chat-scenarios';
import { createScores, formatRatio, readLabelled, scoreScreen } from './ocr/score-chats';

const PHOTOS = path.resolve(import.meta.dirname, '..', 'test', 'fixtures', 'photos');

function readPeakRssMb(): number {
  // ru_maxrss counts the whole process, tesseract's worker threads included.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

interface PhotoFigures {
  photos: number;
  proposed: number;
  /** Seconds to read every photo, as the queue did before the camera-photo rule. */
  allSeconds: number;
  /** Seconds the queue spends now: photos the rule takes for camera photos are not read. */
  ruleSeconds: number;
  skipped: number;
}

function mediaTypeOf(name: string): string {
  if (/\.heic$/i.test(name)) return 'image/heic';
  return /\.png$/i.test(name) ? 'image/png' : 'image/jpeg';
}

async function countPhotoProposals(
  recognizer: TextRecognizer,
  times: ChatTimeReader,
): Promise<PhotoFigures> {
  const figures: PhotoFigures = {
    photos: 0,
    proposed: 0,
    allSeconds: 0,
    ruleSeconds: 0,
    skipped: 0,
  };
  for (const name of fs.readdirSync(PHOTOS).filter((file) => /\.(jpe?g|png|heic)$/i.test(file))) {
    const stored = fs.readFileSync(path.join(PHOTOS, name));
    const mediaType = mediaTypeOf(name);
    figures.photos += 1;
    const { metadata } = await readMetadata(stored, mediaType);
    const skipped = looksLikeCameraPhoto({ originalName: name, metadata });
    const start = performance.now();
    // HEIC is decoded as the queue's reader does (text-worker.ts), then read like any picture.
    let bytes: Buffer | null = stored;
    if (mediaType === 'image/heic') bytes = await decodeHeifToPng(stored).catch(() => null);
    const reading = bytes === null ? null : await recognizer.recognize(bytes, 'en');
    const seconds = (performance.now() - start) / 1000;
    figures.allSeconds += seconds;
    if (skipped) figures.skipped += 1;
    else figures.ruleSeconds += seconds;
    console.log(
      `  ${name}: read in ${seconds.toFixed(1)} s${skipped ? ' (a camera photo: not read now)' : ''}`,
    );
    if (bytes === null || reading === null) continue;
    let image;
    try {
      image = await decodeRaw(bytes);
    } catch {
      continue; // Not decodable (damaged): no text, no messages.
    }
    const screen = await readChatScreen(image, reading, { recognizer, times }, '2024-05-20');
    const found =
      screen === null
        ? []
        : proposeChatMessages(screen, '2024-05-20T18:00:00.000Z', 'Asia/Kolkata');
    if (found.length > 0) console.log(`  ${name}: ${found.length} proposed messages (should be 0)`);
    figures.proposed += found.length;
  }
  return figures;
}

async function reportThroughput(files: string[]): Promise<void> {
  if (process.env.BENCH_OCR_THROUGHPUT === '0') return;
  // Enough pictures that an import takes over 10 s here: the labelled set, made distinct copies.
  const copies = makeDistinctCopies(files, Math.max(150, files.length));
  try {
    await reportImportThroughput(copies);
  } finally {
    fs.rmSync(path.dirname(copies[0] ?? ''), { recursive: true, force: true });
  }
  console.log(`peak RSS, whole run:           ${readPeakRssMb()} MB`);
}

export async function runOcrBench(): Promise<void> {
  const perKind = Number(process.argv[3] ?? 5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-ocr-bench-'));
  try {
    let start = performance.now();
    const labels = await renderChats(generateChatLabels(perKind), dir);
    console.log(
      `labelled set: ${labels.length} screenshots rendered in ${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
    const recognizer = new TextRecognizer();
    const times = new ChatTimeReader(recognizer);
    const scores = createScores();
    start = performance.now();
    let minutes: number;
    try {
      for (const [index, label] of labels.entries()) {
        scoreScreen(scores, await readLabelled(dir, label, recognizer, times));
        if ((index + 1) % 20 === 0)
          console.log(`  read ${String(index + 1)} of ${String(labels.length)}`);
      }
      minutes = (performance.now() - start) / 60_000;
    } finally {
      await recognizer.close();
    }
    // The reading's own peak, before the photos are read at full cost for the before/after figure.
    const readingRss = readPeakRssMb();
    const photoReader = new TextRecognizer();
    let photos: PhotoFigures;
    try {
      photos = await countPhotoProposals(photoReader, new ChatTimeReader(photoReader));
    } finally {
      await photoReader.close();
    }
    console.log(`word recall, English words:    ${formatRatio(scores.words.en)}   (target ≥ 98%)`);
    console.log(`word recall, Hindi words:      ${formatRatio(scores.words.hi)}   (target ≥ 95%)`);
    console.log(`phone numbers read exactly:    ${formatRatio(scores.phones)}`);
    console.log(`visible times read exactly:    ${formatRatio(scores.times)}`);
    console.log(
      `messages on the wrong side:    ${scores.sides.wrong} of ${scores.sides.total}   (target 0)`,
    );
    console.log(
      `proposed at the exact instant: ${formatRatio(scores.instants)} (not proposed: ${scores.notProposed}; on the wrong day: ${scores.wrongDay})`,
    );
    console.log(
      `non-chat photos:               ${photos.proposed} proposed messages from ${photos.photos} photos   (target 0)`,
    );
    console.log(
      `photos, time to read:          ${photos.allSeconds.toFixed(1)} s reading all ${photos.photos} (quick first pass); the queue: ${photos.ruleSeconds.toFixed(1)} s, camera photos not read (${String(photos.skipped)} skipped)`,
    );
    console.log(
      `speed:                         ${(labels.length / minutes).toFixed(1)} screenshots/minute (chat reading included), load average ${os.loadavg()[0]?.toFixed(1) ?? '?'}`,
    );
    console.log(`peak RSS, reading screenshots: ${readingRss} MB   (target < 600 MB)`);
    console.log(`peak RSS, with the photos:     ${readPeakRssMb()} MB`);
    if (process.env.BENCH_OCR_MISSES === '1') console.log(scores.misses.join('\n'));
    await reportThroughput(labels.map((label) => path.join(dir, label.file)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
