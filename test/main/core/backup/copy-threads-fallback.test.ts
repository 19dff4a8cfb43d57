// The restore's copy workers are never a dependency: when no worker can start, or each one dies
// as soon as it is handed a copy, the copies run on this thread and the restored vault is the one
// a restore on this thread gives. The only seam is node's Worker, wrapped to fail as a machine
// without threads, or a worker killed mid-copy, would.
import type { Transferable, WorkerOptions } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackupService } from '../../../../main/core/backup/backup-service';
import { readCopyThreadCounts } from '../../../../main/core/backup/copy-threads';
import { makeVaultOfSizes, restoreAndHash } from '../../../helpers/backup-vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const failure = vi.hoisted(() => {
  const state: { mode: 'none' | 'cannot-start' | 'dies'; started: number; killed: number } = {
    mode: 'none',
    started: 0,
    killed: 0,
  };
  return state;
});

vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class Worker extends real.Worker {
    constructor(source: string | URL, options?: WorkerOptions) {
      if (failure.mode === 'cannot-start') throw new Error('no threads on this machine');
      super(source, options);
      failure.started += 1;
    }

    override postMessage(value: unknown, transferList?: readonly Transferable[]): void {
      super.postMessage(value, transferList);
      // Killed right after it is handed its first copy: mid-copy, or before it began.
      if (failure.mode === 'dies') {
        failure.killed += 1;
        void this.terminate();
      }
    }
  }
  const patched = { ...real, Worker };
  return { ...patched, default: patched };
});

const MiB = 1024 * 1024;
let usb = '';

/** The vault restored from the backup, on the workers (1) or this thread (0): its files by SHA-256. */
async function restoreWith(threads: '0' | '1'): Promise<Map<string, string>> {
  process.env.SAKSHYA_RESTORE_COPY_THREADS = threads;
  return restoreAndHash(usb, 3);
}

/** A backup of a vault with a 9 MiB file, a screenshot and a small file (in a folder of this test). */
async function makeBackup(): Promise<void> {
  const vault = await makeVaultOfSizes([9 * MiB, 300 * 1024, 2000]);
  usb = makeTempDir('sakshya-usb-');
  try {
    await new BackupService(() => vault).run({ folder: usb });
  } finally {
    vault.lock();
  }
}

afterEach(() => {
  failure.mode = 'none';
  delete process.env.SAKSHYA_RESTORE_COPY_THREADS;
});

describe('a restore whose copy workers fail', () => {
  it.each([
    ['no worker can start', 'cannot-start'],
    ['each worker dies once handed a copy', 'dies'],
  ] as const)('restores the same vault on this thread when %s', async (_, mode) => {
    await makeBackup();
    const onThisThread = await restoreWith('0');
    failure.mode = mode;
    const startedBefore = failure.started;
    const before = readCopyThreadCounts();
    const withFailure = await restoreWith('1');
    const after = readCopyThreadCounts();
    // The failure really happened, and the copies really ran here.
    if (mode === 'cannot-start') expect(failure.started).toBe(startedBefore);
    else expect(failure.killed).toBeGreaterThan(0);
    expect(after.here - before.here).toBeGreaterThan(0);
    expect([...withFailure.keys()].sort()).toEqual([...onThisThread.keys()].sort());
    const differ = [...onThisThread].filter(([file, sha]) => withFailure.get(file) !== sha);
    expect(differ.map(([file]) => file)).toEqual([]);
  });
});
