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

/** Room for one held-back chunk plus a full read. */
function allocateInput(): Buffer {
  return Buffer.allocUnsafe(INPUT_BYTES);
}

/** Page-aligned, for direct writes: an unwritten tail, the header, then a read's sealed chunks. */
function allocateOutput(): Buffer {
  return allocateAligned(DIRECT_IO_ALIGNMENT + HEADER_ROOM + (SEAL_BATCH + 1) * SEALED_CHUNK_SIZE);
}

/**
 * Buffers kept for the next file. Allocated afresh for each screenshot they were ~2 MiB of garbage
 * a file, outside V8's heap, and the collections that pressure set off took about a tenth of an
 * import's main-thread time. A few are kept: one set per file read at once.
 */
const spareInputs: Buffer[] = [];
const spareOutputs: Buffer[] = [];
const MAX_SPARE_INPUTS = 4;
const MAX_SPARE_OUTPUTS = 8;

/** The size of the buffer each read goes into; a SharedHashClient's shared buffer has this size. */
export const INPUT_BYTES = CHUNK_SIZE + SEAL_BATCH * CHUNK_SIZE;

/** Reads into a buffer another thread hashes from (see shared-hash.ts), instead of hashing here. */
export interface SharedInput {
  /** INPUT_BYTES long, over a SharedArrayBuffer. */
  input: Buffer;
  hasher: ByteHasher;
}

/**
 * How many output buffers a writer seals into, in turn. With one, each write must be done before
 * the next read is sealed. With more, up to `outputs - 1` writes may still be in flight while the
 * next reads are hashed and sealed (see WriteAhead): for a big file the disk then works at the same
 * time as the CPU instead of after it.
 */
export interface WriterOptions {
  outputs?: number;
}

/**
 * From this size on, a copy is written ahead through WRITE_AHEAD_OUTPUTS buffers, buffered rather
 * than direct, and flushed as it goes. Measured on a 2-core VM writing 512 MiB and fsyncing it:
 * direct 1 MiB writes took 0.72-0.86 s with 1 to 8 in flight, buffered ones 0.37-0.45 s, since the
 * kernel sends the disk larger requests than ours. Direct writes save CPU per file (direct-io.ts),
 * which matters for thousands of screenshots, not for one video; and the page cache such a video
 * fills is flushed as it goes (WriteAhead), so it can be dropped again as soon as memory is needed.
 */
export const WRITE_AHEAD_MIN_BYTES = 8 * 1024 * 1024;
/** Output buffers for a copy written ahead: up to three 1 MiB writes in flight. */
export const WRITE_AHEAD_OUTPUTS = 4;
/** A copy written ahead is flushed every this many bytes. */
export const WRITE_AHEAD_SYNC_EVERY = 32 * 1024 * 1024;

/** How to write a stored copy of `size` bytes (undefined: not known). */
export interface CopyPlan {
  direct: boolean;
  outputs: number;
}

export function planCopy(size: number | undefined, directAllowed: boolean): CopyPlan {
  return size !== undefined && size >= WRITE_AHEAD_MIN_BYTES
    ? { direct: false, outputs: WRITE_AHEAD_OUTPUTS }
    : { direct: directAllowed, outputs: 1 };
}

