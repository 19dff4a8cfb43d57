// Dates and times on Hindi screens: international (Latin) digits, as India's official Hindi usage
// and her bank, phone and complaint forms write them, and the part of the day in Hindi words
// ("रात 9:15") rather than an English "pm". Every formatter of the renderer takes its locale from
// readLocale, so all screens agree.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBackupDate } from '../../../renderer/src/lib/backup-when';
import {
  formatCaseDate,
  formatCaseDateTime,
  formatTypedDate,
  readLocale,
} from '../../../renderer/src/lib/format-date';
import { formatBytes } from '../../../renderer/src/lib/format-size';
import { formatStepDate } from '../../../renderer/src/lib/steps-format';
import { formatDay } from '../../../renderer/src/lib/timeline-text';

const DEVANAGARI_DIGIT = /[\u0966-\u096F]/;
const AT = '2024-05-12T15:45:00.000Z'; // 9:15 pm in India

describe('times on Hindi screens', () => {
  it('write the part of the day in Hindi words, with Latin digits', () => {
    expect(formatCaseDateTime(AT, 'Asia/Kolkata', 'hi')).toBe('12 मई 2024, रात 9:15');
    expect(formatCaseDateTime('2024-05-12T04:30:00.000Z', 'Asia/Kolkata', 'hi')).toBe(
      '12 मई 2024, सुबह 10:00',
    );
    expect(formatCaseDateTime('2024-05-12T08:00:00.000Z', 'Asia/Kolkata', 'hi')).toBe(
      '12 मई 2024, दोपहर 1:30',
    );
  });

  it('stay as they were in English', () => {
    expect(formatCaseDateTime(AT, 'Asia/Kolkata', 'en')).toBe('12 May 2024, 9:15 pm');
  });

  it('never use Devanagari digits or an English am/pm, on any screen that writes a date', () => {
    const written = [
      formatCaseDateTime(AT, 'Asia/Kolkata', 'hi'),
      formatCaseDate(AT, 'Asia/Kolkata', 'hi'),
      formatBackupDate(AT, 'hi'),
      formatStepDate('2024-06-19', 'hi'),
      formatDay('2024-05-12', 'hi'),
      formatBytes(3_400_000, 'hi'),
    ];
    for (const text of written) {
      expect(text).not.toMatch(DEVANAGARI_DIGIT);
      expect(text).not.toMatch(/\b[ap]m\b/i);
      expect(text).toMatch(/[0-9]/);
    }
    expect(readLocale('hi')).toBe('hi-IN-u-nu-latn');
  });

  it('take their locale from one place in the renderer', () => {
    const root = path.resolve(import.meta.dirname, '../../../renderer/src');
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && entry.name !== 'format-date.ts') {
          if (fs.readFileSync(full, 'utf8').includes("'hi-IN")) found.push(entry.name);
        }
      }
    };
    walk(root);
    expect(found).toEqual([]);
  });
});

describe('a day typed into a date field', () => {
  it('is written in words with its weekday, so 12/07 cannot be read as 12 July', () => {
    expect(formatTypedDate('2026-12-07', 'en')).toBe('Monday, 7 December 2026');
    expect(formatTypedDate('2026-12-07', 'hi')).toBe('सोमवार, 7 दिसंबर 2026');
  });

  it('gives nothing while the field is empty or holds no real day', () => {
    expect(formatTypedDate('', 'en')).toBeNull();
    expect(formatTypedDate('2026-13-45', 'en')).toBeNull();
  });
});
