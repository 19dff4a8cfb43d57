// A stored copy read as a stream and hashed on the way (the Android import checks that what it
// read is the copy it stored, by its SHA-256).
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** The stored copy as it is read, hashed on the way; finish() hashes whatever was left unread. */
export class HashedStream {
  private readonly hash = createHash('sha256');
  private readonly source: AsyncIterator<unknown>;

  constructor(stream: Readable) {
    this.source = stream[Symbol.asyncIterator]();
  }

  async *read(): AsyncGenerator<Buffer> {
    for (;;) {
      const next = await this.source.next();
      if (next.done === true) return;
      const chunk = next.value as Buffer;
      this.hash.update(chunk);
      yield chunk;
    }
  }

  async close(): Promise<void> {
    await this.source.return?.();
  }

  async finish(): Promise<string> {
    for (;;) {
      const next = await this.source.next();
      if (next.done === true) break;
      this.hash.update(next.value as Buffer);
    }
    return this.hash.digest('hex');
  }
}
