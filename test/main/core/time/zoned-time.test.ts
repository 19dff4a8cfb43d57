import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SakshyaError } from '../../../../shared/errors';
import {
  cachedOffsetAt,
  formatInstantInZone,
  formatOffset,
  instantToWallTime,
  offsetAt,
  parseOffset,
  parseUserTime,
  parseWallTime,
  zonedWallTimeToUtc,
} from '../../../../main/core/time/zoned-time';

/** GNU date as an independent oracle: the UTC instant of a wall time in a zone. */
function utcFromGnuDate(wall: string, timeZone: string): string {
  const out = execFileSync(
    'date',
    ['-u', '-d', `TZ="${timeZone}" ${wall.replace('T', ' ')}`, '+%Y-%m-%dT%H:%M:%S.000Z'],
    {
      encoding: 'utf8',
    },
  );
  return out.trim();
}

describe('zonedWallTimeToUtc', () => {
  const ordinary: [string, string][] = [
    ['2024-05-12T21:43:10', 'Asia/Kolkata'],
    ['2024-01-15T08:00:00', 'Europe/London'],
    ['2024-07-15T08:00:00', 'Europe/London'],
    ['2024-07-04T23:59:59', 'America/New_York'],
    ['2023-12-31T23:30:00', 'Asia/Kathmandu'],
    ['1999-02-28T12:00:00', 'Australia/Adelaide'],
    ['2024-02-29T00:00:00', 'UTC'],
  ];

  it.each(ordinary)('agrees with GNU date for %s in %s', (wall, timeZone) => {
    expect(zonedWallTimeToUtc(wall, timeZone)).toBe(utcFromGnuDate(wall, timeZone));
  });

  it('moves a time inside a spring-forward gap forward by the length of the gap', () => {
    // London skipped 01:00–02:00 on 31 March 2024: 01:30 does not exist, 02:30 BST is meant.
    expect(zonedWallTimeToUtc('2024-03-31T01:30:00', 'Europe/London')).toBe(
      '2024-03-31T01:30:00.000Z',
    );
    expect(zonedWallTimeToUtc('2024-03-10T02:30:00', 'America/New_York')).toBe(
      '2024-03-10T07:30:00.000Z',
    );
  });

  it('chooses the earlier instant for a time that happens twice when clocks fall back', () => {
    // 01:30 on 27 October 2024 happened first in BST (00:30 UTC) and again in GMT (01:30 UTC).
    expect(zonedWallTimeToUtc('2024-10-27T01:30:00', 'Europe/London')).toBe(
      '2024-10-27T00:30:00.000Z',
    );
    expect(zonedWallTimeToUtc('2024-11-03T01:30:00', 'America/New_York')).toBe(
      '2024-11-03T05:30:00.000Z',
    );
  });

  it('keeps milliseconds', () => {
    expect(zonedWallTimeToUtc('2024-05-12T21:43:10.123', 'Asia/Kolkata')).toBe(
      '2024-05-12T16:13:10.123Z',
    );
  });

  it('refuses an unknown zone and an impossible date with INVALID_INPUT', () => {
    expect(() => zonedWallTimeToUtc('2024-05-12T21:43:10', 'Mars/Olympus_Mons')).toThrow(
      SakshyaError,
    );
    expect(() => zonedWallTimeToUtc('2024-13-01T00:00:00', 'Asia/Kolkata')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => zonedWallTimeToUtc('2023-02-29T00:00:00', 'Asia/Kolkata')).toThrow(SakshyaError);
  });
});

