// Whether a folder's file system makes hard links. Publishing a stored file links it under its
// final name, because link() refuses to replace an existing name; FAT32 and exFAT (USB drives,
// SD cards) have no hard links, and each system says so differently: EPERM or ENOTSUP on Linux
// and macOS, EISDIR on Windows, UNKNOWN on older libuv. So instead of guessing from error codes,
// the answer is probed once per folder (the vault's tmp/, its key folder) and remembered.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const known = new Map<string, boolean>();

/** True if `folder` can hold hard links; probed on first use, then remembered for the process. */
export function canHardLink(folder: string): boolean {
  const key = path.resolve(folder);
  const answer = known.get(key);
  if (answer !== undefined) return answer;
  const works = probeHardLinks(key);
  known.set(key, works);
  return works;
}

/** A link refused after the probe said yes (a drive swapped under the same path): remember no. */
export function noteHardLinksRefused(folder: string): void {
  known.set(path.resolve(folder), false);
}

/** Every way a file system says "no hard links here", on Linux, macOS and Windows. */
export function isLinkRefusal(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return (
    typeof code === 'string' &&
    ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EISDIR', 'ENOSYS', 'UNKNOWN', 'EACCES'].includes(
      code,
    )
  );
}

function probeHardLinks(folder: string): boolean {
  const probe = path.join(folder, `.link-probe-${randomBytes(8).toString('hex')}.partial`);
  // A probe file that cannot be made is a real failure (a full or read-only disk): let it throw.
  fs.closeSync(fs.openSync(probe, 'wx', 0o600));
  try {
    fs.linkSync(probe, `${probe}.link`);
    return true;
  } catch {
    // Whatever the code, the fallback publish is correct everywhere; it is only chosen less often.
    return false;
  } finally {
    fs.rmSync(`${probe}.link`, { force: true });
    fs.rmSync(probe, { force: true });
  }
}
