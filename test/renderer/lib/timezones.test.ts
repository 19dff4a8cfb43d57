// India's zone as Windows and many Chromium builds report it, 'Asia/Calcutta', made to happen
// here by the system zone Intl returns: the case form lists India once, as Asia/Kolkata.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectTimezone, listTimezones } from '../../../renderer/src/lib/timezones';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Only timeZone is read from resolvedOptions (detectTimezone); the rest is what Chromium says. */
function pretendSystemZone(zone: string): void {
  vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockReturnValue({
    locale: 'en-IN',
    calendar: 'gregory',
    numberingSystem: 'latn',
    timeZone: zone,
  });
}

const INDIA = ['Asia/Kolkata', 'Asia/Calcutta'];

describe('the time-zone choices', () => {
  it('the runtime accepts both names, so both could be offered', () => {
    for (const zone of INDIA)
      expect(() => new Intl.DateTimeFormat('en', { timeZone: zone })).not.toThrow();
  });

  it('on a system that reports Asia/Calcutta, starts at Asia/Kolkata and lists India once', () => {
    pretendSystemZone('Asia/Calcutta');
    expect(detectTimezone()).toBe('Asia/Kolkata');
    const zones = listTimezones(detectTimezone() ?? '');
    expect(zones.filter((z) => INDIA.includes(z))).toEqual(['Asia/Kolkata']);
    expect(zones[0]).toBe('Asia/Kolkata');
  });

  it('lists India once when a case was saved as Asia/Calcutta', () => {
    const zones = listTimezones('Asia/Calcutta');
    expect(zones.filter((z) => INDIA.includes(z))).toEqual(['Asia/Kolkata']);
    expect(new Set(zones).size).toBe(zones.length);
  });

  it('lists Nepal once too when the system says Asia/Katmandu', () => {
    pretendSystemZone('Asia/Katmandu');
    const zones = listTimezones(detectTimezone() ?? '');
    expect(zones.filter((z) => z.startsWith('Asia/Kat'))).toEqual(['Asia/Kathmandu']);
  });
});
