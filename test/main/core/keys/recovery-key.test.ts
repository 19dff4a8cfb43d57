import { describe, expect, it } from 'vitest';
import {
  formatRecoveryKey,
  generateRecoveryKey,
  normalizeRecoveryKey,
} from '../../../../main/core/keys/recovery-key';

describe('recovery key', () => {
  it('is 8 groups of 4 Crockford base32 characters, 160 bits in all', () => {
    const key = generateRecoveryKey();
    expect(key).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('is different every time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => generateRecoveryKey()));
    expect(keys.size).toBe(50);
  });

  it('accepts what a person typed: lower case, spaces, and O, I or L for 0 and 1', () => {
    const key = generateRecoveryKey();
    const compact = key.replace(/-/g, '');
    const typed = key.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(normalizeRecoveryKey(typed)).toBe(compact);
    expect(formatRecoveryKey(compact)).toBe(key);
  });

  it('rejects a key with a missing group or a letter outside the alphabet', () => {
    const key = generateRecoveryKey();
    expect(() => normalizeRecoveryKey(key.slice(0, -5))).toThrow(/recovery key/);
    expect(() => normalizeRecoveryKey(`${key.slice(0, -1)}U`)).toThrow(/recovery key/);
  });
});
