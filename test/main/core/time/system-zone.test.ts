import { describe, expect, it } from 'vitest';
import { detectSystemTimeZone } from '../../../../main/core/time/system-zone';

describe('detectSystemTimeZone', () => {
  it('names no zone when Intl reports none, Etc/Unknown, an unknown one, or fails', () => {
    expect(detectSystemTimeZone(() => undefined)).toBeNull();
    expect(detectSystemTimeZone(() => '')).toBeNull();
    expect(detectSystemTimeZone(() => 'Etc/Unknown')).toBeNull();
    expect(detectSystemTimeZone(() => 'Mars/Olympus')).toBeNull();
    expect(
      detectSystemTimeZone(() => {
        throw new RangeError('Incorrect locale information provided');
      }),
    ).toBeNull();
  });

  it('gives a real IANA zone back unchanged', () => {
    expect(detectSystemTimeZone(() => 'Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(detectSystemTimeZone(() => 'UTC')).toBe('UTC');
  });
});
