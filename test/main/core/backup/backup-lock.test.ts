// The writer's lock on a vault's backup folder: a live backup keeps it (and touches it every 30 s);
// one left by a backup that is gone is cleared soon, not after 12 h, and never one still in use.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  acquireBackupLock,
  LOCK_HEARTBEAT_MS,
  LOCK_IDLE_MS,
  OTHER_HOST_IDLE_MS,
} from '../../../../main/core/backup/backup-folder';
import { describeBackupLayout } from '../../../../main/core/backup/backup-layout';
import { makeTempDir } from '../../../helpers/temp-dir';

afterEach(() => {
  vi.useRealTimers();
});

function leaveLock(
  lock: string,
  record: { pid: number; host: string; startedAt: number },
  touchedAgoMs: number,
): void {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  fs.writeFileSync(lock, JSON.stringify(record));
  const when = new Date(Date.now() - touchedAgoMs);
  fs.utimesSync(lock, when, when);
}

/** The id of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('backup folder lock', () => {
  it('clears a lock left by a backup whose process on this computer is gone, at once', () => {
    const layout = describeBackupLayout(makeTempDir('sakshya-usb-'));
    leaveLock(layout.lock, { pid: deadPid(), host: os.hostname(), startedAt: Date.now() }, 0);
    const lock = acquireBackupLock(layout);
    lock.assertHeld();
    lock.release();
    expect(fs.existsSync(layout.lock)).toBe(false);
  });

  it('keeps a lock whose process is alive and touched lately, and clears it once untouched for 10 minutes (its id now someone else’s)', () => {
    const layout = describeBackupLayout(makeTempDir('sakshya-usb-'));
    const live = { pid: process.pid, host: os.hostname(), startedAt: Date.now() - 3_600_000 };
    leaveLock(layout.lock, live, 60_000);
    expect(() => acquireBackupLock(layout)).toThrow(
      expect.objectContaining({ code: 'VAULT_IN_USE' }),
    );
    leaveLock(layout.lock, live, LOCK_IDLE_MS + 60_000);
    acquireBackupLock(layout).release();
  });

  it('clears a lock from another computer after an hour untouched, not 12 h, and keeps a fresh one', () => {
    const layout = describeBackupLayout(makeTempDir('sakshya-usb-'));
    const elsewhere = { pid: 4242, host: 'her-old-laptop', startedAt: Date.now() - 5 * 3_600_000 };
    leaveLock(layout.lock, elsewhere, 5 * 60_000);
    expect(() => acquireBackupLock(layout)).toThrow(
      expect.objectContaining({ code: 'VAULT_IN_USE' }),
    );
    expect(fs.existsSync(layout.lock)).toBe(true);
    leaveLock(layout.lock, elsewhere, OTHER_HOST_IDLE_MS + 60_000);
    acquireBackupLock(layout).release();
  });

  it('touches its lock while held, and knows when another backup took it over', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const layout = describeBackupLayout(makeTempDir('sakshya-usb-'));
    const lock = acquireBackupLock(layout);
    const old = new Date(Date.now() - 20 * 60_000);
    fs.utimesSync(layout.lock, old, old);
    vi.advanceTimersByTime(LOCK_HEARTBEAT_MS);
    expect(Date.now() - fs.statSync(layout.lock).mtimeMs).toBeLessThan(60_000);

    // Another backup cleared it (wrongly taking it for stale) and holds it now.
    fs.writeFileSync(layout.lock, JSON.stringify({ pid: 1, host: 'other', startedAt: Date.now() }));
    expect(() => {
      lock.assertHeld();
    }).toThrow(expect.objectContaining({ code: 'VAULT_IN_USE' }));
    lock.release();
    // Its release leaves the other backup's lock alone.
    expect(fs.existsSync(layout.lock)).toBe(true);
  });
});
