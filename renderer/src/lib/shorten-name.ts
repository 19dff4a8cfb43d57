// A long file name shortened in its middle, so the end that tells files apart stays in view:
// phones and chat exports name files alike up to the last characters ("WhatsApp Chat with Agent
// Ravi.zip" beside "… Ravi.txt", "…-214301.png" beside "…-214302.png"). Cutting the end, as a
// plain CSS clamp does, hid exactly that. The whole name stays in the tile's tooltip.

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The name as it is when it has at most `max` letters; else its start, "…", and its end. Counted
 * in graphemes, so a Devanagari letter never loses its vowel sign and an emoji is never split.
 */
export function shortenMiddle(name: string, max = 44): string {
  const letters = Array.from(graphemes.segment(name), (part) => part.segment);
  if (letters.length <= max) return name;
  const tail = Math.min(16, Math.floor((max - 1) / 2));
  return `${letters.slice(0, max - 1 - tail).join('')}…${letters.slice(-tail).join('')}`;
}
