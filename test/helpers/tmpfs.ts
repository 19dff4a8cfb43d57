// Small tmpfs mounts, for a full or read-only target: only as root, and unmounted after each test.
import { spawnSync } from 'node:child_process';
import { afterEach } from 'vitest';
import { makeTempDir } from './temp-dir';

const mounted: string[] = [];

/** Whether this runner may mount a tmpfs (root, and a kernel that lets it); else tests skip. */
export function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = makeTempDir('sakshya-probe-');
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status === 0;
  if (ok) spawnSync('umount', [dir]);
  return ok;
}

/** A new tmpfs mounted with `options` (e.g. `size=1200k` or `size=1m,ro`) on a fresh temp folder. */
export function mountTmpfs(options: string): string {
  const dir = makeTempDir('sakshya-tmpfs-');
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (result.status !== 0) throw new Error(`mount failed: ${result.stderr.toString()}`);
  mounted.push(dir);
  return dir;
}

/** Mounts `dir` again with `options` (e.g. `ro`), keeping what it holds. */
export function remountTmpfs(dir: string, options: string): void {
  const result = spawnSync('mount', ['-o', `remount,${options}`, dir]);
  if (result.status !== 0) throw new Error(`remount failed: ${result.stderr.toString()}`);
}

// Registered after temp-dir's hook (this module imports it), so it runs before it: each mount is
// gone before its folder is removed.
afterEach(() => {
  for (const dir of mounted.splice(0)) spawnSync('umount', [dir]);
});