describe('the helpers around it', () => {
  it('reads the offset of a zone at an instant', () => {
    expect(offsetAt(Date.UTC(2024, 4, 12), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
    expect(offsetAt(Date.UTC(2024, 6, 1), 'Europe/London')).toBe(3_600_000);
    expect(offsetAt(Date.UTC(2024, 0, 1), 'Europe/London')).toBe(0);
  });

  it('remembers offsets per day and still gives the exact one, minute by minute, on days with a change', () => {
    const days: [string, number][] = [
      ['Europe/London', Date.UTC(2024, 2, 31)],
      ['Europe/London', Date.UTC(2024, 9, 27)],
      ['America/New_York', Date.UTC(2024, 2, 10)],
      ['America/New_York', Date.UTC(2024, 10, 3)],
      ['Australia/Lord_Howe', Date.UTC(2024, 3, 6)],
      ['Asia/Kolkata', Date.UTC(2024, 4, 12)],
    ];
    for (const [timeZone, day] of days) {
      // Two days from the start of the UTC day before: the change falls inside, whatever the zone.
      for (let ms = day - 86_400_000; ms < day + 86_400_000; ms += 60_000) {
        expect(cachedOffsetAt(ms, timeZone)).toBe(offsetAt(ms, timeZone));
      }
    }
  });

  it('gives back the wall clock of an instant', () => {
    expect(instantToWallTime(Date.UTC(2024, 4, 12, 16, 13, 10), 'Asia/Kolkata')).toEqual(
      parseWallTime('2024-05-12T21:43:10'),
    );
  });

  it('formats and parses UTC offsets', () => {
    expect(formatOffset(5.5 * 3_600_000)).toBe('+05:30');
    expect(formatOffset(-8 * 3_600_000)).toBe('-08:00');
    expect(formatOffset(0)).toBe('+00:00');
    expect(parseOffset('+05:30')).toBe(5.5 * 3_600_000);
    expect(parseOffset('+0530')).toBe(5.5 * 3_600_000);
    expect(parseOffset('-08')).toBe(-8 * 3_600_000);
    expect(parseOffset('Z')).toBe(0);
    expect(parseOffset('+25:00')).toBeNull();
    expect(parseOffset('IST')).toBeNull();
  });

  it('rejects wall times that are not on the calendar', () => {
    expect(parseWallTime('2024-02-29T12:00:00')).not.toBeNull();
    expect(parseWallTime('2024-04-31T12:00:00')).toBeNull();
    expect(parseWallTime('2024-05-12T24:00:00')).toBeNull();
    expect(parseWallTime('2024-05-12 21:43:10')).toBeNull();
  });
});

describe('formatInstantInZone', () => {
  it("writes an instant as the zone's wall clock with the offset in force then", () => {
    expect(formatInstantInZone('2024-05-12T16:13:10.000Z', 'Asia/Kolkata')).toBe(
      '2024-05-12T21:43:10+05:30',
    );
    expect(formatInstantInZone('2024-07-01T12:00:00.000Z', 'Europe/London')).toBe(
      '2024-07-01T13:00:00+01:00',
    );
    expect(formatInstantInZone('2024-01-01T12:00:00.000Z', 'Europe/London')).toBe(
      '2024-01-01T12:00:00+00:00',
    );
  });
});

describe('parseUserTime', () => {
  it('honours a typed zone, and reads a zone-less time in the case zone, saying so', () => {
    expect(parseUserTime('2024-05-12T21:43:10+05:30', 'Europe/London')).toEqual({
      utc: '2024-05-12T16:13:10.000Z',
      zoneAssumed: false,
    });
    expect(parseUserTime('2024-05-12T16:13Z', 'Asia/Kolkata')).toEqual({
      utc: '2024-05-12T16:13:00.000Z',
      zoneAssumed: false,
    });
    expect(parseUserTime('2024-05-12 21:43:10', 'Asia/Kolkata')).toEqual({
      utc: '2024-05-12T16:13:10.000Z',
      zoneAssumed: true,
    });
  });

  it.each(['yesterday', '2024-02-30T10:00:00', '2024-05-12T21:43:10+25:00', '12/05/2024 21:43'])(
    'refuses %j with INVALID_INPUT',
    (text) => {
      expect(() => parseUserTime(text, 'Asia/Kolkata')).toThrow(SakshyaError);
    },
  );
});
