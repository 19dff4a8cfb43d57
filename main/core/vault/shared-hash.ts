// SHA-256 of a big file's stored bytes, computed in a second worker while the stage worker seals
// and writes them. SHA-256 cannot be split, and hashing, then sealing, then writing each MiB one
// after another kept a 512 MiB video to ~400 MB/s on a 2-core machine. Here the stage worker reads
// each MiB into a buffer that both threads see (a SharedArrayBuffer), the helper hashes it while
// the stage worker seals it, and the buffer is not touched again until the helper is done with it;
// so the hash is still of exactly the bytes that were stored. Atomics, not messages: a message
// per MiB would wait on the receiving thread's event loop, and both threads are blocking here.
import { createHash } from 'node:crypto';

/** Control words: the state, then the range of the shared buffer to hash; the digest after. */
const STATE = 0;
const OFFSET = 1;
const LENGTH = 2;
const DIGEST_AT = 16;
export const SHARED_HASH_CONTROL_BYTES = DIGEST_AT + 32;

// 0: nothing yet.
/** A range is ready to hash. */
const RANGE = 1;
/** The range has been hashed; its bytes may change. */
const HASHED = 2;
/** No more ranges: write the digest. */
const END = 3;
const DIGESTED = 4;
/** Either side, or the main thread, gave up (an error, a cancel, a thread lost). */
const ABORT = 5;

/** How long one wait lasts before the state is looked at again (a missed wake-up costs this). */
const WAIT_MS = 200;

/** Hashing the helper has given up on; the file must be staged again without it. */
export class HelperLost extends Error {}

/** What SealedCopyWriter hashes through. `settle` returns once the bytes given may change. */
export interface ByteHasher {
  update(bytes: Buffer): void;
  settle(): void;
  digest(): string;
  abort(): void;
}

export function createLocalHasher(): ByteHasher {
  const hash = createHash('sha256');
  return {
    update: (bytes) => hash.update(bytes),
    settle: () => undefined,
    digest: () => hash.digest('hex'),
    abort: () => undefined,
  };
}

/** The stage worker's side: hands ranges of `shared` to the helper. */
export class SharedHashClient implements ByteHasher {
  private readonly control: Int32Array;

  constructor(
    private readonly shared: Buffer,
    private readonly controlBuffer: SharedArrayBuffer,
  ) {
    this.control = new Int32Array(controlBuffer);
  }

  update(bytes: Buffer): void {
    this.settle();
    Atomics.store(this.control, OFFSET, bytes.byteOffset - this.shared.byteOffset);
    Atomics.store(this.control, LENGTH, bytes.length);
    this.move(RANGE);
  }

  settle(): void {
    this.waitWhile(RANGE);
  }

  digest(): string {
    this.settle();
    this.move(END);
    this.waitWhile(END);
    return Buffer.from(this.controlBuffer, DIGEST_AT, 32).toString('hex');
  }

  abort(): void {
    abortSharedHash(this.controlBuffer);
  }

  private move(to: number): void {
    const from = Atomics.load(this.control, STATE);
    if (from === ABORT || Atomics.compareExchange(this.control, STATE, from, to) !== from) {
      throw new HelperLost();
    }
    Atomics.notify(this.control, STATE);
  }

  private waitWhile(state: number): void {
    while (Atomics.load(this.control, STATE) === state) {
      Atomics.wait(this.control, STATE, state, WAIT_MS);
    }
    if (Atomics.load(this.control, STATE) === ABORT) throw new HelperLost();
  }
}

/** Tells both sides to stop (either may be waiting on the other). */
export function abortSharedHash(controlBuffer: SharedArrayBuffer): void {
  const control = new Int32Array(controlBuffer);
  Atomics.store(control, STATE, ABORT);
  Atomics.notify(control, STATE);
}

/** The helper's side: hashes each range it is given until the end, or an abort. */
export function runSharedHash(
  data: SharedArrayBuffer,
  controlBuffer: SharedArrayBuffer,
): 'digested' | 'aborted' {
  const control = new Int32Array(controlBuffer);
  const bytes = Buffer.from(data);
  const hash = createHash('sha256');
  for (;;) {
    const state = Atomics.load(control, STATE);
    if (state === RANGE) {
      const offset = Atomics.load(control, OFFSET);
      hash.update(bytes.subarray(offset, offset + Atomics.load(control, LENGTH)));
      if (Atomics.compareExchange(control, STATE, RANGE, HASHED) === RANGE) {
        Atomics.notify(control, STATE);
      }
    } else if (state === END) {
      hash.digest().copy(Buffer.from(controlBuffer, DIGEST_AT, 32));
      if (Atomics.compareExchange(control, STATE, END, DIGESTED) === END) {
        Atomics.notify(control, STATE);
        return 'digested';
      }
    } else if (state === ABORT || state === DIGESTED) {
      return 'aborted';
    } else {
      Atomics.wait(control, STATE, state, WAIT_MS);
    }
  }
}
