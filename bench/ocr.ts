// `npm run bench -- ocr [PER_KIND]`: the chat-screenshot reading measured on the project's own
// labelled set (bench/ocr/: 24 kinds — English, Hindi, mixed × Android, iPhone × light, dark ×
// PNG, recompressed JPEG — PER_KIND of each, 5 by default: 120 screenshots), rendered in Chromium
// for each run. Reports word recall by script, phone numbers and visible times read exactly,
// messages on the wrong side, messages proposed at exactly the labelled instant, proposals from
// the fixture photos that are not chats (must be 0), screenshots per minute and peak RSS. The
// reading is the app's: TextRecognizer's pass over the picture, then chat-reading.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChatTimeReader } from '../main/core/ocr/chat-times';
import { decodeRaw, proposeChatMessages, readChatScreen } from '../main/core/ocr/chat-reading';
import { TextRecognizer } from '../main/core/ocr/recognize';
import { renderChats } from './ocr/generate-chats';
import { generateChatLabels } from './ocr/chat-scenarios';
import { createScores, formatRatio, readLabelled, scoreScreen } from './ocr/score-chats';

const PHOTOS = path.resolve(import.meta.dirname, '..', 'test', 'fixtures', 'photos');

function readPeakRssMb(): number {
  // ru_maxrss counts the whole process, tesseract's worker threads included.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function countPhotoProposals(
  recognizer: TextRecognizer,
  times: ChatTimeReader,
): Promise<{ photos: number; proposed: number }> {
  let photos = 0;
  let proposed = 0;
  for (const name of fs.readdirSync(PHOTOS).filter((file) => /\.(jpe?g|png|heic)$/i.test(file))) {
    const bytes = fs.readFileSync(path.join(PHOTOS, name));
    photos += 1;
    const reading = await recognizer.recognize(bytes, 'en');
    let image;
    try {
      image = await decodeRaw(bytes);
    } catch {
      continue; // Not decodable here (HEIC, damaged): no text, no messages.
    }
    const screen = await readChatScreen(image, reading, { recognizer, times }, '2024-05-20');
    const found =
      screen === null
        ? []
        : proposeChatMessages(screen, '2024-05-20T18:00:00.000Z', 'Asia/Kolkata');
    if (found.length > 0) console.log(`  ${name}: ${found.length} proposed messages (should be 0)`);
    proposed += found.length;
  }
  return { photos, proposed };
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
    try {
      for (const [index, label] of labels.entries()) {
        scoreScreen(scores, await readLabelled(dir, label, recognizer, times));
        if ((index + 1) % 20 === 0)
          console.log(`  read ${String(index + 1)} of ${String(labels.length)}`);
      }
      const minutes = (performance.now() - start) / 60_000;
      const photos = await countPhotoProposals(recognizer, times);
      console.log(
        `word recall, English words:    ${formatRatio(scores.words.en)}   (target ≥ 98%)`,
      );
      console.log(
        `word recall, Hindi words:      ${formatRatio(scores.words.hi)}   (target ≥ 95%)`,
      );
      console.log(`phone numbers read exactly:    ${formatRatio(scores.phones)}`);
      console.log(`visible times read exactly:    ${formatRatio(scores.times)}`);
      console.log(
        `messages on the wrong side:    ${scores.sides.wrong} of ${scores.sides.total}   (target 0)`,
      );
      console.log(
        `proposed at the exact instant: ${formatRatio(scores.instants)} (not proposed: ${scores.notProposed})`,
      );
      console.log(
        `non-chat photos:               ${photos.proposed} proposed messages from ${photos.photos} photos   (target 0)`,
      );
      console.log(
        `speed:                         ${(labels.length / minutes).toFixed(1)} screenshots/minute (chat reading included), load average ${os.loadavg()[0]?.toFixed(1) ?? '?'}`,
      );
      console.log(`peak RSS:                      ${readPeakRssMb()} MB   (target < 600 MB)`);
      if (process.env.BENCH_OCR_MISSES === '1') console.log(scores.misses.join('\n'));
    } finally {
      await recognizer.close();
      await times.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
