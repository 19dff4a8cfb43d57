// Long file names on evidence tiles keep their end in view, where phones' names differ.
import { describe, expect, it } from 'vitest';
import { shortenMiddle } from '../../../renderer/src/lib/shorten-name';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
function countLetters(text: string): number {
  return Array.from(segmenter.segment(text)).length;
}

describe('shortenMiddle', () => {
  it('leaves a name of up to 44 letters as it is', () => {
    expect(shortenMiddle('WhatsApp Chat with Agent Ravi.zip')).toBe(
      'WhatsApp Chat with Agent Ravi.zip',
    );
    expect(shortenMiddle('x'.repeat(44))).toBe('x'.repeat(44));
  });

  it('keeps the start and the end of a longer name, so two alike stay told apart', () => {
    const first = shortenMiddle('WhatsApp Chat with Agent Ravi from QuickCash recovery 2.zip');
    const second = shortenMiddle('WhatsApp Chat with Agent Ravi from QuickCash recovery 3.zip');
    expect(first).toBe('WhatsApp Chat with Agent Ra…h recovery 2.zip');
    expect(countLetters(first)).toBe(44);
    expect(first).not.toBe(second);
  });

  it('cuts a Devanagari name between letters, never between a letter and its vowel sign', () => {
    const name = `${'धमकी '.repeat(12)}.png`;
    const short = shortenMiddle(name);
    expect(countLetters(short)).toBe(44);
    expect(short.endsWith('.png')).toBe(true);
    const [head = '', tail = ''] = short.split('…');
    expect(name.startsWith(head)).toBe(true);
    expect(name.endsWith(tail)).toBe(true);
    // The cut falls between letters: the end does not start with a vowel sign or a virama.
    expect(tail).not.toMatch(/^[\u093e-\u094d]/);
  });
});
