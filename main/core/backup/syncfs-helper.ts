// syncfs(2) of a file system, run by coreutils' `sync -f`, from one small shell kept for the run.
// Node has no syncfs binding. Spawning `sync` from this process once per batch cost ~14 ms of this
// thread each (a fork of a large process: its page tables are copied), ~0.5 s over a bench's
// backup, incremental backup and restore, under load; a shell forks `sync` in about a millisecond.
// The shell is given no paths: it runs in a folder of the file system to sync (`sync -f .`), one
// shell per file system (by device), and ends after a few idle seconds.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';

const SCRIPT = 'while read -r _; do if "$SYNC_TOOL" -f .; then echo ok; else echo fail; fi; done';
/** The shell ends after this long with nothing to sync (a run's batches come much closer). */
const IDLE_MS = 3000;
/** As long as one sync may take before it is taken as failed (a slow USB stick). */
const SYNC_TIMEOUT_MS = 10 * 60 * 1000;

interface Helper {
  child: ChildProcessWithoutNullStreams;
  waiting: ((ok: boolean) => void)[];
  idle: NodeJS.Timeout | undefined;
}

const helpers = new Map<number, Helper>();

/**
 * True once every dirty page and inode of the file system holding `dir` is written and its drive
 * flushed; false when that could not be done (no shell, no `sync -f`, a write-back error): the
 * caller then fsyncs each file, which names the file that failed.
 */
export async function syncFileSystemOf(dir: string, syncTool: string): Promise<boolean> {
  let device: number;
  try {
    device = fs.statSync(dir).dev;
  } catch {
    return false;
  }
  const helper = helpers.get(device) ?? startHelper(device, dir, syncTool);
  if (helper === null) return false;
  if (helper.idle !== undefined) clearTimeout(helper.idle);
  helper.idle = undefined;
  holdProcess(helper, true);
  return new Promise<boolean>((resolve) => {
    const timeout = setTimeout(() => {
      stopHelper(device, helper);
    }, SYNC_TIMEOUT_MS);
    helper.waiting.push((ok) => {
      clearTimeout(timeout);
      resolve(ok);
    });
    helper.child.stdin.write('sync\n');
  });
}

function startHelper(device: number, dir: string, syncTool: string): Helper | null {
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn('/bin/sh', ['-c', SCRIPT], {
      cwd: dir,
      env: { SYNC_TOOL: syncTool },
      stdio: 'pipe',
    });
  } catch {
    return null;
  }
  const helper: Helper = { child, waiting: [], idle: undefined };
  helpers.set(device, helper);
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    pending += text;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      helper.waiting.shift()?.(line === 'ok');
    }
    if (helper.waiting.length === 0) {
      holdProcess(helper, false);
      helper.idle = setTimeout(() => {
        stopHelper(device, helper);
      }, IDLE_MS);
      helper.idle.unref();
    }
  });
  // A shell that cannot start, or dies: every sync waiting on it failed, and the next starts anew.
  child.on('error', () => {
    stopHelper(device, helper);
  });
  child.on('exit', () => {
    stopHelper(device, helper);
  });
  child.stdin.on('error', () => {
    stopHelper(device, helper);
  });
  child.stderr.resume();
  return helper;
}

/**
 * An idle shell never keeps this process alive (a CLI backup exits at once): when this process
 * ends, the shell reads the end of its input and ends too.
 */
function holdProcess(helper: Helper, hold: boolean): void {
  const { child } = helper;
  // The pipes are sockets at run time (they can be unref'd); their declared types do not say so.
  const handles: unknown[] = [child, child.stdin, child.stdout, child.stderr];
  for (const handle of handles) {
    if (!isRefHandle(handle)) continue;
    if (hold) handle.ref();
    else handle.unref();
  }
}

function isRefHandle(value: unknown): value is { ref(): unknown; unref(): unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'ref' in value &&
    typeof value.ref === 'function' &&
    'unref' in value &&
    typeof value.unref === 'function'
  );
}

function stopHelper(device: number, helper: Helper): void {
  if (helpers.get(device) === helper) helpers.delete(device);
  if (helper.idle !== undefined) clearTimeout(helper.idle);
  for (const waiter of helper.waiting.splice(0)) waiter(false);
  if (helper.child.exitCode === null && helper.child.signalCode === null) helper.child.kill();
}
