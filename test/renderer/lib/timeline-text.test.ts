import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  listDays,
  listMonths,
  readCaseClock,
  safeKind,
  splitHighlights,
} from '../../../renderer/src/lib/timeline-text';

describe('splitHighlights', () => {
  it('cuts Hindi and English text into plain and marked parts by the ranges from main', () => {
    const text = 'पैसे वापस करो नहीं तो घर आएंगे';
    const start = text.indexOf('घर');
    expect(splitHighlights(text, [{ start, end: start + 2 }])).toEqual([
      { text: 'पैसे वापस करो नहीं तो ', marked: false },
      { text: 'घर', marked: true },
      { text: ' आएंगे', marked: false },
    ]);
    expect(
      splitHighlights('call the office', [
        { start: 0, end: 4 },
        { start: 2, end: 6 },
        { start: 9, end: 99 },
      ]),
    ).toEqual([
      { text: 'call', marked: true },
      { text: ' t', marked: true },
      { text: 'he ', marked: false },
      { text: 'office', marked: true },
    ]);
    expect(splitHighlights('no match', [])).toEqual([{ text: 'no match', marked: false }]);
  });
});

describe('readCaseClock', () => {
  it('reads the date and time on the case clock, not the machine’s', () => {
    const at = new Date('2024-05-12T18:00:00Z');
    expect(readCaseClock('Asia/Kolkata', at)).toEqual({ date: '2024-05-12', time: '23:30' });
    expect(readCaseClock('America/Los_Angeles', at)).toEqual({ date: '2024-05-12', time: '11:00' });
  });
});

describe('the chart’s days and months', () => {
  it('lists every day and month in a span, quiet ones included', () => {
    expect(listDays('2024-02-28', '2024-03-01')).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(listMonths('2023-11-20', '2024-02-03')).toEqual([
      '2023-11',
      '2023-12',
      '2024-01',
      '2024-02',
    ]);
  });

  it('writes call lengths the way phones do and names unknown kinds as notes', () => {
    expect(formatDuration(200)).toBe('3:20');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(safeKind('screenshot')).toBe('screenshot');
    expect(safeKind('something-new')).toBe('note');
  });
});
