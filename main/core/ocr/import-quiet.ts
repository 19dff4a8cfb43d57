// When the background text reading may use the CPU: only once no import has committed a batch for
// a quiet while AND the previews are made. Measured (npm run bench -- ocr-import): a reader
// starting beside an import on 2 cores (its threads, the language data) made the import 13–25%
// slower and the first previews late, though it had read no picture by the import's end. So the
// reader waits for the import to go quiet, and yields between pictures when a new batch arrives.
// Explicit asks ("Read the text anyway") do not wait here (text-queue.ts).

export interface ImportQuietOptions {
  /** How long after the last import batch the reading may start; default 3 s. */
  quietMs?: number;
  /** Resolves once the previews queued so far are made (AppCore.previewsIdle). */
  previewsIdle: () => Promise<void>;
}

export class ImportQuiet {
  private readonly quietMs: number;
  private readonly previewsIdle: () => Promise<void>;
  private running = 0;
  /** Bumped by every import that starts, so a wait that spanned one knows it. */
  private started = 0;
  private lastEnd = Number.NEGATIVE_INFINITY;
  private readonly waiting = new Set<() => void>();

  constructor(options: ImportQuietOptions) {
    this.quietMs = options.quietMs ?? 3000;
    this.previewsIdle = options.previewsIdle;
  }

  /** Runs one import batch; the reading waits while any runs, and for the quiet time after. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    // Counted before the import's first await: a reader asking at that moment already waits.
    this.running += 1;
    this.started += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.lastEnd = performance.now();
      const wakes = [...this.waiting];
      this.waiting.clear();
      for (const wake of wakes) wake();
    }
  }

  get importing(): boolean {
    return this.running > 0;
  }

  /** An import runs or ended less than the quiet time ago: a reader asking now would wait. */
  get holding(): boolean {
    return this.running > 0 || performance.now() < this.lastEnd + this.quietMs;
  }

  /** Resolves when no import runs, none ended in the quiet time, and the previews are made. */
  async quiet(): Promise<void> {
    for (;;) {
      if (this.running > 0) {
        await new Promise<void>((resolve) => this.waiting.add(resolve));
        continue;
      }
      const left = this.lastEnd + this.quietMs - performance.now();
      if (left > 0) {
        await sleep(left);
        continue;
      }
      const ticket = this.started;
      await this.previewsIdle().catch(() => undefined);
      // An import that started while the previews were awaited closes the gate again.
      if (ticket === this.started && this.running === 0) return;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    // Never keeps a process alive by itself: the queue awaiting it is dropped on close.
    setTimeout(resolve, ms).unref();
  });
}
