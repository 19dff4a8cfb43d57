// A long file name shortened in its middle, so the end that tells files apart stays in view:
// phones and chat exports name files alike up to the last characters ("WhatsApp Chat with Agent
// Ravi.zip" beside "… Ravi.txt", "…-214301.png" beside "…-214302.png"). Cutting the end, as a
// plain CSS clamp does, hid exactly that. The whole name stays in the tile's tooltip.

/** The name as it is when it has at most `max` characters; else its start, "…", and its end. */
export function shortenMiddle(name: string, max = 44): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const tail = Math.min(16, Math.floor((max - 1) / 2));
  return `${chars.slice(0, max - 1 - tail).join('')}…${chars.slice(-tail).join('')}`;
}
