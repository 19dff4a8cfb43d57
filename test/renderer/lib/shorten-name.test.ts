// Long file names on evidence tiles keep their end in view, where phones' names differ.
import { describe, expect, it } from 'vitest';
import { shortenMiddle } from '../../../renderer/src/lib/shorten-name';

describe('shortenMiddle', () => {
  it('leaves a name of up to 44 characters as it is', () => {
    expect(shortenMiddle('WhatsApp Chat with Agent Ravi.zip')).toBe(
      'WhatsApp Chat with Agent Ravi.zip',
    );
    expect(shortenMiddle('x'.repeat(44))).toBe('x'.repeat(44));
  });

  it('keeps the start and the end of a longer name, so two alike stay told apart', () => {
    const first = shortenMiddle('WhatsApp Chat with Agent Ravi from QuickCash recovery 2.zip');
    const second = shortenMiddle('WhatsApp Chat with Agent Ravi from QuickCash recovery 3.zip');
    expect(first).toBe('WhatsApp Chat with Agent Ra…h recovery 2.zip');
    expect([...first]).toHaveLength(44);
    expect(first).not.toBe(second);
  });

  it('counts a Devanagari name by its characters, never splitting a surrogate pair', () => {
    const name = `${'धमकी '.repeat(10)}😠.png`;
    const short = shortenMiddle(name);
    expect([...short]).toHaveLength(44);
    expect(short.endsWith('😠.png')).toBe(true);
    expect(short).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
