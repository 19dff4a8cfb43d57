// The time areas of chat bubbles, found from the pixels (chat-layout.ts) and read in the clock pass
// (chat-times.ts), on three screenshots of the bench's labelled set whose times came out empty
// before: one-line Hindi bubbles (the Devanagari word before the time is twice as tall as the
// time, and the gap between them was measured against the word) and the user's bubbles whose
// ticks count as ink: grey "delivered" ones, and blue "read" ones on Android's pale green (too
// little bluer than the bubble to be told apart by colour). The tick was read with the time, and
// the colon was lost. And a dark-mode JPEG whose second day pill was lost (the dark halo round
// its letters cut it into slivers), so the messages under it were put on the day above.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseChatLayout } from '../../../../main/core/ocr/chat-layout';
import { decodeRaw } from '../../../../main/core/ocr/chat-reading';
import { ChatTimeReader, parseShownTime, toHour24 } from '../../../../main/core/ocr/chat-times';
import { TextRecognizer } from '../../../../main/core/ocr/recognize';
import type { ChatLabel, MessageLabel } from '../../../../bench/ocr/chat-scenarios';

const TIMES = path.resolve(import.meta.dirname, '../../../fixtures/chat-screenshots/times');
const labels = JSON.parse(fs.readFileSync(path.join(TIMES, 'labels.json'), 'utf8')) as ChatLabel[];

function listMessages(label: ChatLabel): MessageLabel[] {
  return label.items.filter((item): item is MessageLabel => item.kind === 'message');
}

async function findBubbles(label: ChatLabel) {
  const image = await decodeRaw(fs.readFileSync(path.join(TIMES, label.file)));
  const bubbles = analyseChatLayout(image).blocks.filter((block) => block.kind === 'bubble');
  return { image, bubbles };
}

const recognizer = new TextRecognizer();

afterAll(async () => {
  await recognizer.close();
});

describe('the time area of a chat bubble', () => {
  it('is found in every bubble, one-line Hindi bubbles included', async () => {
    expect(labels.map((label) => label.file)).toHaveLength(4);
    for (const label of labels) {
      const { bubbles } = await findBubbles(label);
      expect(
        bubbles.map((bubble) => bubble.side),
        label.file,
      ).toEqual(listMessages(label).map((message) => message.side));
      const missing = bubbles.flatMap((bubble, index) => (bubble.time === null ? [index] : []));
      expect(missing, label.file).toEqual([]);
    }
  });

  it('finds every day pill, dark-mode JPEG included', async () => {
    for (const label of labels) {
      const image = await decodeRaw(fs.readFileSync(path.join(TIMES, label.file)));
      const kinds = analyseChatLayout(image).blocks.map((block) => block.kind);
      expect(kinds, label.file).toEqual(
        label.items.map((item) => (item.kind === 'day' ? 'day' : 'bubble')),
      );
    }
  });

  it('leaves out the ticks, so a time is no wider than one without ticks', async () => {
    let ticked = 0;
    for (const label of labels) {
      const { bubbles } = await findBubbles(label);
      const messages = listMessages(label);
      const plain = bubbles.filter((_, index) => messages[index]?.ticks === null);
      const widest = Math.max(...plain.map((bubble) => bubble.time?.width ?? 0));
      bubbles.forEach((bubble, index) => {
        if (messages[index]?.ticks == null) return;
        ticked += 1;
        // The tick is about as wide as "9:41" and stands 5 px (10 on a 2× screen) after the time.
        expect(bubble.time?.width ?? 0, `${label.file} #${String(index)}`).toBeLessThanOrEqual(
          widest + 4,
        );
      });
    }
    expect(ticked).toBeGreaterThanOrEqual(4);
  });

  it('reads every visible time exactly in the clock pass', async () => {
    const times = new ChatTimeReader(recognizer);
    for (const label of labels) {
      const { image, bubbles } = await findBubbles(label);
      const texts = await times.readAreas(
        image,
        bubbles.map((bubble) => ({ box: bubble.time ?? bubble.box, fill: bubble.fill })),
      );
      const read = texts.map((text) => {
        const time = parseShownTime(text);
        return time === null
          ? `"${text}"`
          : `${String(toHour24(time)).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
      });
      expect(read, label.file).toEqual(listMessages(label).map((message) => message.at.slice(11)));
    }
  }, 300_000);
});
