import { describe, expect, it } from 'vitest';
import { parseFileNameTime } from '../../../../main/core/readers/filename-time';
import { formatWallTime } from '../../../../main/core/time/zoned-time';

describe('parseFileNameTime', () => {
  const named: [string, string, { dateOnly?: boolean; utc?: boolean }][] = [
    ['Screenshot_20240512-214310.png', '2024-05-12T21:43:10', {}],
    ['Screenshot_20240512-214310_WhatsApp.jpg', '2024-05-12T21:43:10', {}],
    ['Screenshot_2024-05-12-21-43-10-123_com.whatsapp.jpg', '2024-05-12T21:43:10', {}],
    ['IMG-20240512-WA0003.jpg', '2024-05-12T00:00:00', { dateOnly: true }],
    ['VID-20240512-WA0001.mp4', '2024-05-12T00:00:00', { dateOnly: true }],
    ['PTT-20240512-WA0007.opus', '2024-05-12T00:00:00', { dateOnly: true }],
    ['00000031-PHOTO-2024-05-12-21-43-10.jpg', '2024-05-12T21:43:10', {}],
    ['00000045-VIDEO-2024-05-12-09-05-01.mp4', '2024-05-12T09:05:01', {}],
    ['Screenshot 2024-05-12 214310.png', '2024-05-12T21:43:10', {}],
    ['Screenshot 2024-05-12 at 21.43.10.png', '2024-05-12T21:43:10', {}],
    ['Screenshot 2024-05-12 at 9.43.10\u202fPM.png', '2024-05-12T21:43:10', {}],
    ['Screen Shot 2024-05-12 at 12.05.09 AM.png', '2024-05-12T00:05:09', {}],
    ['PXL_20240512_214310123.jpg', '2024-05-12T21:43:10', { utc: true }],
    ['PXL_20240512_214310123.NIGHT.jpg', '2024-05-12T21:43:10', { utc: true }],
    ['IMG_20240512_214310.jpg', '2024-05-12T21:43:10', {}],
    ['VID_20240512_214310.mp4', '2024-05-12T21:43:10', {}],
    ['IMG20240512214310.jpg', '2024-05-12T21:43:10', {}],
    ['20240512_214310.jpg', '2024-05-12T21:43:10', {}],
  ];

  it.each(named)('reads %s as %s', (name, expected, flags) => {
    const parsed = parseFileNameTime(name);
    expect(parsed).not.toBeNull();
    expect(formatWallTime(parsed!.wall)).toBe(expected);
    expect(parsed!.dateOnly).toBe(flags.dateOnly ?? false);
    expect(parsed!.utc).toBe(flags.utc ?? false);
    expect(parsed!.pattern).not.toBe('');
  });

  it('reads only the last part of a path', () => {
    expect(
      formatWallTime(parseFileNameTime('WhatsApp Chat/Media/IMG-20240512-WA0003.jpg')!.wall),
    ).toBe('2024-05-12T00:00:00');
  });

  const rejected = [
    'Screenshot_20241312-214310.png', // month 13
    'Screenshot_20240230-101010.png', // 30 February
    'IMG_20240512_256010.jpg', // hour 25
    'IMG-20230229-WA0001.jpg', // not a leap year
    'Screenshot 2024-05-12 at 13.43.10 PM.png', // 13 PM
    'IMG_00000512_214310.jpg', // year 0000 is a counter, not a date
    'holiday.jpg',
    'my IMG_20240512_214310.jpg', // patterns must start the name
    'DSC_0042.JPG',
  ];

  it.each(rejected)('finds no date in %s', (name) => {
    expect(parseFileNameTime(name)).toBeNull();
  });
});
