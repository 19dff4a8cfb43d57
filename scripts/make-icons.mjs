// `node scripts/make-icons.mjs [outDir]`: the app's icons for every OS, made from build/icon.svg
// with sharp. Written into build/ (electron-builder's buildResources) and committed:
//   icon.png          1024×1024 (also what electron-builder would derive others from)
//   icons/NxN.png     16 … 1024, for Linux (AppImage, deb)
//   icon.ico          Windows: 16, 24, 32, 48, 64, 128 as 32-bit DIBs (which every Windows tool,
//                     NSIS included, reads) and 256 as PNG (Vista and later)
//   icon.icns         macOS: PNG entries icp4 … ic14, 16 to 1024 pixels
// ICO and ICNS are written here by hand: both are a short table of contents in front of the
// images, and the npm packages for them (png-to-ico, icon-gen) would add a dependency for that.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(ROOT, 'build', 'icon.svg');

function renderPng(svg, size) {
  return sharp(svg, { density: Math.max(72, (72 * size) / 1024) * 4 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

async function renderRgba(svg, size) {
  const { data } = await sharp(svg, { density: 288 })
    .resize(size, size)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return data;
}

/** A 32-bit BMP (DIB) icon image: BGRA rows bottom-up, then an all-clear 1-bit AND mask. */
function encodeDib(rgba, size) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour image and mask, stacked
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  header.writeUInt32LE(pixels.length + maskRow * size, 20);
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * size)]);
}

export async function makeIco(svg) {
  const images = [];
  for (const size of [16, 24, 32, 48, 64, 128]) {
    images.push({ size, data: encodeDib(await renderRgba(svg, size), size) });
  }
  images.push({ size: 256, data: await renderPng(svg, 256) });
  const directory = Buffer.alloc(6 + 16 * images.length);
  directory.writeUInt16LE(0, 0);
  directory.writeUInt16LE(1, 2); // 1: icon
  directory.writeUInt16LE(images.length, 4);
  let offset = directory.length;
  images.forEach((image, index) => {
    const at = 6 + 16 * index;
    directory.writeUInt8(image.size >= 256 ? 0 : image.size, at); // 0 means 256
    directory.writeUInt8(image.size >= 256 ? 0 : image.size, at + 1);
    directory.writeUInt16LE(1, at + 4); // planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(image.data.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += image.data.length;
  });
  return Buffer.concat([directory, ...images.map((i) => i.data)]);
}

/** OSType → pixel size of the PNG it holds (Apple's icns types, 10.7 and later). */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];

export async function makeIcns(svg) {
  const chunks = [];
  for (const [type, size] of ICNS_TYPES) {
    const png = await renderPng(svg, size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    chunks.push(head, png);
  }
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

export async function makeIcons(outDir) {
  const svg = fs.readFileSync(SOURCE);
  fs.mkdirSync(path.join(outDir, 'icons'), { recursive: true });
  fs.writeFileSync(path.join(outDir, 'icon.png'), await renderPng(svg, 1024));
  for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
    fs.writeFileSync(path.join(outDir, 'icons', `${size}x${size}.png`), await renderPng(svg, size));
  }
  fs.writeFileSync(path.join(outDir, 'icon.ico'), await makeIco(svg));
  fs.writeFileSync(path.join(outDir, 'icon.icns'), await makeIcns(svg));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await makeIcons(path.resolve(process.argv[2] ?? path.join(ROOT, 'build')));
}
