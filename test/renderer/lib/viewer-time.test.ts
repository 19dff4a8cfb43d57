import { describe, expect, it } from 'vitest';
import {
  checkTimeCorrection,
  readTodayInZone,
  splitLocalTime,
} from '../../../renderer/src/lib/viewer-time';

const TODAY = '2025-06-01';

describe('the time-correction rules', () => {
  it('accepts a real date and time with a reason, as a wall-clock time with seconds', () => {
    expect(
      checkTimeCorrection({ date: '2024-05-12', time: '21:43', reason: 'chat shows it' }, TODAY),
    ).toEqual({ problems: {}, value: '2024-05-12T21:43:00' });
    expect(
      checkTimeCorrection({ date: '2024-05-12', time: '21:43:09', reason: 'chat shows it' }, TODAY)
        .value,
    ).toBe('2024-05-12T21:43:09');
  });

  it('names each missing or impossible field', () => {
    expect(checkTimeCorrection({ date: '', time: '', reason: ' ' }, TODAY)).toEqual({
      problems: { date: 'dateMissing', time: 'timeMissing', reason: 'reasonMissing' },
      value: null,
    });
    expect(
      checkTimeCorrection({ date: '2023-02-29', time: '24:00', reason: 'abc' }, TODAY).problems,
    ).toEqual({ date: 'dateInvalid', time: 'timeInvalid', reason: 'reasonShort' });
    expect(
      checkTimeCorrection({ date: '12/05/2024', time: '9pm', reason: 'x'.repeat(2001) }, TODAY)
        .problems,
    ).toEqual({ date: 'dateInvalid', time: 'timeInvalid', reason: 'reasonLong' });
  });

  it('refuses a day after today on the case’s clock, but not today itself', () => {
    expect(
      checkTimeCorrection({ date: '2025-06-02', time: '00:01', reason: 'from the bill' }, TODAY)
        .problems,
    ).toEqual({ date: 'future' });
    expect(
      checkTimeCorrection({ date: TODAY, time: '23:59', reason: 'from the bill' }, TODAY).problems,
    ).toEqual({});
  });

  it('starts the fields at the current time on the case’s clock', () => {
    expect(splitLocalTime('2024-05-12T21:43:10+05:30')).toEqual({
      date: '2024-05-12',
      time: '21:43',
    });
    expect(splitLocalTime(null)).toEqual({ date: '', time: '' });
  });

  it('reads today in the case’s zone, which can differ from UTC', () => {
    const lateUtc = new Date('2025-06-01T20:00:00Z');
    expect(readTodayInZone('Asia/Kolkata', lateUtc)).toBe('2025-06-02');
    expect(readTodayInZone('UTC', lateUtc)).toBe('2025-06-01');
  });
});
