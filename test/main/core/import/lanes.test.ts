import { describe, expect, it } from 'vitest';
import { runInLanes } from '../../../../main/core/import/lanes';

/** Work that records when each item starts and ends, finishing after a few turns of the event loop. */
function recordRuns(delays: readonly number[]): {
  log: string[];
  peak: () => number;
  work: (item: number, index: number) => Promise<void>;
} {
  const log: string[] = [];
  let running = 0;
  let peak = 0;
  return {
    log,
    peak: () => peak,
    work: async (item, index) => {
      running += 1;
      peak = Math.max(peak, running);
      log.push(`start ${String(index)}`);
      await new Promise((resolve) => setTimeout(resolve, delays[index] ?? item));
      log.push(`end ${String(index)}`);
      running -= 1;
    },
  };
}

describe('runInLanes', () => {
  it('starts the items in order and never runs more than the lanes allow', async () => {
    const items = [5, 1, 8, 2, 3, 1, 6];
    const runs = recordRuns(items);
    await runInLanes(items, 3, () => false, runs.work);
    expect(runs.log.filter((line) => line.startsWith('start'))).toEqual(
      items.map((_, index) => `start ${String(index)}`),
    );
    expect(runs.log.filter((line) => line.startsWith('end'))).toHaveLength(items.length);
    expect(runs.peak()).toBe(3);
  });

  it('runs an item marked to run alone with nothing beside it, before or after', async () => {
    const items = [3, 3, 50, 3, 3];
    const runs = recordRuns(items);
    await runInLanes(items, 3, (item) => item === 50, runs.work);
    const at = (line: string): number => runs.log.indexOf(line);
    expect(at('start 2')).toBeGreaterThan(at('end 0'));
    expect(at('start 2')).toBeGreaterThan(at('end 1'));
    expect(at('end 2')).toBe(at('start 2') + 1);
    expect(at('start 3')).toBeGreaterThan(at('end 2'));
  });

  it('resolves at once for no items', async () => {
    await expect(
      runInLanes(
        [],
        3,
        () => false,
        () => Promise.reject(new Error('never')),
      ),
    ).resolves.toBe(undefined);
  });

  it('after an error starts nothing new, lets the items in flight finish, then throws the first error', async () => {
    const log: string[] = [];
    const items = [0, 1, 2, 3, 4, 5];
    const outcome = runInLanes(
      items,
      2,
      () => false,
      async (item) => {
        log.push(`start ${String(item)}`);
        await new Promise((resolve) => setTimeout(resolve, item === 1 ? 30 : 5));
        if (item === 0) throw new Error('disk gone');
        log.push(`end ${String(item)}`);
      },
    );
    await expect(outcome).rejects.toThrow('disk gone');
    // Item 1 was in flight when item 0 failed: it finished before the error reached the caller.
    expect(log).toEqual(['start 0', 'start 1', 'end 1']);
  });
});
