// A FIFO of incoming buffers that hands out byte ranges as views into them, so stream input is
// passed to the ciphers without being concatenated first.

export class ByteQueue {
  private items: Buffer[] = [];
  private first = 0;
  private offset = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.items.push(bytes);
    this.size += bytes.length;
  }

  /** The next `count` bytes as views (no copies). `count` must not exceed `length`. */
  take(count: number): Buffer[] {
    const pieces: Buffer[] = [];
    let wanted = count;
    while (wanted > 0) {
      const item = this.items[this.first];
      if (item === undefined) throw new RangeError('ByteQueue.take beyond its length');
      const available = item.length - this.offset;
      const used = Math.min(available, wanted);
      pieces.push(item.subarray(this.offset, this.offset + used));
      wanted -= used;
      if (used === available) {
        this.first++;
        this.offset = 0;
      } else {
        this.offset += used;
      }
    }
    this.size -= count;
    this.compact();
    return pieces;
  }

  /** The next `count` bytes in one buffer; copies only if they span several inputs. */
  takeContiguous(count: number): Buffer {
    const pieces = this.take(count);
    return pieces.length === 1 && pieces[0] !== undefined
      ? pieces[0]
      : Buffer.concat(pieces, count);
  }

  private compact(): void {
    // Drop consumed slots now and then so the array neither grows nor shifts on every take.
    if (this.first > 64 || this.first === this.items.length) {
      this.items = this.items.slice(this.first);
      this.first = 0;
    }
  }
}
