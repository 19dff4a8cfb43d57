// Scores chat screenshots read by Sakshya against their labels: word recall by script (English
// words: Latin letters and digits; Hindi words: Devanagari), phone numbers and visible times read
// exactly, messages put on the wrong side, and messages proposed at exactly the labelled instant.
// Shared by the bench (the whole set) and the test (the sample), so both count the same way.
import fs from 'node:fs';
import path from 'node:path';
import { TextRecognizer, type TextReading } from '../../main/core/ocr/recognize';
import { ChatTimeReader, toHour24 } from '../../main/core/ocr/chat-times';
import {
  decodeRaw,
  proposeChatMessages,
  readChatScreen,
  type ChatScreenReading,
  type ProposedChatMessage,
} from '../../main/core/ocr/chat-reading';
import { zonedWallTimeToUtc } from '../../main/core/time/zoned-time';
import type { ChatLabel, MessageLabel } from './chat-scenarios';

export interface ScreenResult {
  label: ChatLabel;
  reading: TextReading;
  screen: ChatScreenReading | null;
  proposed: ProposedChatMessage[];
}

export interface ChatScores {
  screens: number;
  words: { en: { found: number; total: number }; hi: { found: number; total: number } };
  phones: { exact: number; total: number };
  times: { exact: number; total: number };
  sides: { wrong: number; total: number };
  instants: { exact: number; total: number };
  /** Proposed at the right clock time on the wrong day (a day separator missed or misread). */
  wrongDay: number;
  /** Labelled messages with no proposal (no time read, unreadable day, missed bubble). */
  notProposed: number;
  misses: string[];
}

const DEVANAGARI = /[\u0900-\u097F]/u;

/** Words as compared: case and surrounding punctuation ignored. */
export function splitWords(text: string): string[] {
  return text
    .split(/\s+/)
    .map((word) => word.toLowerCase().replace(/^[^\p{L}\p{N}@]+|[^\p{L}\p{N}\p{M}]+$/gu, ''))
    .filter((word) => word !== '');
}

