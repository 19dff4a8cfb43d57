import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sniffMediaType } from '../../../../main/core/readers/media-type';
import { makeTempDir } from '../../../helpers/temp-dir';
import { PHOTOS_DIR, WHATSAPP_DIR } from '../import/fixtures';

function writeTemp(name: string, content: string | Buffer): string {
  const file = path.join(makeTempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

describe('sniffMediaType', () => {
  it.each([
    ['canon-dslr.jpg', 'image/jpeg', 'jpg'],
    ['png_with_exif_and_gps.png', 'image/png', 'png'],
    ['heic-iphone7.heic', 'image/heic', 'heic'],
  ])('recognises %s from its content', async (name, mediaType, extension) => {
    expect(await sniffMediaType(path.join(PHOTOS_DIR, name))).toEqual({
      mediaType,
      extension,
      sniffed: true,
    });
  });

  it('judges by content, not by the name it was given', async () => {
    const disguised = writeTemp(
      'receipt.txt',
      fs.readFileSync(path.join(PHOTOS_DIR, 'canon-dslr.jpg')),
    );
    expect((await sniffMediaType(disguised)).mediaType).toBe('image/jpeg');
    const textAsPhoto = writeTemp('photo.jpg', 'just words');
    expect(await sniffMediaType(textAsPhoto)).toEqual({
      mediaType: 'text/plain',
      extension: 'txt',
      sniffed: true,
    });
  });

  it('treats WhatsApp transcripts, CSV and JSON as plain text', async () => {
    expect(
      (await sniffMediaType(path.join(WHATSAPP_DIR, 'android-ddmmyy-24h.txt'))).mediaType,
    ).toBe('text/plain');
    expect(
      (await sniffMediaType(path.join(WHATSAPP_DIR, 'expected-messages.json'))).mediaType,
    ).toBe('text/plain');
    expect(
      (await sniffMediaType(writeTemp('calls.csv', 'date,number\n2024-05-12,+919876543210\n')))
        .mediaType,
    ).toBe('text/plain');
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('12/05/24, 21:43 - A: hi', 'utf16le'),
    ]);
    expect((await sniffMediaType(writeTemp('chat.txt', utf16))).mediaType).toBe('text/plain');
  });

  it('falls back to octet-stream for bytes it cannot place', async () => {
    const unknown = { mediaType: 'application/octet-stream', extension: null, sniffed: false };
    expect(
      await sniffMediaType(writeTemp('blob.bin', Buffer.from([0x01, 0x00, 0x02, 0x00, 0x9f]))),
    ).toEqual(unknown);
    expect(
      await sniffMediaType(writeTemp('bad.txt', Buffer.from([0x41, 0xc3, 0x28, 0x42]))),
    ).toEqual(unknown);
    expect(await sniffMediaType(writeTemp('empty.txt', ''))).toEqual(unknown);
  });

  it('recognises a zip made by the zip tool', async () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    execFileSync('zip', ['-q', 'export.zip', 'a.txt'], { cwd: dir });
    expect(await sniffMediaType(path.join(dir, 'export.zip'))).toEqual({
      mediaType: 'application/zip',
      extension: 'zip',
      sniffed: true,
    });
  });

  it('reports a missing file as unreadable', async () => {
    await expect(sniffMediaType(path.join(makeTempDir(), 'gone.jpg'))).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
    });
  });
});
