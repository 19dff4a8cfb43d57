import { describe, expect, it } from 'vitest';
import {
  isPlayableInWindow,
  readAudioFacts,
  readRecordingName,
} from '../../../../main/core/readers/call-recording';
import { formatWallTime } from '../../../../main/core/time/zoned-time';
import { makeAmr, makeWav } from '../../../helpers/audio-samples';

function read(name: string): [string, string | null, string | null, string] | null {
  const found = readRecordingName(name);
  return found === null
    ? null
    : [found.app, found.number, found.contact, formatWallTime(found.wall)];
}

describe('call recorders’ file names', () => {
  it('reads Samsung names with a number written several ways, or a contact name', () => {
    expect(read('Call recording +91 98765 43210_240512_211500.m4a')).toEqual([
      'samsung',
      '+91 98765 43210',
      null,
      '2024-05-12T21:15:00',
    ]);
    expect(read('Call recording 098765-43210_240512_211500.m4a')?.[1]).toBe('098765-43210');
    expect(read('Call recording Ravi Recovery_240512_071500.m4a')).toEqual([
      'samsung',
      null,
      'Ravi Recovery',
      '2024-05-12T07:15:00',
    ]);
    // Older Samsung phones: the number alone.
    expect(read('9876543210_240512_211500.m4a')?.slice(0, 2)).toEqual(['samsung', '9876543210']);
  });

  it('reads Xiaomi (MIUI), Google Phone and common recorder names', () => {
    expect(read('Ravi(+919876543210)_20240512211700.mp3')).toEqual([
      'miui',
      '+919876543210',
      'Ravi',
      '2024-05-12T21:17:00',
    ]);
    expect(read('09876543210_20240512211700.amr')?.[1]).toBe('09876543210');
    expect(read('+919876543210_2024_05_12_21_18_00.wav')).toEqual([
      'google-phone',
      '+919876543210',
      null,
      '2024-05-12T21:18:00',
    ]);
    expect(read('REC_9876543210_20240512_211900.3gp')?.slice(0, 2)).toEqual([
      'generic',
      '9876543210',
    ]);
  });

  it('refuses names that only look like recordings and dates that do not exist', () => {
    expect(read('IMG_20240512_211500.jpg')).toBeNull();
    expect(read('Call recording Ravi_241340_211500.m4a')).toBeNull();
    expect(read('holiday_240512_211500.m4a')).toBeNull();
    expect(read('voice note.ogg')).toBeNull();
  });
});

describe('audio facts', () => {
  it('reads the length of a WAV and of an AMR recording from their bytes', async () => {
    expect((await readAudioFacts(makeWav(3), 'audio/wav')).durationSeconds).toBe(3);
    expect((await readAudioFacts(makeAmr(5), 'audio/amr')).durationSeconds).toBe(5);
    expect(await readAudioFacts(Buffer.from('not audio'), 'audio/mpeg')).toMatchObject({
      durationSeconds: null,
    });
  });

  it('knows which recordings the window can play', () => {
    expect(isPlayableInWindow('audio/wav')).toBe(true);
    expect(isPlayableInWindow('audio/ogg; codecs=opus')).toBe(true);
    expect(isPlayableInWindow('audio/x-m4a')).toBe(true);
    expect(isPlayableInWindow('audio/amr')).toBe(false);
    expect(isPlayableInWindow('video/3gpp')).toBe(false);
  });
});
