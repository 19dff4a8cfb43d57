// Makes Windows' and macOS' file-system behaviour happen on Linux, so the code paths written for
// them run in tests here. Each function patches `node:fs` (the module object the core imports) or
// `process.platform` for the current test only; restore with vi.restoreAllMocks() / the returned
// function.
import fs from 'node:fs';
import { vi } from 'vitest';

const O_ACCMODE = 0o3;
const O_RDONLY = 0o0;

function errno(code: string, syscall: string, target?: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `${code}: simulated, ${syscall}${target === undefined ? '' : ` '${target}'`}`,
  );
  error.code = code;
  error.syscall = syscall;
  if (target !== undefined) error.path = target;
  return error;
}

/** True when Linux says `fd` was opened read-only (flags in /proc/self/fdinfo are octal). */
export function isReadOnlyDescriptor(fd: number): boolean {
  const info = fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
  const flags = /^flags:\s*([0-7]+)$/m.exec(info)?.[1];
  if (flags === undefined) throw new Error(`no flags for descriptor ${fd}`);
  return (parseInt(flags, 8) & O_ACCMODE) === O_RDONLY;
}

/**
 * Windows' FlushFileBuffers needs a handle opened for writing: libuv then fails fsync with EPERM.
 * Folders are left alone (the core never fsyncs a folder on Windows). Returns the refused calls.
 */
export function refuseFsyncOnReadOnlyFiles(): { refused: number } {
  const seen = { refused: 0 };
  const isRefused = (fd: number): boolean => {
    if (!isReadOnlyDescriptor(fd)) return false;
    if (fs.fstatSync(fd).isDirectory()) return false;
    seen.refused += 1;
    return true;
  };
  for (const name of ['fsyncSync', 'fdatasyncSync'] as const) {
    const real = fs[name];
    vi.spyOn(fs, name).mockImplementation((fd: number) => {
      if (isRefused(fd)) throw errno('EPERM', name.replace('Sync', ''));
      real(fd);
    });
  }
  for (const name of ['fsync', 'fdatasync'] as const) {
    const real = fs[name];
    vi.spyOn(fs, name).mockImplementation((fd: number, callback: fs.NoParamCallback) => {
      if (isRefused(fd)) {
        process.nextTick(() => {
          callback(errno('EPERM', name));
        });
        return;
      }
      real(fd, callback);
    });
  }
  return seen;
}

/**
 * A FAT32 or exFAT drive on Windows: link() fails with `code` (EISDIR, or UNKNOWN on older libuv).
 * Returns the attempts made, so a test can show the vault probes once and remembers.
 */
export function refuseHardLinks(code = 'EISDIR'): { attempts: number } {
  const seen = { attempts: 0 };
  vi.spyOn(fs, 'linkSync').mockImplementation((existing, target) => {
    seen.attempts += 1;
    throw errno(code, 'link', String(existing) + ' -> ' + String(target));
  });
  return seen;
}

/**
 * A file held open by another program on Windows (an antivirus scan, the search indexer, Dropbox):
 * the next `times` renames onto a path for which `matches` holds fail with `code`.
 */
export function failRenames(
  times: number,
  code = 'EBUSY',
  matches: (target: string) => boolean = () => true,
): { failed: number } {
  const seen = { failed: 0 };
  const real = fs.renameSync;
  vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    if (seen.failed < times && matches(String(to))) {
      seen.failed += 1;
      throw errno(code, 'rename', String(to));
    }
    real(from, to);
  });
  return seen;
}

/** Runs with `process.platform` reporting `platform`; restores it after. */
export function withPlatform<T>(platform: NodeJS.Platform, run: () => T): T {
  const original = Object.getOwnPropertyDescriptor(process, 'platform');
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
  try {
    return run();
  } finally {
    if (original !== undefined) Object.defineProperty(process, 'platform', original);
  }
}
