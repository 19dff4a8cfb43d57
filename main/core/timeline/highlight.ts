// Where the searched words occur in an entry's text, for <mark> in the timeline. The search index is
// contentless (the text stays encrypted in its own table), so FTS5's highlight() has no text to work
// on; the words are found again here the way the index matched them: each word as the start of a
// word in the text, case-insensitively. Combining marks count as part of a word so a Devanagari
// vowel sign (ा, ि) never splits a match.

export interface TextRange {
  /** UTF-16 offsets into the text, end exclusive, as JavaScript strings count them. */
  start: number;
  end: number;
}

const WORD_CHAR = String.raw`[\p{L}\p{N}\p{M}]`;

/** The words of a search as the user typed them, without the quotes FTS needs. */
export function splitSearchTerms(search: string): string[] {
  return search
    .trim()
    .split(/\s+/u)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}\p{M}]+$/gu, ''))
    .filter((word) => word !== '');
}

/** Sorted, non-overlapping ranges of `text` that start with one of `terms` at a word start. */
export function findHighlights(text: string, terms: readonly string[]): TextRange[] {
  if (terms.length === 0 || text === '') return [];
  const escaped = [...terms]
    .sort((a, b) => b.length - a.length)
    .map((term) => term.normalize('NFC').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<!${WORD_CHAR})(?:${escaped.join('|')})${WORD_CHAR}*`, 'giu');
  const ranges: TextRange[] = [];
  for (const match of text.matchAll(pattern)) {
    ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return ranges;
}
