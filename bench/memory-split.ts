// Splits a process's memory while a bench runs, so a peak RSS can be explained: V8's heap (young
// generation, old generation, large objects, code) of the thread that samples, the memory V8 hands
// out for ArrayBuffers and Buffers, and what is left, which is native memory outside V8 (SQLite's
// page cache and statements, malloc's arenas, the code of the binary and its libraries).
// Sampled on a timer, so it sees the thread's state only between its turns of the event loop; the
// kernel's high-water mark (readPeakRss) remains the figure that counts.
import v8 from 'node:v8';

const MiB = 1024 * 1024;

export interface MemorySample {
  /** Milliseconds since sampling began. */
  at: number;
  rss: number;
  /** Physical bytes of this isolate's young generation (new_space), old generation and the rest. */
  young: number;
  old: number;
  large: number;
  code: number;
  /** Physical bytes of this isolate's whole heap. */
  heap: number;
  /** ArrayBuffers and Buffers (process.memoryUsage().arrayBuffers; their bytes live outside the heap). */
  arrayBuffers: number;
  /** rss minus this isolate's heap and the ArrayBuffers: SQLite, malloc, code, other threads' heaps. */
  native: number;
}

function sample(startedAt: number): MemorySample {
  let young = 0;
  let old = 0;
  let large = 0;
  let code = 0;
  for (const space of v8.getHeapSpaceStatistics()) {
    const bytes = space.physical_space_size;
    if (space.space_name === 'new_space') young += bytes;
    else if (space.space_name === 'old_space') old += bytes;
    else if (space.space_name.includes('large_object')) large += bytes;
    else if (space.space_name.includes('code')) code += bytes;
  }
  const heap = v8.getHeapStatistics().total_physical_size;
  const usage = process.memoryUsage();
  return {
    at: performance.now() - startedAt,
    rss: usage.rss,
    young,
    old,
    large,
    code,
    heap,
    arrayBuffers: usage.arrayBuffers,
    native: usage.rss - heap - usage.arrayBuffers,
  };
}

/** Samples every `everyMs` until stop(); keeps the sample at the highest RSS and each part's maximum. */
export class MemorySplit {
  private readonly startedAt = performance.now();
  private readonly timer: NodeJS.Timeout;
  peak: MemorySample;
  readonly max: MemorySample;
  samples = 0;

  constructor(
    everyMs = 100,
    private readonly trace?: (line: string) => void,
  ) {
    this.peak = sample(this.startedAt);
    this.max = { ...this.peak };
    this.timer = setInterval(() => {
      this.take();
    }, everyMs);
  }

  take(): void {
    const now = sample(this.startedAt);
    this.samples += 1;
    if (now.rss >= this.peak.rss) this.peak = now;
    for (const key of Object.keys(this.max) as (keyof MemorySample)[])
      this.max[key] = Math.max(this.max[key], now[key]);
    this.trace?.(describeSample(now));
  }

  stop(): void {
    clearInterval(this.timer);
    this.take();
  }
}

export function describeSample(s: MemorySample): string {
  const f = (bytes: number): string => (bytes / MiB).toFixed(0);
  return `rss ${f(s.rss)} = heap ${f(s.heap)} (young ${f(s.young)}, old ${f(s.old)}, large ${f(s.large)}, code ${f(s.code)}) + arrayBuffers ${f(s.arrayBuffers)} + native ${f(s.native)} MiB at ${(s.at / 1000).toFixed(1)} s`;
}
