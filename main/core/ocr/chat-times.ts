// The visible times of a chat's bubbles, read in a pass of their own: each bubble's time area
// (found by chat-layout.ts) is cut out, the read ticks painted over, made dark-on-white and
// enlarged, and all of one screenshot's areas are stacked into one strip read by the English
// model with only digits, ':' and the letters of "am"/"pm" allowed. Measured (issue 20): with the
// Hindi model loaded times came out as Devanagari digits or with a tick glued on; this way 61 of
// 66 were right. The strip is read by TextRecognizer's English worker with the clock parameters
// given per call, so there is one tesseract setup and no third warm worker.
import sharp from 'sharp';
import type { Box, RawImage, Rgb } from './chat-layout';
import { measureLuminance } from './chat-layout';
import type { TextRecognizer } from './recognize';

export interface TimeArea {
  box: Box;
  fill: Rgb;
  /** A part left blank (a bubble's time, when its words are read). */
  blank?: Box | null;
}

/** A clock reading as shown: hour and minute, and am/pm when the screen shows it. */
export interface ShownTime {
  hour: number;
  minute: number;
  meridiem: 'am' | 'pm' | null;
  /** As read, for the user to compare. */
  shown: string;
}

/** Each area's text height in the strip, in pixels: tesseract reads best at 30–40 px capitals. */
const STRIP_LINE_HEIGHT = 48;
const STRIP_GAP = 28;
const STRIP_MARGIN = 16;
/**
 * The times' grey levels are multiplied by this, so only the core of each stroke stays dark (as
 * preprocess.ts lightens whole pictures). At full strength the digits came out bold, and a clear
 * "17:17" was read as "A", "12:07" or "17:07" depending on the scale. Bubble words and titles
 * (the other users of prepareInkCrop) read best unlightened.
 */
const STROKE_LIGHTEN = 1.5;

/** Reads "9:41 pm", "21:41", "9.41 PM"; null for anything else (never a guess). */
export function parseShownTime(text: string): ShownTime | null {
  const match = /(\d{1,2})\s*[:.]\s*(\d{2})\s*([AaPp])?\s*[Mm]?/.exec(text);
  if (match === null) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  const letter = match[3]?.toLowerCase();
  const meridiem = letter === 'a' ? 'am' : letter === 'p' ? 'pm' : null;
  if (minute > 59) return null;
  if (meridiem === null ? hour > 23 : hour < 1 || hour > 12) return null;
  return { hour, minute, meridiem, shown: match[0].trim() };
}

/** The 24-hour clock hour of a reading. */
export function toHour24(time: ShownTime): number {
  if (time.meridiem === null) return time.hour;
  return (time.hour % 12) + (time.meridiem === 'pm' ? 12 : 0);
}

/**
 * One area as dark text on white (ink measured against the area's own fill, so white text on a
 * green title bar or grey text on a dark bubble comes out the same), ticks gone, scaled to
 * `lineHeight` pixels high.
 */
export async function prepareInkCrop(
  image: RawImage,
  area: TimeArea,
  lineHeight = STRIP_LINE_HEIGHT,
  lighten = 1,
): Promise<{ png: Buffer; width: number }> {
  const pad = 3;
  const x0 = Math.max(0, area.box.x - pad);
  const y0 = Math.max(0, area.box.y - pad);
  const x1 = Math.min(image.width, area.box.x + area.box.width + pad);
  const y1 = Math.min(image.height, area.box.y + area.box.height + pad);
  const width = x1 - x0;
  const height = y1 - y0;
  const dark = measureLuminance(area.fill) < 128;
  const grey = Buffer.alloc(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = ((y0 + y) * image.width + (x0 + x)) * image.channels;
      const r = image.data[at] ?? 0;
      const g = image.data[at + 1] ?? 0;
      const b = image.data[at + 2] ?? 0;
      // How far the pixel is from the bubble's fill is how much ink it holds; blue (a read
      // tick) is not ink.
      const tick = b - r - (area.fill[2] - area.fill[0]) > 40 && b > area.fill[2] + 25;
      const distance = Math.max(
        Math.abs(r - area.fill[0]),
        Math.abs(g - area.fill[1]),
        Math.abs(b - area.fill[2]),
      );
      const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      const isInkSide = dark
        ? lum > measureLuminance(area.fill)
        : lum < measureLuminance(area.fill);
      const blank = area.blank;
      const blanked =
        blank != null &&
        x0 + x >= blank.x - 2 &&
        x0 + x < blank.x + blank.width + 2 &&
        y0 + y >= blank.y - 2 &&
        y0 + y < blank.y + blank.height + 2;
      const ink = tick || blanked || !isInkSide ? 0 : Math.min(255, distance * 2.5);
      grey[y * width + x] = Math.min(255, Math.round((255 - ink) * lighten));
    }
  }
  const scale = lineHeight / Math.max(1, height);
  const scaledWidth = Math.max(1, Math.round(width * scale));
  const png = await sharp(grey, { raw: { width, height, channels: 1 } })
    .resize({ width: scaledWidth, height: lineHeight, fit: 'fill', kernel: 'cubic' })
    .png()
    .toBuffer();
  return { png, width: scaledWidth };
}

/**
 * Reads the time areas of one screenshot through the recognizer's own English worker, with the
 * clock parameters given per call (recognize.ts): no worker of its own, so no extra memory.
 * Not re-entrant.
 */
export class ChatTimeReader {
  constructor(private readonly recognizer: TextRecognizer) {}

  /** The text read in each area, in order ('' where nothing was read). */
  async readAreas(image: RawImage, areas: readonly TimeArea[]): Promise<string[]> {
    if (areas.length === 0) return [];
    const prepared = await Promise.all(
      areas.map((area) => prepareInkCrop(image, area, STRIP_LINE_HEIGHT, STROKE_LIGHTEN)),
    );
    const width = Math.max(...prepared.map((one) => one.width)) + STRIP_MARGIN * 2;
    const height = STRIP_MARGIN * 2 + prepared.length * (STRIP_LINE_HEIGHT + STRIP_GAP) - STRIP_GAP;
    const strip = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
      .composite(
        prepared.map((one, index) => ({
          input: one.png,
          left: STRIP_MARGIN,
          top: STRIP_MARGIN + index * (STRIP_LINE_HEIGHT + STRIP_GAP),
        })),
      )
      .png()
      .toBuffer();
    const page = await this.recognizer.recognizeClockStrip(strip);
    const texts = areas.map(() => '');
    for (const block of page.blocks ?? [])
      for (const paragraph of block.paragraphs)
        for (const line of paragraph.lines) {
          const middle = (line.bbox.y0 + line.bbox.y1) / 2 - STRIP_MARGIN;
          const index = Math.floor((middle + STRIP_GAP / 2) / (STRIP_LINE_HEIGHT + STRIP_GAP));
          if (index < 0 || index >= texts.length) continue;
          texts[index] = `${texts[index] ?? ''} ${line.text}`.trim();
        }
    return texts;
  }

  /** Nothing of its own to end: the recognizer's close ends the worker. Kept for its callers. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
