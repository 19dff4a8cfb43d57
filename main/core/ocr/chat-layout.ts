// Where things are on a chat screenshot, from its pixels alone: the header band, the day pills and
// the bubbles (with their side and fill colour), and in each bubble the small time at the bottom
// right. Written by hand because no library segments chat screens; the rules follow how WhatsApp
// (Android and iPhone, light and dark) lays a chat out:
// - the chat background shows at both edges of the screen, behind everything;
// - the header is the band at the top whose colour is not the background's;
// - a bubble is a block of one flat fill colour, against the left edge (theirs) or the right
//   (the user's); a day pill is a small block centred between the edges;
// - the time sits at the bottom right of its bubble, well apart from the message's words, with
//   the ticks (blue when read) just after it.
// A picture that is not a chat has no flat blocks at the sides, and gives no bubbles.
// Pure functions over raw pixels (sharp's `raw()` output); no recognition here.

export interface RawImage {
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA). */
  channels: number;
  data: Uint8Array;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Rgb = [number, number, number];

export interface ChatBlock {
  kind: 'bubble' | 'day';
  side: 'theirs' | 'mine' | 'centre';
  box: Box;
  fill: Rgb;
  /** The time's area inside a bubble (ticks excluded), or null when none stands apart. */
  time: Box | null;
}

export interface ChatLayout {
  background: Rgb;
  /** Status bar and title bar together, from the top; null when the top has no such band. */
  header: Box | null;
  blocks: ChatBlock[];
}

/** Pixel colours closer than this (largest channel difference) are the same flat colour. */
const SAME_COLOUR = 14;
/** A block stands out from the background by more than this (dark day pills barely do). */
const OFF_BACKGROUND = 7;
/** Background gaps this short inside a pill's text row are bridged (JPEG halos round text). */
const RUN_GAP = 2;
/** Text differs from its bubble by at least this much. */
const INK_CONTRAST = 30;

function readPixel(image: RawImage, x: number, y: number): Rgb {
  const at = (y * image.width + x) * image.channels;
  return [image.data[at] ?? 0, image.data[at + 1] ?? 0, image.data[at + 2] ?? 0];
}

function colourDistance(a: Rgb, b: Rgb): number {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));
}

function quantise(colour: Rgb): number {
  return ((colour[0] >> 3) << 10) | ((colour[1] >> 3) << 5) | (colour[2] >> 3);
}

/** The most frequent colour among the pixels `visit` yields, as the mean of its bin. */
function findDominantColour(visit: (take: (colour: Rgb) => void) => void): {
  colour: Rgb;
  share: number;
} {
  const bins = new Map<number, { count: number; sum: Rgb }>();
  let total = 0;
  visit((colour) => {
    total += 1;
    const key = quantise(colour);
    const bin = bins.get(key);
    if (bin === undefined) bins.set(key, { count: 1, sum: [colour[0], colour[1], colour[2]] });
    else {
      bin.count += 1;
      bin.sum[0] += colour[0];
      bin.sum[1] += colour[1];
      bin.sum[2] += colour[2];
    }
  });
  let best: { count: number; sum: Rgb } | null = null;
  for (const bin of bins.values()) if (best === null || bin.count > best.count) best = bin;
  if (best === null || total === 0) return { colour: [0, 0, 0], share: 0 };
  const { count, sum } = best;
  const colour: Rgb = [sum[0] / count, sum[1] / count, sum[2] / count];
  // Counted again by distance: compression noise spreads one flat colour over neighbouring bins.
  let near = 0;
  visit((pixel) => {
    if (colourDistance(pixel, colour) <= SAME_COLOUR) near += 1;
  });
  return { colour, share: near / total };
}

/** The background: what shows at both screen edges over the middle of the screen. */
function findBackground(image: RawImage): { colour: Rgb; share: number } {
  const edge = Math.max(2, Math.round(image.width * 0.012));
  return findDominantColour((take) => {
    for (let y = Math.round(image.height * 0.2); y < image.height * 0.85; y += 2) {
      for (let x = 1; x <= edge; x += 1) {
        take(readPixel(image, x, y));
        take(readPixel(image, image.width - 1 - x, y));
      }
    }
  });
}

function isEdgeBackground(image: RawImage, y: number, background: Rgb): boolean {
  const edge = Math.max(2, Math.round(image.width * 0.012));
  for (let x = 1; x <= edge; x += 1) {
    if (colourDistance(readPixel(image, x, y), background) > SAME_COLOUR) return false;
    if (colourDistance(readPixel(image, image.width - 1 - x, y), background) > SAME_COLOUR)
      return false;
  }
  return true;
}

