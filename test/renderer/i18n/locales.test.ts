import { describe, expect, it } from 'vitest';
import { en, hi } from '../../../renderer/src/i18n/locales';

/** Every leaf as "a.b.c" → text. */
function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else if (typeof value === 'object' && value !== null) {
      for (const [leaf, text] of flatten(value as object, `${prefix}${key}.`)) out.set(leaf, text);
    }
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? '').sort();
}

const english = flatten(en);
const hindi = flatten(hi);

describe('translations', () => {
  it('have exactly the same keys in English and Hindi', () => {
    expect([...hindi.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of english)
      expect([key, placeholders(hindi.get(key) ?? '')]).toEqual([key, placeholders(text)]);
  });

  it('have no empty strings', () => {
    for (const [key, text] of [...english, ...hindi])
      expect([key, text.trim()]).not.toEqual([key, '']);
  });

  it('are written in Devanagari in Hindi, not left in English', () => {
    const devanagari = /[\u0900-\u097F]/;
    // Names of languages and the keyboard shortcut are the same in both on purpose.
    const sameOnPurpose = new Set(['language.en', 'language.hi', 'lock.shortcut']);
    for (const [key, text] of hindi) {
      if (!sameOnPurpose.has(key)) expect([key, devanagari.test(text)]).toEqual([key, true]);
    }
  });

  it('count in whole words, never "word(s)": English uses plural forms for every count', () => {
    // "Show {{count}} more" and the filter labels "(12)" read right for any number.
    const anyNumber = /\(\{\{count\}\}\)|^Show \{\{count\}\} more$|\{\{count\}\} of \{\{limit\}\}/;
    for (const [key, text] of english) {
      expect([key, /\w\(s\)/.test(text)]).toEqual([key, false]);
      if (text.includes('{{count}}') && !anyNumber.test(text))
        expect([key, /_(one|other)$/.test(key)]).toEqual([key, true]);
    }
  });
});
