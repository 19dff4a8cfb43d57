import { describe, expect, it } from 'vitest';
import { showPhoneNumber } from '../../../renderer/src/lib/show-phone-number';

describe('showPhoneNumber', () => {
  it('groups a stored Indian number as people write it', () => {
    expect(showPhoneNumber('+919876543210')).toBe('+91 98765 43210');
  });

  it('groups a number of another country by its own plan', () => {
    expect(showPhoneNumber('+14155552671')).toBe('+1 415 555 2671');
  });

  it('shows a sender ID or a short code as it is', () => {
    expect(showPhoneNumber('VM-QCKCSH')).toBe('VM-QCKCSH');
    expect(showPhoneNumber('56161')).toBe('56161');
  });

  it('leaves a sender name that holds a number whole, never cutting the name away', () => {
    expect(showPhoneNumber('Ravi (+919876543210)')).toBe('Ravi (+919876543210)');
    expect(showPhoneNumber('Agent Ravi')).toBe('Agent Ravi');
  });
});
