// The steps of writing one stored copy, without the I/O: the age header, the STREAM chunks sealed
// from each read, which bytes may be written now (direct writes keep every offset aligned), and the
// padded last block with the length to truncate back to. The same steps run with promises in this
// thread (stageFile) and blocking in the import's worker threads (stage-worker.ts), so the two
// cannot drift apart in how they seal.
//
// Sealed by hand rather than as a stream pipeline to keep memory flat on big files: the file is
// read into one reused 1 MiB buffer, hashed there, sealed chunk by chunk (age STREAM, 64 KiB) into
// one reused output buffer and written from it. A pipeline allocates a fresh buffer for every read
// and every sealed piece; for a 512 MiB video that garbage alone lifted peak RSS by ~110 MiB.
import { randomBytes } from 'node:crypto';
import { SakshyaError } from '../../../shared/errors';
import { parseRecipient, PayloadSealer } from '../age';
import { sealHeaderSync } from '../age/file-key';
import { CHUNK_SIZE, PAYLOAD_NONCE_SIZE, SEALED_CHUNK_SIZE } from '../age/stream';
import {
  allocateAligned,
  countWritable,
  DIRECT_IO_ALIGNMENT,
  padFinalWrite,
} from '../fs/direct-io';
import { createLocalHasher, type ByteHasher } from './shared-hash';

/** 64 KiB age chunks sealed per 1 MiB read. */
const SEAL_BATCH = 16;
/** More than an age header for the vault's one recipient will ever need (~200 bytes). */
const HEADER_ROOM = 16 * 1024;

/** Sees every byte of the file once, in order, as it is read (the import's StreamProbe). */
export interface ByteObserver {
  take(bytes: Buffer): void;
  /** The bytes are about to be read again from the first one. */
  restart(): void;
}

/**
 * Turns "this many bytes read so far" into progress counted once per byte, however many attempts
 * read the file from its first byte (a refused direct write, a worker lost half-way).
 */
export function makeReadReporter(onBytes?: (bytes: number) => void): (readSoFar: number) => void {
  let reported = 0;
  return (readSoFar) => {
    if (readSoFar <= reported) return;
    onBytes?.(readSoFar - reported);
    reported = readSoFar;
  };
}

/** What to write after a read: `data` at file offset `position`, then maybe a truncate. */
export interface WriteStep {
  data: Buffer;
  position: number;
  /** The file's real length when the last write was padded to a whole block; else null. */
  truncateTo: number | null;
  /** True after the last read (the one that found the end of the file). */
  done: boolean;
}

interface Buffers {
  /** Room for one held-back chunk plus a full read. */
  input: Buffer;
  /** Page-aligned, for direct writes: an unwritten tail, the header, then a read's sealed chunks. */
  output: Buffer;
}

/**
 * The two buffers, kept for the next file. Allocated afresh for each screenshot they were ~2 MiB
 * of garbage a file, outside V8's heap, and the collections that pressure set off took about a
 * tenth of an import's main-thread time. A few are kept: one per file read at once.
 */
const spareBuffers: Buffers[] = [];
const MAX_SPARE_BUFFERS = 4;

function takeBuffers(): Buffers {
  return (
    spareBuffers.pop() ?? {
      input: Buffer.allocUnsafe(INPUT_BYTES),
      output: allocateAligned(
        DIRECT_IO_ALIGNMENT + HEADER_ROOM + (SEAL_BATCH + 1) * SEALED_CHUNK_SIZE,
      ),
    }
  );
}

/** The size of the buffer each read goes into; a SharedHashClient's shared buffer has this size. */
export const INPUT_BYTES = CHUNK_SIZE + SEAL_BATCH * CHUNK_SIZE;

/** Reads into a buffer another thread hashes from (see shared-hash.ts), instead of hashing here. */
export interface SharedInput {
  /** INPUT_BYTES long, over a SharedArrayBuffer. */
  input: Buffer;
  hasher: ByteHasher;
}

