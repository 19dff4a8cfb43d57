import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/errors';
import { describeError } from '../../../renderer/src/lib/error-text';

describe('describeError', () => {
  it('gives every error code a message in English and in Hindi', () => {
    for (const code of ERROR_CODES) {
      expect(describeError(code, 'en')).toMatch(/\w/);
      expect(describeError(code, 'hi')).toMatch(/[\u0900-\u097F]/);
    }
  });

  it('maps a wrong passphrase to plain words in each language', () => {
    expect(describeError('WRONG_PASSPHRASE', 'en')).toBe(
      'That passphrase is not right. Nothing was changed. Please try again.',
    );
    expect(describeError('WRONG_PASSPHRASE', 'hi')).toContain('पासफ़्रेज़ सही नहीं है');
  });
});
