// Buffers posted between threads arrive as plain Uint8Arrays (structured clone drops the Buffer
// prototype). The stage workers, the documents worker and the stream probe's results all need them
// back as Buffers, viewing the same bytes rather than copying them.

/** Views the bytes of a Uint8Array that came from another thread as a Buffer, without a copy. */
export function viewAsBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
