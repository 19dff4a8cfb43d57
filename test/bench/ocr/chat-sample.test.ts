// The labelled sample (test/fixtures/chat-screenshots: ten of the bench's 24 kinds — English,
// Hindi and mixed; Android and iPhone; light and dark; PNG and recompressed JPEG) read the way the
// app reads chat screenshots, scored by the bench's own scorer. The bench runs the whole set; this
// holds the sample to the same targets. Also: the fixture photos that are not chats propose nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatTimeReader } from '../../../main/core/ocr/chat-times';
import {
  decodeRaw,
  proposeChatMessages,
  readChatScreen,
} from '../../../main/core/ocr/chat-reading';
import { TextRecognizer } from '../../../main/core/ocr/recognize';
import type { ChatLabel } from '../../../bench/ocr/chat-scenarios';
import { createScores, readLabelled, scoreScreen } from '../../../bench/ocr/score-chats';

const SAMPLE = path.resolve(import.meta.dirname, '../../fixtures/chat-screenshots');
const PHOTOS = path.resolve(import.meta.dirname, '../../fixtures/photos');

const recognizer = new TextRecognizer();
const times = new ChatTimeReader(recognizer);

afterAll(async () => {
  await recognizer.close();
  await times.close();
});

describe('the labelled chat-screenshot sample', () => {
  it('is read with ≥98% of English and ≥95% of Hindi words, every number and time exact, no side wrong', async () => {
    const labels = JSON.parse(
      fs.readFileSync(path.join(SAMPLE, 'labels.json'), 'utf8'),
    ) as ChatLabel[];
    expect(labels).toHaveLength(10);
    expect(new Set(labels.map((label) => label.language))).toEqual(new Set(['en', 'hi', 'mixed']));
    expect(
      new Set(labels.map((label) => `${label.layout}-${label.theme}-${label.format}`)).size,
    ).toBeGreaterThanOrEqual(7);
    const scores = createScores();
    for (const label of labels)
      scoreScreen(scores, await readLabelled(SAMPLE, label, recognizer, times));
    const summary = {
      en: scores.words.en.found / scores.words.en.total,
      hi: scores.words.hi.found / scores.words.hi.total,
      phones: `${scores.phones.exact}/${scores.phones.total}`,
      times: `${scores.times.exact}/${scores.times.total}`,
      instants: `${scores.instants.exact}/${scores.instants.total}`,
      wrongSides: scores.sides.wrong,
      misses: scores.misses,
    };
    expect(summary.en, JSON.stringify(summary)).toBeGreaterThanOrEqual(0.98);
    expect(summary.hi, JSON.stringify(summary)).toBeGreaterThanOrEqual(0.95);
    expect(scores.phones.total).toBeGreaterThanOrEqual(4);
    expect(summary.phones, JSON.stringify(summary)).toBe(
      `${scores.phones.total}/${scores.phones.total}`,
    );
    expect(scores.times.total).toBeGreaterThanOrEqual(50);
    expect(summary.times, JSON.stringify(summary)).toBe(
      `${scores.times.total}/${scores.times.total}`,
    );
    expect(summary.instants, JSON.stringify(summary)).toBe(
      `${scores.instants.total}/${scores.instants.total}`,
    );
    expect(summary.wrongSides).toBe(0);
  }, 600_000);

  it('proposes no messages from photos that are not chats', async () => {
    const photos = fs.readdirSync(PHOTOS).filter((name) => /\.(jpe?g|png)$/i.test(name));
    expect(photos.length).toBeGreaterThanOrEqual(8);
    const proposedPerPhoto: Record<string, number> = {};
    for (const name of photos) {
      const bytes = fs.readFileSync(path.join(PHOTOS, name));
      const reading = await recognizer.recognize(bytes, 'en');
      const image = await decodeRaw(bytes).catch(() => null);
      const screen =
        image === null
          ? null
          : await readChatScreen(image, reading, { recognizer, times }, '2024-05-20');
      proposedPerPhoto[name] =
        screen === null
          ? 0
          : proposeChatMessages(screen, '2024-05-20T18:00:00.000Z', 'Asia/Kolkata').length;
    }
    expect(
      Object.values(proposedPerPhoto).every((count) => count === 0),
      JSON.stringify(proposedPerPhoto),
    ).toBe(true);
  }, 600_000);
});