export class SealedCopyWriter {
  private readonly hasher: ByteHasher;
  private readonly sealer: PayloadSealer;
  private buffers: Buffers | null;
  /** Where reads go: the pooled input buffer, or a shared one. */
  private readonly input: Buffer;
  /** Sealed bytes at the start of the output buffer, not yet written. */
  private pending: number;
  /** The file offset the next write goes to. */
  private position = 0;
  /** Plaintext bytes at the start of the input buffer, held back until a byte after them is read. */
  private held = 0;
  private lastWrite = 0;
  /** Plaintext bytes read so far: the stored file's size once the end has been read. */
  size = 0;

  constructor(
    recipient: string,
    private readonly direct: boolean,
    private readonly observer?: ByteObserver,
    shared?: SharedInput,
  ) {
    observer?.restart();
    this.hasher = shared?.hasher ?? createLocalHasher();
    const { fileKey, header } = sealHeaderSync([parseRecipient(recipient)]);
    const nonce = randomBytes(PAYLOAD_NONCE_SIZE);
    if (header.length + nonce.length > HEADER_ROOM) {
      throw new SakshyaError('INTERNAL', 'the age header is larger than expected');
    }
    this.buffers = takeBuffers();
    this.input = shared?.input ?? this.buffers.input;
    header.copy(this.buffers.output, 0);
    nonce.copy(this.buffers.output, header.length);
    this.pending = header.length + nonce.length;
    this.sealer = new PayloadSealer(fileKey, nonce);
  }

  /** Where the next read goes; it reads the source from offset `size`. */
  get readTarget(): Buffer {
    this.requireBuffers();
    return this.input.subarray(this.held);
  }

  /** Takes the bytes a read put into readTarget (0: the end of the file) and says what to write. */
  takeRead(bytesRead: number): WriteStep {
    const { output } = this.requireBuffers();
    const { input } = this;
    if (bytesRead > 0) {
      const read = input.subarray(this.held, this.held + bytesRead);
      this.hasher.update(read);
      this.observer?.take(read);
      this.size += bytesRead;
    }
    const available = this.held + bytesRead;
    let at = 0;
    // A full chunk is sealed as non-final only once a byte after it has been read.
    while (available - at > CHUNK_SIZE) {
      this.pending = this.sealer.sealChunkInto(
        input.subarray(at, at + CHUNK_SIZE),
        false,
        output,
        this.pending,
      );
      at += CHUNK_SIZE;
    }
    if (bytesRead === 0) {
      this.pending = this.sealer.sealChunkInto(
        input.subarray(at, available),
        true,
        output,
        this.pending,
      );
      const length = this.pending;
      const padded = padFinalWrite(length, this.direct);
      output.fill(0, length, padded);
      this.pending = padded;
      this.lastWrite = padded;
      return {
        data: output.subarray(0, padded),
        position: this.position,
        truncateTo: padded === length ? null : this.position + length,
        done: true,
      };
    }
    // A shared hasher may still be reading these bytes; they move only once it is done.
    this.hasher.settle();
    input.copyWithin(0, at, available);
    this.held = available - at;
    this.lastWrite = countWritable(this.pending, this.direct);
    return {
      data: output.subarray(0, this.lastWrite),
      position: this.position,
      truncateTo: null,
      done: false,
    };
  }

  /** Call once the step takeRead gave has been written in full. */
  wrote(): void {
    const { output } = this.requireBuffers();
    output.copyWithin(0, this.lastWrite, this.pending);
    this.pending -= this.lastWrite;
    this.position += this.lastWrite;
    this.lastWrite = 0;
  }

  /** The SHA-256 of every byte read, once the end has been read. */
  digest(): string {
    return this.hasher.digest();
  }

  /** Stops a shared hasher's helper when the copy is given up. */
  abandon(): void {
    this.hasher.abort();
  }

  /** Gives the buffers back for the next file; the writer cannot be used after. */
  release(): void {
    if (this.buffers !== null && spareBuffers.length < MAX_SPARE_BUFFERS) {
      spareBuffers.push(this.buffers);
    }
    this.buffers = null;
  }

  private requireBuffers(): Buffers {
    if (this.buffers === null) throw new SakshyaError('INTERNAL', 'the writer was released');
    return this.buffers;
  }
}
