// Writing evidence copies past the page cache, where the system allows it (Linux O_DIRECT).
//
// Why: a stored copy is written once and then left alone, yet a buffered write first copies every
// byte into freshly allocated page-cache pages. That copy was the largest single cost of an import
// (a fifth of all CPU time with 2,000 screenshots), and importing a 4 GB video would also push
// 4 GB of the user's own cached files out of memory. On virtual machines whose host backs guest
// memory lazily, fresh pages are slower still: on the VM this was measured on, writing and
// fsyncing a new 1.1 MB file took 3.4 ms buffered and 1.0 ms direct (2.6 vs 0.2 ms of kernel CPU).
//
// Direct writes need the memory, the length and the file offset all aligned to the device's block
// size. Node has no aligned allocation, so the buffer is WebAssembly memory, which is mapped page
// by page; writers keep the unaligned remainder for the next write, pad the very last block and
// truncate the file back to its real length. Where O_DIRECT is missing (macOS, Windows) or refused
// (tmpfs on older kernels, some network and FUSE file systems), writes are buffered as before.
import fs from 'node:fs';
import { isErrnoException } from './atomic-write';

/** Covers 512-byte and 4 KiB logical blocks alike. */
export const DIRECT_IO_ALIGNMENT = 4096;
const WASM_PAGE = 64 * 1024;

/** Undefined off Linux: Node defines O_DIRECT only where the system has it. */
const O_DIRECT: number | undefined = fs.constants.O_DIRECT;

/** Folders whose file system refused a direct write in this process; they get buffered writes. */
const refusedFolders = new Set<string>();

// Node has WebAssembly.Memory, but its types come only with the DOM lib, which main/ does not load.
type WasmMemoryConstructor = new (descriptor: { initial: number; maximum: number }) => {
  readonly buffer: ArrayBuffer;
};
const WasmMemory = (globalThis as unknown as { WebAssembly: { Memory: WasmMemoryConstructor } })
  .WebAssembly.Memory;

/** A Buffer of at least `bytes` whose first byte sits on a page boundary. */
export function allocateAligned(bytes: number): Buffer {
  const pages = Math.ceil(bytes / WASM_PAGE);
  const memory = new WasmMemory({ initial: pages, maximum: pages });
  return Buffer.from(memory.buffer, 0, bytes);
}

/** Whether a new temp file in `folder` may be written direct (Linux, and not refused there). */
export function canWriteDirect(folder: string): boolean {
  return O_DIRECT !== undefined && !refusedFolders.has(folder);
}

/** The open() flags for a new temp file: exclusive create, and O_DIRECT when `direct`. */
export function tempFileFlags(direct: boolean): number {
  const { O_WRONLY, O_CREAT, O_EXCL } = fs.constants;
  return O_WRONLY | O_CREAT | O_EXCL | (direct ? (O_DIRECT ?? 0) : 0);
}

/** Remembers that `folder` refuses direct writes, so later files go buffered from the start. */
export function noteDirectIoRefused(folder: string): void {
  refusedFolders.add(folder);
}

/** EINVAL from an open or write with O_DIRECT: the file system or the alignment does not suit. */
export function isDirectIoRefusal(error: unknown): boolean {
  return isErrnoException(error) && error.code === 'EINVAL';
}

/** How much of `pending` bytes a writer may write now and still keep the next offset aligned. */
export function countWritable(pending: number, direct: boolean): number {
  return direct ? pending - (pending % DIRECT_IO_ALIGNMENT) : pending;
}

/** The last write's length: padded up to a whole block when direct (truncated off afterwards). */
export function padFinalWrite(pending: number, direct: boolean): number {
  if (!direct) return pending;
  return Math.ceil(pending / DIRECT_IO_ALIGNMENT) * DIRECT_IO_ALIGNMENT;
}

/** Forgets refusals; for tests that need a folder to be tried afresh. */
export function resetDirectIoRefusals(): void {
  refusedFolders.clear();
}
