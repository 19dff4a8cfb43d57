// The app's icons (build/), made from build/icon.svg by scripts/make-icons.mjs. `file` reads the
// ICO and ICNS as an independent oracle; sharp decodes every image inside them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD = path.join(ROOT, 'build');

interface IconsModule {
  makeIcons: (outDir: string) => Promise<void>;
  ICNS_TYPES: [string, number][];
}

async function size(image: Buffer): Promise<[number, number]> {
  const meta = await sharp(image).metadata();
  return [meta.width, meta.height];
}

describe('the app icons', () => {
  it('has PNGs of 512 and 1024 pixels and every Linux size, with transparency', async () => {
    expect(await size(fs.readFileSync(path.join(BUILD, 'icon.png')))).toEqual([1024, 1024]);
    for (const n of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      const file = path.join(BUILD, 'icons', `${String(n)}x${String(n)}.png`);
      expect(await size(fs.readFileSync(file))).toEqual([n, n]);
      expect((await sharp(file).metadata()).hasAlpha).toBe(true);
    }
  });

  it('has a Windows .ico with 16 to 256 pixels that `file` recognises and whose images decode', async () => {
    const ico = fs.readFileSync(path.join(BUILD, 'icon.ico'));
    expect(
      execFileSync('file', ['-b', path.join(BUILD, 'icon.ico')], { encoding: 'utf8' }),
    ).toMatch(/^MS Windows icon resource - 7 icons, 16x16, 32 bits\/pixel/);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const at = 6 + 16 * i;
      const n = ico.readUInt8(at) === 0 ? 256 : ico.readUInt8(at);
      sizes.push(n);
      const length = ico.readUInt32LE(at + 8);
      const image = ico.subarray(ico.readUInt32LE(at + 12), ico.readUInt32LE(at + 12) + length);
      if (n === 256) {
        expect(await size(image)).toEqual([256, 256]);
        continue;
      }
      // A DIB: its header says n × 2n (image and mask), 32 bits, and some pixels are opaque.
      expect([image.readUInt32LE(0), image.readInt32LE(4), image.readInt32LE(8)]).toEqual([
        40,
        n,
        2 * n,
      ]);
      expect(image.readUInt16LE(14)).toBe(32);
      expect(length).toBe(40 + n * n * 4 + Math.ceil(n / 32) * 4 * n);
      const alpha = [...Array(n * n).keys()].map((p) => image[40 + p * 4 + 3] ?? 0);
      expect(alpha.some((a) => a === 255)).toBe(true);
      expect(alpha.some((a) => a === 0)).toBe(true);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has a macOS .icns whose table of contents adds up and whose PNGs are the sizes their types say', async () => {
    const { ICNS_TYPES } = (await import(
      pathToFileURL(path.join(ROOT, 'scripts', 'make-icons.mjs')).href
    )) as IconsModule;
    const icns = fs.readFileSync(path.join(BUILD, 'icon.icns'));
    expect(
      execFileSync('file', ['-b', path.join(BUILD, 'icon.icns')], { encoding: 'utf8' }),
    ).toMatch(/^Mac OS X icon/);
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: [string, number][] = [];
    for (let at = 8; at < icns.length;) {
      const type = icns.subarray(at, at + 4).toString('latin1');
      const length = icns.readUInt32BE(at + 4);
      const [width, height] = await size(icns.subarray(at + 8, at + length));
      expect(width).toBe(height);
      found.push([type, width]);
      at += length;
    }
    expect(found).toEqual(ICNS_TYPES);
  });

  it('are exactly what make-icons.mjs makes from icon.svg today', async () => {
    const { makeIcons } = (await import(
      pathToFileURL(path.join(ROOT, 'scripts', 'make-icons.mjs')).href
    )) as IconsModule;
    const out = makeTempDir();
    await makeIcons(out);
    for (const file of [
      'icon.png',
      'icon.ico',
      'icon.icns',
      'icons/16x16.png',
      'icons/512x512.png',
    ])
      expect(
        fs.readFileSync(path.join(out, file)).equals(fs.readFileSync(path.join(BUILD, file))),
        file,
      ).toBe(true);
  });
});
