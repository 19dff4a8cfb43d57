import { describe, expect, it } from 'vitest';
import { resolveDaySeparator } from '../../../../main/core/ocr/chat-days';
import { parseShownTime, toHour24 } from '../../../../main/core/ocr/chat-times';
import {
  proposeChatMessages,
  type ChatScreenReading,
} from '../../../../main/core/ocr/chat-reading';

// Monday 13 May 2024.
const CAPTURE_DAY = '2024-05-13';

describe('day separators read relative to the capture day', () => {
  it('reads Today, Yesterday and their Hindi words as the capture day and the day before', () => {
    expect(resolveDaySeparator('Today', CAPTURE_DAY)).toBe('2024-05-13');
    expect(resolveDaySeparator('YESTERDAY', CAPTURE_DAY)).toBe('2024-05-12');
    expect(resolveDaySeparator('आज', CAPTURE_DAY)).toBe('2024-05-13');
    expect(resolveDaySeparator('कल', CAPTURE_DAY)).toBe('2024-05-12');
  });

  it('reads a weekday name as the latest such day before the capture day', () => {
    expect(resolveDaySeparator('Saturday', CAPTURE_DAY)).toBe('2024-05-11');
    expect(resolveDaySeparator('Tuesday', CAPTURE_DAY)).toBe('2024-05-07');
    // The capture day's own weekday name stands for a week before (WhatsApp says "Today" then).
    expect(resolveDaySeparator('Monday', CAPTURE_DAY)).toBe('2024-05-06');
  });

  it('reads written dates with and without the year, and never one after the capture', () => {
    expect(resolveDaySeparator('12 May 2024', CAPTURE_DAY)).toBe('2024-05-12');
    expect(resolveDaySeparator('May 2, 2024', CAPTURE_DAY)).toBe('2024-05-02');
    expect(resolveDaySeparator('3 April', CAPTURE_DAY)).toBe('2024-04-03');
    // Without a year a date later in the year is last year's.
    expect(resolveDaySeparator('20 December', CAPTURE_DAY)).toBe('2023-12-20');
    expect(resolveDaySeparator('05/04/2024', CAPTURE_DAY)).toBe('2024-04-05');
    expect(resolveDaySeparator('20 May 2024', CAPTURE_DAY)).toBeNull();
    expect(resolveDaySeparator('31 February 2024', CAPTURE_DAY)).toBeNull();
    expect(resolveDaySeparator('May 2024', CAPTURE_DAY)).toBeNull();
  });
});

describe('visible times', () => {
  it('reads 12- and 24-hour clocks and refuses what is not a time', () => {
    expect(parseShownTime('9:41 pm')).toMatchObject({ hour: 9, minute: 41, meridiem: 'pm' });
    expect(
      toHour24(parseShownTime('9:41 PM') ?? { hour: 0, minute: 0, meridiem: null, shown: '' }),
    ).toBe(21);
    expect(
      toHour24(parseShownTime('12:05 am') ?? { hour: 0, minute: 0, meridiem: null, shown: '' }),
    ).toBe(0);
    expect(parseShownTime('21:41')).toMatchObject({ hour: 21, minute: 41, meridiem: null });
    // A tick read as a letter after the time is ignored; nonsense is refused.
    expect(parseShownTime('10:03 pm11')).toMatchObject({ hour: 10, minute: 3, meridiem: 'pm' });
    expect(parseShownTime('25:10')).toBeNull();
    expect(parseShownTime('13:10 pm')).toBeNull();
    expect(parseShownTime('9:75')).toBeNull();
    expect(parseShownTime('')).toBeNull();
  });
});

const BOX = { x: 0, y: 0, width: 10, height: 10 };

function bubble(side: 'theirs' | 'mine', text: string, shown: string | null) {
  return {
    kind: 'bubble' as const,
    side,
    text,
    time: shown === null ? null : parseShownTime(shown),
    box: BOX,
  };
}

describe('proposed messages from a chat screen', () => {
  it('stops at a time earlier than the one above it (a missed day separator) until the next separator', () => {
    const screen: ChatScreenReading = {
      header: 'Agent',
      items: [
        { kind: 'day', shown: 'Yesterday', date: '2024-05-12', box: BOX },
        bubble('theirs', 'late last night', '11:10 pm'),
        bubble('theirs', 'under a separator the layout missed', '8:00 am'),
        bubble('theirs', 'also under it', '8:30 am'),
        { kind: 'day', shown: 'Today', date: '2024-05-13', box: BOX },
        bubble('theirs', 'today again', '9:00 am'),
      ],
    };
    const proposed = proposeChatMessages(screen, '2024-05-13T04:50:00.000Z', 'Asia/Kolkata');
    expect(proposed.map((one) => [one.text, one.localTime])).toEqual([
      ['late last night', '2024-05-12 23:10'],
      ['today again', '2024-05-13 09:00'],
    ]);
  });

  it('places each bubble at its time on the day above it, on the case’s clock', () => {
    const screen: ChatScreenReading = {
      header: '+91 98765 43210',
      items: [
        { kind: 'day', shown: 'Yesterday', date: '2024-05-12', box: BOX },
        bubble('theirs', 'PAY NOW', '9:41 pm'),
        bubble('mine', 'Please stop', '10:03 pm'),
        { kind: 'day', shown: 'Today', date: '2024-05-13', box: BOX },
        bubble('theirs', 'Last warning', '9:15 am'),
      ],
    };
    const proposed = proposeChatMessages(screen, '2024-05-13T04:50:00.000Z', 'Asia/Kolkata');
    expect(
      proposed.map((one) => [one.position, one.side, one.at, one.localTime, one.dayShown]),
    ).toEqual([
      [0, 'theirs', '2024-05-12T16:11:00.000Z', '2024-05-12 21:41', true],
      [1, 'mine', '2024-05-12T16:33:00.000Z', '2024-05-12 22:03', true],
      [2, 'theirs', '2024-05-13T03:45:00.000Z', '2024-05-13 09:15', true],
    ]);
  });

  it('proposes nothing it cannot place: no time, an unreadable day, a time after the capture, or am/pm lost', () => {
    const screen: ChatScreenReading = {
      header: 'Agent',
      items: [
        bubble('theirs', 'no time read', null),
        bubble('theirs', 'am/pm lost on a 12-hour screen', '9:41'),
        bubble('theirs', 'the capture day assumed', '8:00 am'),
        { kind: 'day', shown: 'Funday', date: null, box: BOX },
        bubble('theirs', 'under an unreadable day', '7:00 am'),
        { kind: 'day', shown: 'Today', date: '2024-05-13', box: BOX },
        bubble('theirs', 'after the screenshot was taken', '11:00 am'),
        bubble('theirs', '', '10:00 am'),
      ],
    };
    const proposed = proposeChatMessages(screen, '2024-05-13T04:50:00.000Z', 'Asia/Kolkata');
    expect(proposed.map((one) => [one.text, one.localTime, one.dayShown])).toEqual([
      ['the capture day assumed', '2024-05-13 08:00', false],
    ]);
  });
});
