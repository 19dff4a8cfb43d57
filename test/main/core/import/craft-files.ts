// Builds files byte by byte for the cases real tools refuse to produce: zips with hostile entry
// names or lying sizes, and PNGs with particular metadata chunks.
import { crc32, deflateRawSync } from 'node:zlib';

export interface CraftEntry {
  name: string;
  data: Buffer;
  /** 0 stored, 8 deflated (default). */
  method?: 0 | 8;
  flags?: number;
  /** Unix mode in the high 16 bits, as Info-ZIP writes it. */
  unixMode?: number;
  /** Claimed uncompressed size, when the test wants the zip to lie. */
  declaredSize?: number;
  /** Claimed CRC-32, when the test wants the zip to lie. */
  declaredCrc?: number;
}

/** A minimal, valid-looking zip (no data descriptors, no zip64) holding `entries`. */
export function craftZip(entries: CraftEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const method = entry.method ?? 8;
    const name = Buffer.from(entry.name, 'utf8');
    const body = method === 8 ? deflateRawSync(entry.data) : entry.data;
    const crc = entry.declaredCrc ?? crc32(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const flags = (entry.flags ?? 0) | 0x800; // names are UTF-8

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5821, 12); // 2024-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made on Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x5821, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Inserts chunks right after IHDR (signature 8 bytes + IHDR 25 bytes). */
export function insertPngChunks(png: Buffer, chunks: Buffer[]): Buffer {
  return Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);
}

/** A tIME chunk for a UTC moment. */
export function pngTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): Buffer {
  const data = Buffer.alloc(7);
  data.writeUInt16BE(year, 0);
  data.set([month, day, hour, minute, second], 2);
  return pngChunk('tIME', data);
}

export function pngText(keyword: string, text: string): Buffer {
  return pngChunk(
    'tEXt',
    Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]),
  );
}
