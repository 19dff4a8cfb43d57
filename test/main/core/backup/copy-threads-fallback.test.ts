// The restore's copy workers are never a dependency: when no worker can start, or each one dies
// as soon as it is handed a copy, the copies run on this thread and the restored vault is the one
// a restore on this thread gives. The only seam is node's Worker, wrapped to fail as a machine
// without threads, or a worker killed mid-copy, would.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Transferable, WorkerOptions } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackupService } from '../../../../main/core/backup/backup-service';
import { readCopyThreadCounts } from '../../../../main/core/backup/copy-threads';
import { Vault } from '../../../../main/core/vault/vault';
import { PASS } from '../../../helpers/backup-vault';
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

/** Every restored file's SHA-256 but the database's and generation.json (the custody head). */
function hashTree(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (at: string): void => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.startsWith('sakshya.db') && entry.name !== 'generation.json')
        found.set(
          path.relative(dir, full),
          crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'),
        );
    }
  };
  walk(dir);
  return found;
}

async function restoreWith(threads: '0' | '1'): Promise<Map<string, string>> {
  process.env.SAKSHYA_RESTORE_COPY_THREADS = threads;
  const dir = path.join(makeTempDir(), 'restored');
  const restored = await new BackupService(() => undefined).restore(
    dir,
    { from: usb, secret: { kind: 'passphrase', passphrase: PASS }, allowPartial: false },
    { scryptLogN: 10 },
  );
  expect(restored.evidenceCount).toBe(3);
  expect(restored.missing).toEqual([]);
  restored.vault.lock();
  return hashTree(dir);
}

/** A backup of a vault with a 9 MiB file, a screenshot and a small file (in a folder of this test). */
async function makeBackup(): Promise<void> {
  const { vault } = await Vault.create(path.join(makeTempDir('sakshya-bk-'), 'vault'), PASS, {
    scryptLogN: 10,
  });
  usb = makeTempDir('sakshya-usb-');
  try {
    const target = vault.createCase({ title: 'Loan app', timezone: 'Asia/Kolkata' });
    for (const size of [9 * MiB, 300 * 1024, 2000]) {
      const blob = await vault.storeBlob(Readable.from([crypto.randomBytes(size)]));
      vault.recordStoredBlob(target.id, blob, {
        originalName: `shot-${String(size)}.png`,
        mediaType: 'image/png',
      });
    }
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
