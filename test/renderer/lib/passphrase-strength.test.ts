import { describe, expect, it } from 'vitest';
import {
  estimatePassphraseStrength,
  findNewPassphraseProblem,
} from '../../../renderer/src/lib/passphrase-strength';

describe('estimatePassphraseStrength', () => {
  it.each([
    '',
    'password',
    'Password@123',
    'qwerty12345',
    'iloveyou!!',
    '1234567890',
    'jaishreeram',
  ])('does not accept the common or empty choice %j', (value) => {
    expect(estimatePassphraseStrength(value).acceptable).toBe(false);
  });

  it('marks a common password with the common hint', () => {
    expect(estimatePassphraseStrength('Password@123').hints).toContain('common');
  });

  it('does not accept anything shorter than ten characters, however varied', () => {
    const result = estimatePassphraseStrength('Xq7#pL2!');
    expect(result.acceptable).toBe(false);
    expect(result.hints).toContain('tooShort');
  });

  it('does not accept repeated characters or runs', () => {
    expect(estimatePassphraseStrength('aaaaaaaaaaaaaa').hints).toContain('repetitive');
    expect(estimatePassphraseStrength('abcdefghijklm').hints).toContain('repetitive');
  });

  it('accepts a few ordinary words and rates them higher than one word', () => {
    const words = estimatePassphraseStrength('monsoon tea on the terrace');
    expect(words.acceptable).toBe(true);
    expect(words.score).toBeGreaterThanOrEqual(3);
    expect(words.score).toBeGreaterThan(estimatePassphraseStrength('sunflower').score);
  });

  it('values a passphrase in Hindi script instead of treating it as symbols', () => {
    const result = estimatePassphraseStrength('मेरा घर पुणे में है');
    expect(result.acceptable).toBe(true);
    expect(result.hints).not.toContain('common');
  });
});

describe('findNewPassphraseProblem', () => {
  it('says a weak passphrase is weak before it says the two differ, and nothing for a good pair', () => {
    expect(findNewPassphraseProblem('short', 'other')).toEqual({ key: 'passphrase.weak' });
    expect(
      findNewPassphraseProblem('brass lamp beside the quiet river', 'brass lamp beside the river'),
    ).toEqual({ key: 'passphrase.mismatch' });
    expect(
      findNewPassphraseProblem(
        'brass lamp beside the quiet river',
        'brass lamp beside the quiet river',
      ),
    ).toBeNull();
  });
});