function countFound(expected: readonly string[], read: readonly string[]): number {
  const pool = new Map<string, number>();
  for (const word of read) pool.set(word, (pool.get(word) ?? 0) + 1);
  let found = 0;
  for (const word of expected) {
    const left = pool.get(word) ?? 0;
    if (left > 0) {
      found += 1;
      pool.set(word, left - 1);
    }
  }
  return found;
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/** The phone numbers in a message's text, as digit strings (10 digits, optionally spaced 5+5). */
function findNumbers(text: string): string[] {
  return [...text.matchAll(/\b\d{5}\s?\d{5}\b/g)].map((match) => digitsOf(match[0]));
}

export function createScores(): ChatScores {
  return {
    screens: 0,
    words: { en: { found: 0, total: 0 }, hi: { found: 0, total: 0 } },
    phones: { exact: 0, total: 0 },
    times: { exact: 0, total: 0 },
    sides: { wrong: 0, total: 0 },
    instants: { exact: 0, total: 0 },
    wrongDay: 0,
    notProposed: 0,
    misses: [],
  };
}

function scoreWords(scores: ChatScores, result: ScreenResult): void {
  const expected = [
    ...splitWords(result.label.header),
    ...result.label.items.flatMap((item) => splitWords(item.text)),
  ];
  // What Sakshya shows: the picture's text, and the chat as read (title and bubbles read again).
  const shown = [
    result.reading.status === 'read' ? result.reading.text : '',
    result.screen?.header ?? '',
    ...(result.screen?.items.map((item) => (item.kind === 'bubble' ? item.text : '')) ?? []),
  ];
  const read = splitWords(shown.join(' '));
  for (const script of ['en', 'hi'] as const) {
    const mine = expected.filter((word) => DEVANAGARI.test(word) === (script === 'hi'));
    const found = countFound(mine, read);
    scores.words[script].found += found;
    scores.words[script].total += mine.length;
    if (found < mine.length) {
      const missing = mine.filter((word) => !read.includes(word));
      if (missing.length > 0)
        scores.misses.push(`${result.label.file} words: ${missing.join(' ')}`);
    }
  }
}

function scoreMessage(
  scores: ChatScores,
  result: ScreenResult,
  message: MessageLabel,
  index: number,
): void {
  const bubbles = result.screen?.items.filter((item) => item.kind === 'bubble') ?? [];
  const bubble = bubbles[index];
  scores.times.total += 1;
  scores.sides.total += 1;
  scores.instants.total += 1;
  for (const number of findNumbers(message.text)) {
    scores.phones.total += 1;
    if (bubble !== undefined && findNumbers(bubble.text).includes(number)) scores.phones.exact += 1;
    else scores.misses.push(`${result.label.file} number ${number} in "${bubble?.text ?? ''}"`);
  }
  if (bubble === undefined) {
    scores.notProposed += 1;
    scores.misses.push(`${result.label.file} #${index}: no bubble`);
    return;
  }
  if (bubble.side !== message.side) scores.sides.wrong += 1;
  const [clock = ''] = message.at.split('T').slice(1);
  const time = bubble.time;
  const meridiemOk =
    !/[ap]m/i.test(message.time) || time?.meridiem === (/pm/i.test(message.time) ? 'pm' : 'am');
  if (
    time !== null &&
    `${String(toHour24(time)).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}` ===
      clock &&
    meridiemOk
  )
    scores.times.exact += 1;
  else
    scores.misses.push(
      `${result.label.file} #${index}: time "${message.time}" read "${time?.shown ?? ''}"`,
    );
  const proposal = result.proposed.find((one) => one.position === index);
  const expected = zonedWallTimeToUtc(`${message.at}:00`, result.label.zone);
  if (proposal === undefined) scores.notProposed += 1;
  else if (proposal.at === expected) scores.instants.exact += 1;
  else {
    const days = (Date.parse(proposal.at) - Date.parse(expected)) / 86_400_000;
    if (Number.isInteger(days)) scores.wrongDay += 1;
    scores.misses.push(
      `${result.label.file} #${index}: at ${message.at}, proposed ${proposal.localTime}`,
    );
  }
}

/** Adds one screen's figures to the running scores. */
export function scoreScreen(scores: ChatScores, result: ScreenResult): void {
  scores.screens += 1;
  scoreWords(scores, result);
  if (result.label.headerNumber !== null) {
    scores.phones.total += 1;
    if (digitsOf(result.screen?.header ?? '') === digitsOf(result.label.headerNumber))
      scores.phones.exact += 1;
    else
      scores.misses.push(
        `${result.label.file} header "${result.label.header}" read "${result.screen?.header ?? ''}"`,
      );
  }
  const messages = result.label.items.filter(
    (item): item is MessageLabel => item.kind === 'message',
  );
  messages.forEach((message, index) => {
    scoreMessage(scores, result, message, index);
  });
}

/** Reads one labelled screenshot the way the app does. */
export async function readLabelled(
  dir: string,
  label: ChatLabel,
  recognizer: TextRecognizer,
  times: ChatTimeReader,
): Promise<ScreenResult> {
  const bytes = fs.readFileSync(path.join(dir, label.file));
  const reading = await recognizer.recognize(bytes, label.language === 'en' ? 'en' : 'hi');
  const capturedAt = zonedWallTimeToUtc(`${label.capturedAt}:00`, label.zone);
  const captureDay = label.capturedAt.slice(0, 10);
  const screen = await readChatScreen(
    await decodeRaw(bytes),
    reading,
    { recognizer, times },
    captureDay,
  );
  const proposed = screen === null ? [] : proposeChatMessages(screen, capturedAt, label.zone);
  return { label, reading, screen, proposed };
}

export function formatRatio(part: { found?: number; exact?: number; total: number }): string {
  const value = part.found ?? part.exact ?? 0;
  return part.total === 0
    ? 'n/a'
    : `${value}/${part.total} (${((100 * value) / part.total).toFixed(1)}%)`;
}