/** The top band that is not background at the edges, if it is a plausible title bar. */
function findHeader(image: RawImage, background: Rgb): Box | null {
  let end = 0;
  while (end < image.height * 0.3 && !isEdgeBackground(image, end, background)) end += 1;
  // A separator line under the bar is part of it.
  if (end < image.height * 0.03 || end >= image.height * 0.3) return null;
  return { x: 0, y: 0, width: image.width, height: end };
}

/**
 * Runs of non-background pixels at least `minRun` long in one row, as [start, end); background
 * gaps of up to `gap` pixels inside a run do not end it.
 */
function findRowRuns(
  image: RawImage,
  y: number,
  background: Rgb,
  minRun: number,
  gap: number,
): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  let lastOff = -1;
  for (let x = 0; x <= image.width; x += 1) {
    const off =
      x < image.width && colourDistance(readPixel(image, x, y), background) > OFF_BACKGROUND;
    if (!off) {
      if (start >= 0 && x - lastOff > gap) {
        if (lastOff + 1 - start >= minRun) runs.push([start, lastOff + 1]);
        start = -1;
      }
      continue;
    }
    if (start < 0) start = x;
    lastOff = x;
  }
  if (start >= 0 && lastOff + 1 - start >= minRun) runs.push([start, lastOff + 1]);
  return runs;
}

interface RawBlock {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Vertical stacks of rows that hold long non-background runs, each one block. */
function findRawBlocks(image: RawImage, background: Rgb, top: number, bottom: number): RawBlock[] {
  const minRun = Math.max(12, Math.round(image.width * 0.04));
  const blocks: RawBlock[] = [];
  let current: RawBlock | null = null;
  for (let y = top; y < bottom; y += 1) {
    // A row with no long run may be a day pill's text row: in a dark-mode JPEG the dark halo
    // round the letters comes out as background and cuts the row into short pieces, which cut
    // the pill into slivers ("Thursday" lost, its messages put on the day above). Such a row is
    // looked at again with small gaps bridged; other rows keep their exact edges.
    let runs = findRowRuns(image, y, background, minRun, 0);
    if (runs.length === 0) runs = findRowRuns(image, y, background, minRun, RUN_GAP);
    if (runs.length === 0) {
      if (current !== null) blocks.push(current);
      current = null;
      continue;
    }
    const left = Math.min(...runs.map((run) => run[0]));
    const right = Math.max(...runs.map((run) => run[1]));
    if (current === null) current = { top: y, bottom: y + 1, left, right };
    else {
      current.bottom = y + 1;
      current.left = Math.min(current.left, left);
      current.right = Math.max(current.right, right);
    }
  }
  if (current !== null) blocks.push(current);
  return blocks;
}

/** The block's fill: its dominant colour, and the share of its inner pixels it covers. */
function readFill(image: RawImage, block: RawBlock): { colour: Rgb; share: number } {
  const inset = Math.max(2, Math.round((block.bottom - block.top) * 0.15));
  return findDominantColour((take) => {
    for (let y = block.top + inset; y < block.bottom - inset; y += 2)
      for (let x = block.left + inset; x < block.right - inset; x += 2)
        take(readPixel(image, x, y));
  });
}

function isTick(colour: Rgb, fill: Rgb): boolean {
  // Read ticks are WhatsApp blue: much bluer than the bubble, also where they blend into it.
  return colour[2] - colour[0] - (fill[2] - fill[0]) > 40 && colour[2] > fill[2] + 25;
}

function isInk(image: RawImage, x: number, y: number, fill: Rgb): boolean {
  const colour = readPixel(image, x, y);
  return colourDistance(colour, fill) > INK_CONTRAST && !isTick(colour, fill);
}

/** Groups of consecutive indices where `has(i)` is true, as [start, end). */
function findSpans(
  from: number,
  to: number,
  has: (index: number) => boolean,
  maxGap: number,
): [number, number][] {
  const spans: [number, number][] = [];
  let start = -1;
  let last = -1;
  for (let index = from; index < to; index += 1) {
    if (!has(index)) continue;
    if (start >= 0 && index - last > maxGap + 1) {
      spans.push([start, last + 1]);
      start = -1;
    }
    if (start < 0) start = index;
    last = index;
  }
  if (start >= 0) spans.push([start, last + 1]);
  return spans;
}

/** True when blue tick pixels outnumber the ink in the area (what is left of a read tick). */
function isMostlyTick(
  image: RawImage,
  columns: [number, number],
  rows: [number, number],
  fill: Rgb,
): boolean {
  let ticks = 0;
  let ink = 0;
  for (let y = rows[0]; y < rows[1]; y += 1)
    for (let x = columns[0]; x < columns[1]; x += 1) {
      const colour = readPixel(image, x, y);
      if (isTick(colour, fill)) ticks += 1;
      else if (colourDistance(colour, fill) > INK_CONTRAST) ink += 1;
    }
  return ticks > ink;
}

function measureInkHeight(
  image: RawImage,
  columns: [number, number],
  rows: [number, number],
  fill: Rgb,
): number {
  let top = rows[1];
  let bottom = rows[0];
  for (let y = rows[0]; y < rows[1]; y += 1)
    for (let x = columns[0]; x < columns[1]; x += 1)
      if (isInk(image, x, y, fill)) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y + 1);
      }
  return Math.max(1, bottom - top);
}

