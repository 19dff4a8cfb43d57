import { describe, expect, it } from 'vitest';
import {
  foldCase,
  makeSafeName,
  SafeNameAllocator,
  slugify,
} from '../../../../main/core/export/safe-name';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

describe('makeSafeName', () => {
  it('replaces every character Windows forbids, and control characters', () => {
    expect(makeSafeName('a<b>c:d"e/f\\g|h?i*j.png')).toBe('a_b_c_d_e_f_g_h_i_j.png');
    expect(makeSafeName('line\nbreak\ttab\u0000nul\u007f.txt')).toBe('line_break_tab_nul_.txt');
  });

  it('normalises Unicode to NFC, so the same Hindi name is always the same bytes', () => {
    const decomposed = 'क़र्ज़.jpg'.normalize('NFD');
    expect(makeSafeName(decomposed)).toBe('क़र्ज़.jpg'.normalize('NFC'));
    expect(makeSafeName('Cafe\u0301.txt')).toBe('Caf\u00e9.txt');
  });

  it('prefixes reserved device names, whatever their case or extension', () => {
    for (const name of [
      'CON',
      'con.txt',
      'Prn.tar.gz',
      'AUX.jpg',
      'nul',
      'COM1.log',
      'com9',
      'LPT1.pdf',
      'lpt9.png',
    ]) {
      expect(makeSafeName(name), name).toBe(`_${name}`);
    }
    expect(makeSafeName('CONSOLE.txt')).toBe('CONSOLE.txt');
    expect(makeSafeName('COM10.txt')).toBe('COM10.txt');
    expect(makeSafeName('0001_CON.jpg')).toBe('0001_CON.jpg');
  });

  it('removes trailing dots and spaces, which Windows drops silently', () => {
    expect(makeSafeName('report. . ')).toBe('report');
    expect(makeSafeName('photo.jpg...')).toBe('photo.jpg');
    expect(makeSafeName('...')).toBe('file');
    expect(makeSafeName('')).toBe('file');
  });

  it('keeps names within 120 UTF-8 bytes without splitting a character, keeping the extension', () => {
    const long = `${'धमकी'.repeat(40)}.jpeg`;
    const safe = makeSafeName(long);
    expect(bytes(safe)).toBeLessThanOrEqual(120);
    expect(safe.endsWith('.jpeg')).toBe(true);
    expect(safe.normalize('NFC')).toBe(safe);
    expect(safe).not.toContain('\ufffd');
    expect(makeSafeName(`${'a'.repeat(300)}.txt`)).toBe(`${'a'.repeat(116)}.txt`);
    expect(bytes(makeSafeName('x'.repeat(500)))).toBe(120);
  });
});

describe('SafeNameAllocator', () => {
  it('keeps names unique after case-folding, as Windows and macOS compare them', () => {
    const names = new SafeNameAllocator();
    expect(names.allocate('Photo.JPG')).toBe('Photo.JPG');
    expect(names.allocate('photo.jpg')).toBe('photo (2).jpg');
    expect(names.allocate('PHOTO.jpg')).toBe('PHOTO (3).jpg');
    expect(names.allocate('a?.txt')).toBe('a_.txt');
    expect(names.allocate('a*.txt')).toBe('a_ (2).txt');
    expect(foldCase('STRASSE')).toBe(foldCase('straße'));
  });

  it('keeps a de-duplicated long name within the byte limit too', () => {
    const names = new SafeNameAllocator();
    const long = `${'b'.repeat(200)}.png`;
    names.allocate(long);
    const second = names.allocate(long);
    expect(bytes(second)).toBeLessThanOrEqual(120);
    expect(second.endsWith(' (2).png')).toBe(true);
  });
});

describe('slugify', () => {
  it('makes a short ASCII folder name, falling back for scripts it cannot spell', () => {
    expect(slugify('QuickCash loan app – रवि कुमार')).toBe('quickcash-loan-app');
    expect(slugify('रवि')).toBe('case');
    expect(slugify('x'.repeat(100)).length).toBe(40);
  });
});
