import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatReferences,
  formatSize,
  humaniseKey,
} from '../../../../../main/core/export/documents/format';

describe('document formatting', () => {
  it('shows the recorded wall-clock time with its offset, a bare date, UTC, and unknown times plainly', () => {
    expect(formatDateTime('2024-05-10T21:15:00+05:30')).toBe('10 May 2024, 21:15 (UTC+05:30)');
    expect(formatDateTime('2024-06-02T08:30:00.000Z')).toBe('2 June 2024, 08:30 UTC');
    expect(formatDateTime('2024-05-20')).toBe('20 May 2024');
    expect(formatDateTime(null, 'not known')).toBe('not known');
    expect(formatDateTime('yesterday')).toBe('yesterday');
  });

  it('gives sizes in exact bytes with a rounded unit', () => {
    expect(formatSize(999)).toBe('999 bytes');
    expect(formatSize(3147)).toBe('3,147 bytes (3.1 KB)');
    expect(formatSize(512 * 1024 * 1024)).toBe('53,68,70,912 bytes (512.0 MB)');
  });

  it('turns reference keys into words and drops empty references', () => {
    expect(humaniseKey('acknowledgementNumber')).toBe('Acknowledgement number');
    expect(formatReferences({ complaintNumber: 'GRV-1', empty: ' ' })).toBe(
      'Complaint number: GRV-1',
    );
  });
});