/** Per row of the box, the first and last pixel of the bubble's own fill (corners are rounded). */
function findFillSpans(image: RawImage, box: Box, fill: Rgb): ([number, number] | undefined)[] {
  const spans: ([number, number] | undefined)[] = [];
  for (let y = box.y; y < box.y + box.height; y += 1) {
    let first = -1;
    let last = -1;
    for (let x = box.x; x < box.x + box.width; x += 1) {
      if (colourDistance(readPixel(image, x, y), fill) > SAME_COLOUR) continue;
      if (first < 0) first = x;
      last = x;
    }
    spans.push(first < 0 ? undefined : [first, last]);
  }
  return spans;
}

/**
 * True when `group`, the last ink on a bubble's line, is a check mark rather than a character: it
 * stands apart from what comes before it (WhatsApp leaves more room before the ticks than a
 * space) and is drawn with slanted strokes only, so no column of it holds a long run of ink.
 * Digits and the letters of am/pm all have an upright stroke or a tall curve.
 */
function isCheckMark(
  image: RawImage,
  group: { span: [number, number]; height: number },
  before: { span: [number, number]; height: number },
  rows: [number, number],
  fill: Rgb,
): boolean {
  if (group.span[0] - before.span[1] < before.height * 0.5) return false;
  let longest = 0;
  for (let x = group.span[0]; x < group.span[1]; x += 1) {
    let run = 0;
    for (let y = rows[0]; y < rows[1]; y += 1) {
      run = isInk(image, x, y, fill) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
  }
  // Measured: ticks 0.26–0.42 of their height (JPEG blurs them), digits and am/pm 0.47 and up.
  return longest <= group.height * 0.45;
}

/**
 * The time's area: the rightmost group of ink on the bubble's last line, when a gap wider than
 * about a line's height parts it from the words before it (WhatsApp keeps that space).
 */
export function findTimeArea(image: RawImage, box: Box, fill: Rgb): Box | null {
  const insideFill = findFillSpans(image, box, fill);
  const isInkInside = (x: number, y: number): boolean => {
    const span = insideFill[y - box.y];
    return span !== undefined && x > span[0] + 1 && x < span[1] - 2 && isInk(image, x, y, fill);
  };
  const left = box.x;
  const right = box.x + box.width;
  const rowHasInk = (y: number): boolean => {
    for (let x = left; x < right; x += 1) if (isInkInside(x, y)) return true;
    return false;
  };
  const minLine = Math.max(4, Math.round(box.height * 0.05));
  const lines = findSpans(box.y + 2, box.y + box.height - 2, rowHasInk, 1).filter(
    ([top, bottom]) => bottom - top >= minLine,
  );
  const last = lines.at(-1);
  if (last === undefined) return null;
  const columnHasInk = (x: number): boolean => {
    for (let y = last[0]; y < last[1]; y += 1) if (isInkInside(x, y)) return true;
    return false;
  };
  // Specks (the halo of a blue tick after compression) are not groups.
  const groups = findSpans(left, right, columnHasInk, 2).filter(
    (group) =>
      measureInkHeight(image, group, last, fill) >= (last[1] - last[0]) * 0.25 &&
      !isMostlyTick(image, group, last, fill),
  );
  const measured = groups.map((span) => ({
    span,
    height: measureInkHeight(image, span, last, fill),
  }));
  // A grey tick (sent or delivered: not blue, so still counted as ink) is no part of the time.
  const end = measured.at(-1);
  const beforeEnd = measured.at(-2);
  if (
    end !== undefined &&
    beforeEnd !== undefined &&
    isCheckMark(image, end, beforeEnd, last, fill)
  )
    measured.pop();
  const rightmost = measured.at(-1);
  if (rightmost === undefined) return null;
  // The time's own height sets the gap that parts it from the words: a space inside "9:41 pm" is
  // narrower than the time is tall, WhatsApp's gap before it much wider. Only the groups taken
  // into the time so far count: a Devanagari word before it (headline and vowel signs) is twice
  // as tall as the time, and counting it joined the two on one-line bubbles.
  let height = rightmost.height;
  let start = measured.length - 1;
  while (start > 0) {
    const previous = measured[start - 1];
    const current = measured[start];
    if (
      previous === undefined ||
      current === undefined ||
      current.span[0] - previous.span[1] > height * 1.1
    )
      break;
    start -= 1;
    height = Math.max(height, previous.height);
  }
  const first = measured[start]?.span;
  if (first === undefined) return null;
  // A last line with one group of ink is the time on its own line, below the words.
  if (start === 0 && lines.length < 2) return null;
  const time: [number, number] = [first[0], rightmost.span[1]];
  const rows = findSpans(
    last[0],
    last[1],
    (y) => {
      for (let x = time[0]; x < time[1]; x += 1) if (isInkInside(x, y)) return true;
      return false;
    },
    1,
  );
  const top = rows[0]?.[0] ?? last[0];
  const bottom = rows.at(-1)?.[1] ?? last[1];
  return { x: time[0], y: top, width: time[1] - time[0], height: bottom - top };
}

function classifyBlock(image: RawImage, block: RawBlock, fill: Rgb): ChatBlock | null {
  const width = block.right - block.left;
  const height = block.bottom - block.top;
  const leftGap = block.left;
  const rightGap = image.width - block.right;
  const box = { x: block.left, y: block.top, width, height };
  if (width > image.width * 0.85 || height < image.height * 0.015) return null;
  const centred = Math.abs(leftGap - rightGap) <= image.width * 0.06 && leftGap > image.width * 0.1;
  if (centred) {
    if (height > image.height * 0.05) return null;
    return { kind: 'day', side: 'centre', box, fill, time: null };
  }
  const side = leftGap < rightGap ? 'theirs' : 'mine';
  // A bubble hangs from its own edge of the screen, not from the middle.
  if (Math.min(leftGap, rightGap) > image.width * 0.08) return null;
  return { kind: 'bubble', side, box, fill, time: findTimeArea(image, box, fill) };
}

/** The chat's layout, or an empty one when the picture does not look like a chat. */
export function analyseChatLayout(image: RawImage): ChatLayout {
  const background = findBackground(image);
  const empty: ChatLayout = { background: background.colour, header: null, blocks: [] };
  // A chat's background is one flat colour down both edges; a photo's edges are not.
  if (background.share < 0.6) return empty;
  const header = findHeader(image, background.colour);
  const top = header === null ? 0 : header.y + header.height;
  const raw = findRawBlocks(image, background.colour, top, image.height);
  const blocks: ChatBlock[] = [];
  for (const block of raw) {
    // Cut by the header or the screen's bottom edge: partly shown, not read.
    if (block.top <= top || block.bottom >= image.height - 1) continue;
    const fill = readFill(image, block);
    if (fill.share < 0.45) continue;
    const classified = classifyBlock(image, block, fill.colour);
    if (classified !== null) blocks.push(classified);
  }
  return { background: background.colour, header, blocks };
}

/** The most frequent colour inside a box (a title bar's own colour). */
export function readDominantColour(image: RawImage, box: Box): Rgb {
  return findDominantColour((take) => {
    for (let y = box.y; y < box.y + box.height; y += 2)
      for (let x = box.x; x < box.x + box.width; x += 2) take(readPixel(image, x, y));
  }).colour;
}

/** Relative luminance in 0..255, to tell dark fills (light text) from light ones. */
export function measureLuminance(colour: Rgb): number {
  return 0.2126 * colour[0] + 0.7152 * colour[1] + 0.0722 * colour[2];
}

/** True when the rows of `box` hold Devanagari: its headline runs across whole words. */
export function hasDevanagari(image: RawImage, box: Box, fill: Rgb): boolean {
  const lines = findSpans(
    box.y,
    box.y + box.height,
    (y) => {
      for (let x = box.x; x < box.x + box.width; x += 1) if (isInk(image, x, y, fill)) return true;
      return false;
    },
    1,
  );
  return lines.some(([top, bottom]) => {
    const height = bottom - top;
    for (let y = top; y < top + height * 0.5; y += 1) {
      let run = 0;
      for (let x = box.x; x < box.x + box.width; x += 1) {
        run = isInk(image, x, y, fill) ? run + 1 : 0;
        if (run > height * 1.6) return true;
      }
    }
    return false;
  });
}
