// Each bubble's words read again from the bubble alone: cut out, made dark-on-white against the
// bubble's own fill (so a dark-mode green bubble reads like a white one), its time left blank,
// and all of one screenshot's bubbles stacked into one strip for one recognition call. The
// whole-picture pass sometimes drops a word (a number beside Devanagari, a word in a dark
// bubble); the caller keeps, per bubble, whichever reading is surer.
import sharp from 'sharp';
import type { ChatBlock, RawImage } from './chat-layout';
import { prepareInkCrop } from './chat-times';
import type { OcrWord, PreferredLanguage, TextRecognizer } from './recognize';

const GAP = 40;
const MARGIN = 20;

/** The words of each bubble, read from the strip; [] for a bubble where nothing was read. */
export async function rereadBubbles(
  image: RawImage,
  bubbles: readonly ChatBlock[],
  recognizer: TextRecognizer,
  preferred: PreferredLanguage,
): Promise<OcrWord[][]> {
  if (bubbles.length === 0) return [];
  const crops = await Promise.all(
    bubbles.map((bubble) =>
      prepareInkCrop(
        image,
        { box: bubble.box, fill: bubble.fill, blank: bubble.time },
        bubble.box.height + 6,
      ),
    ),
  );
  const tops: number[] = [];
  let height = MARGIN;
  for (const bubble of bubbles) {
    tops.push(height);
    height += bubble.box.height + 6 + GAP;
  }
  height += MARGIN - GAP;
  const width = Math.max(...crops.map((crop) => crop.width)) + MARGIN * 2;
  const strip = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(
      crops.map((crop, index) => ({ input: crop.png, left: MARGIN, top: tops[index] ?? 0 })),
    )
    .png()
    .toBuffer();
  const reading = await recognizer.recognize(strip, preferred);
  const words: OcrWord[][] = bubbles.map(() => []);
  if (reading.status !== 'read') return words;
  let found = reading.words;
  // With the Hindi model loaded, a number beside Devanagari can be dropped ("Call 98765 43210
  // तुरंत" lost "43210"): the English model's sure Latin words and numbers fill such holes.
  if (preferred === 'hi' && reading.words.some((word) => LATIN_OR_DIGIT.test(word.text))) {
    // English alone: the Hindi model's reading of this strip is the one just made.
    const english = await recognizer.recognize(strip, 'en', { onePass: true });
    if (english.status === 'read') found = fillHoles(reading.words, english.words);
  }
  for (const word of found) {
    const middle = (word.bbox.y0 + word.bbox.y1) / 2;
    const index = tops.findIndex(
      (top, at) =>
        middle >= top - GAP / 2 && middle < top + (bubbles[at]?.box.height ?? 0) + 6 + GAP / 2,
    );
    const bubble = bubbles[index];
    const top = tops[index];
    if (bubble === undefined || top === undefined) continue;
    // Back to the screenshot's pixels (the crop kept its scale, with 3 pixels around the bubble),
    // so the two readings of a bubble can be compared word by word.
    const dx = bubble.box.x - 3 - MARGIN;
    const dy = bubble.box.y - 3 - top;
    words[index]?.push({
      ...word,
      bbox: {
        x0: word.bbox.x0 + dx,
        y0: word.bbox.y0 + dy,
        x1: word.bbox.x1 + dx,
        y1: word.bbox.y1 + dy,
      },
    });
  }
  return words;
}

const LATIN_OR_DIGIT = /^[A-Za-z0-9@.,:+₹/-]+$/;

function overlaps(a: OcrWord, b: OcrWord): boolean {
  return (
    Math.min(a.bbox.x1, b.bbox.x1) > Math.max(a.bbox.x0, b.bbox.x0) &&
    Math.min(a.bbox.y1, b.bbox.y1) > Math.max(a.bbox.y0, b.bbox.y0)
  );
}

/** The base words, plus the other reading's sure words where the base has none. */
export function fillHoles(
  base: readonly OcrWord[],
  other: readonly OcrWord[],
  latinOnly = true,
): OcrWord[] {
  const added = other.filter(
    (word) =>
      word.confidence >= 85 &&
      (!latinOnly || LATIN_OR_DIGIT.test(word.text)) &&
      !base.some((mine) => overlaps(mine, word)),
  );
  if (added.length === 0) return [...base];
  return [...base, ...added].sort((a, b) => {
    const sameLine = Math.min(a.bbox.y1, b.bbox.y1) - Math.max(a.bbox.y0, b.bbox.y0) > 0;
    return sameLine ? a.bbox.x0 - b.bbox.x0 : a.bbox.y0 - b.bbox.y0;
  });
}

/** How much sure text a reading holds: confidence weighted by length. */
export function scoreWords(words: readonly OcrWord[]): number {
  return words.reduce((sum, word) => sum + word.confidence * word.text.length, 0);
}