export class SealedCopyWriter {
  private readonly hasher: ByteHasher;
  private readonly sealer: PayloadSealer;
  /** Null once released. */
  private outputs: Buffer[] | null;
  /** The output buffer being sealed into; the ones before it may still be being written. */
  private current = 0;
  /** Where reads go: a pooled input buffer, or a shared one. */
  private readonly input: Buffer;
  private readonly ownInput: Buffer | null;
  /** Sealed bytes at the start of the current output buffer, not yet written. */
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
    options: WriterOptions = {},
  ) {
    observer?.restart();
    this.hasher = shared?.hasher ?? createLocalHasher();
    const { fileKey, header } = sealHeaderSync([parseRecipient(recipient)]);
    const nonce = randomBytes(PAYLOAD_NONCE_SIZE);
    if (header.length + nonce.length > HEADER_ROOM) {
      throw new SakshyaError('INTERNAL', 'the age header is larger than expected');
    }
    const count = Math.max(1, options.outputs ?? 1);
    this.outputs = Array.from({ length: count }, () => spareOutputs.pop() ?? allocateOutput());
    const input = shared?.input ?? spareInputs.pop() ?? allocateInput();
    this.ownInput = shared === undefined ? input : null;
    this.input = input;
    const first = this.currentOutput();
    header.copy(first, 0);
    nonce.copy(first, header.length);
    this.pending = header.length + nonce.length;
    this.sealer = new PayloadSealer(fileKey, nonce);
  }

  /** Where the next read goes; it reads the source from offset `size`. */
  get readTarget(): Buffer {
    this.requireOutputs();
    return this.input.subarray(this.held);
  }

  /**
   * Takes the bytes a read put into readTarget (0: the end of the file) and says what to write.
   * The step's data stays untouched until handOff has been called once per output buffer.
   */
  takeRead(bytesRead: number): WriteStep {
    const output = this.currentOutput();
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

  /**
   * Moves on past the step takeRead gave: its unwritten tail goes to the start of the next output
   * buffer, which the next read is sealed into. That buffer must be free by then: with one buffer,
   * the step's own write must be done; with more, the write one fewer steps back than there are buffers.
   */
  handOff(): void {
    const outputs = this.requireOutputs();
    const from = this.currentOutput();
    const next = (this.current + 1) % outputs.length;
    const to = outputs[next] ?? from;
    if (to === from) from.copyWithin(0, this.lastWrite, this.pending);
    else from.copy(to, 0, this.lastWrite, this.pending);
    this.current = next;
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

  /**
   * Gives the buffers back for the next file; the writer cannot be used after. Only once no write
   * from them is in flight any more.
   */
  release(): void {
    for (const output of this.outputs ?? []) {
      if (spareOutputs.length < MAX_SPARE_OUTPUTS) spareOutputs.push(output);
    }
    if (this.ownInput !== null && this.outputs !== null && spareInputs.length < MAX_SPARE_INPUTS) {
      spareInputs.push(this.ownInput);
    }
    this.outputs = null;
  }

  private currentOutput(): Buffer {
    const output = this.requireOutputs()[this.current];
    if (output === undefined) throw new SakshyaError('INTERNAL', 'no output buffer');
    return output;
  }

  private requireOutputs(): Buffer[] {
    if (this.outputs === null) throw new SakshyaError('INTERNAL', 'the writer was released');
    return this.outputs;
  }
}

/**
 * The writes of one stored copy that are still in flight, oldest first, so that a writer with
 * several output buffers can keep the disk busy while it reads and seals: at most `room` writes
 * wait while the next step is sealed. Every write is waited for before the file is closed, even
 * after a failure, so no write lands in a descriptor that was closed and reused meanwhile.
 *
 * A big buffered copy is also flushed as it goes (`sync` every `syncEvery` bytes, one at a time),
 * so its dirty pages stay few and the final fsync has little left to do.
 */
export class WriteAhead {
  private readonly inFlight: Promise<void>[] = [];
  private written = 0;
  private syncedAt = 0;
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly room: number,
    private readonly sync?: { start: () => Promise<void>; every: number },
  ) {}

  /** Takes a write of `bytes` that has started; its failure is thrown by makeRoom or finish. */
  add(write: Promise<void>, bytes: number): void {
    // Awaited later; until then its failure must not count as unhandled.
    write.catch(() => undefined);
    this.inFlight.push(write);
    this.written += bytes;
    const { sync } = this;
    if (sync !== undefined && this.syncing === null && this.written - this.syncedAt >= sync.every) {
      this.syncedAt = this.written;
      const syncing = sync.start().finally(() => {
        if (this.syncing === syncing) this.syncing = null;
      });
      syncing.catch(() => undefined);
      this.syncing = syncing;
    }
  }

  /** Returns once at most `room` writes are in flight, throwing the first failure. */
  async makeRoom(): Promise<void> {
    while (this.inFlight.length > this.room) await this.inFlight.shift();
  }

  /** Returns once every write and flush is done, throwing the first failure. */
  async finish(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight.shift();
    await this.syncing;
  }

  /** Waits for every write and flush still in flight, whatever its outcome; for failure paths. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight.splice(0), this.syncing]);
  }
}

/** The write queue for a copy sealed into `outputs` buffers; a big buffered copy flushes as it goes. */
export function startWriteAhead(
  outputs: number,
  direct: boolean,
  datasync: () => Promise<void>,
): WriteAhead {
  const flushing = outputs > 1 && !direct;
  return new WriteAhead(
    outputs - 1,
    flushing ? { start: datasync, every: WRITE_AHEAD_SYNC_EVERY } : undefined,
  );
}
