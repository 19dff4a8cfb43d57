// StreamProbe rides along the one pass that hashes and stores a file; what it keeps must be what a
// second read of the file would have found.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPngChunks } from '../../../../main/core/readers/png-chunks';
import { HEAD_BYTES, StreamProbe } from '../../../../main/core/import/stream-probe';
import { PHOTOS_DIR } from './fixtures';

describe('StreamProbe', () => {
  it('keeps exactly the first 64 KiB, whatever the pieces, and forgets them on a restart', () => {
    const bytes = randomBytes(3 * HEAD_BYTES + 17);
    const probe = new StreamProbe();
    probe.take(bytes.subarray(0, 1000));
    probe.restart();
    for (let at = 0; at < bytes.length; at += 40_000) probe.take(bytes.subarray(at, at + 40_000));
    const { head, png } = probe.finish();
    expect(head.equals(bytes.subarray(0, HEAD_BYTES))).toBe(true);
    expect(png).toBeNull();

    const small = new StreamProbe();
    small.take(bytes.subarray(0, 10));
    expect(small.finish().head.equals(bytes.subarray(0, 10))).toBe(true);
  });

  it("gives a PNG's chunks as readPngChunks reads them, and takes a worker's result as its own", async () => {
    const file = path.join(PHOTOS_DIR, 'png_with_exif_and_gps.png');
    const bytes = fs.readFileSync(file);
    const probe = new StreamProbe();
    probe.take(bytes);
    const found = probe.finish();
    expect(found.png).toEqual(await readPngChunks(file));

    // As it arrives from a worker thread: Uint8Arrays, not Buffers.
    const plain = {
      head: new Uint8Array(found.head),
      png:
        found.png === null
          ? null
          : { ...found.png, exif: found.png.exif && new Uint8Array(found.png.exif) },
    };
    const adopting = new StreamProbe();
    adopting.adopt(plain as unknown as ReturnType<StreamProbe['finish']>);
    const adopted = adopting.finish();
    expect(Buffer.isBuffer(adopted.head)).toBe(true);
    expect(adopted.head.equals(found.head)).toBe(true);
    expect(adopted.png?.exif === null || Buffer.isBuffer(adopted.png?.exif)).toBe(true);
    expect(adopted.png).toEqual(found.png);
  });
});
