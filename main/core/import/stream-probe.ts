// What the import learns from a file's bytes while they stream past once to be hashed and stored
// (SealedCopyWriter hands each read to a probe, in this thread or in a stage worker): the first
// 64 KiB, for sniffing its type, and a PNG's metadata chunks. Reading the file again for these
// cost a screenshot import ~10% of its time, since a PNG's chunk walk reads nearly all of it.
// Both come from exactly the bytes that were hashed.
import { PngChunkScanner, type PngChunks } from '../readers/png-chunks';
import { viewAsBuffer } from '../workers/from-thread';

export const HEAD_BYTES = 64 * 1024;

export interface ProbeResult {
  head: Buffer;
  /** Null when the bytes do not start like a PNG. */
  png: PngChunks | null;
}

export class StreamProbe {
  private head = Buffer.allocUnsafe(HEAD_BYTES);
  private headFill = 0;
  private png = new PngChunkScanner();
  private adopted: ProbeResult | null = null;

  /** The next bytes of the file, in order. */
  take(bytes: Buffer): void {
    if (this.headFill < HEAD_BYTES) {
      this.headFill += bytes.copy(this.head, this.headFill, 0, HEAD_BYTES - this.headFill);
    }
    this.png.take(bytes);
  }

  /** Forgets what was seen: the bytes are about to be read again from the start. */
  restart(): void {
    this.headFill = 0;
    this.png = new PngChunkScanner();
    this.adopted = null;
  }

  /** Takes the result a probe in a worker thread reached on the same bytes. */
  adopt(result: ProbeResult): void {
    this.adopted = restoreBuffers(result);
  }

  finish(): ProbeResult {
    return this.adopted ?? { head: this.head.subarray(0, this.headFill), png: this.png.finish() };
  }
}

/** Buffers arrive from another thread as plain Uint8Arrays. */
function restoreBuffers(result: ProbeResult): ProbeResult {
  const { png } = result;
  return {
    head: viewAsBuffer(result.head),
    png: png === null ? null : { ...png, exif: png.exif === null ? null : viewAsBuffer(png.exif) },
  };
}
