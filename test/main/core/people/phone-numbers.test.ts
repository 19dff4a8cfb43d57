import { describe, expect, it } from 'vitest';
import { normalisePhoneNumber } from '../../../../main/core/people/phone-numbers';

describe('normalisePhoneNumber', () => {
  it('reads one Indian mobile number the same however it is written', () => {
    const forms = [
      '098765 43210',
      '+91 98765-43210',
      '9876543210',
      '0091 98765 43210',
      'tel:+91-9876543210',
    ];
    expect(forms.map((form) => normalisePhoneNumber(form))).toEqual(
      forms.map(() => '+919876543210'),
    );
  });

  it('keeps a foreign country code and reads bare numbers in the given region', () => {
    expect(normalisePhoneNumber('+1 415 555 2671')).toBe('+14155552671');
    expect(normalisePhoneNumber('(415) 555-2671', 'US')).toBe('+14155552671');
  });

  it('reads an Indian landline with its STD code', () => {
    expect(normalisePhoneNumber('022 2345 6789')).toBe('+912223456789');
  });

  it('gives null for sender IDs, handles and text too short to be a number', () => {
    expect(normalisePhoneNumber('VM-LOANAP')).toBeNull();
    expect(normalisePhoneNumber('@recovery_team')).toBeNull();
    expect(normalisePhoneNumber('12')).toBeNull();
    expect(normalisePhoneNumber('   ')).toBeNull();
  });
});
