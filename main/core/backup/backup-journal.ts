// A backup run's journal in tmp/: the names of the objects it adds, kept until its generation is
// published, so that after a kill `verify` and the next run can tell its partial copies from files
// someone planted (moved out of backup-run.ts, which opens one per run).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BackupLayout } from './backup-layout';

export interface Journal {
  note(name: string): void;
  /** The generation is published: nothing it wrote is an orphan any more. */
  finish(): void;
  /** Kept unless finished: a failed run's copies stay for the next run, and verify knows them. */
  close(): void;
}

/**
 * Names of objects this run adds, so that if it is killed, `verify` can tell its copies from files
 * someone planted. Leftover journals and partial copies of earlier runs go first.
 */
export function openJournal(layout: BackupLayout): Journal {
  for (const name of fs.readdirSync(layout.temp)) {
    if (name !== 'lock' && !name.startsWith('journal-'))
      fs.rmSync(path.join(layout.temp, name), { force: true, recursive: true });
  }
  const file = path.join(layout.temp, `journal-${crypto.randomBytes(6).toString('hex')}`);
  let fd: number | undefined = fs.openSync(file, 'wx', 0o600);
  let finished = false;
  return {
    note(name) {
      if (fd !== undefined) fs.writeSync(fd, `${name}\n`);
    },
    finish() {
      // Recursive, as openJournal clears tmp/: a folder planted under a journal's name made every
      // run throw here, after it had published, so the vault never recorded its generations.
      for (const name of fs.readdirSync(layout.temp))
        if (name.startsWith('journal-') && path.join(layout.temp, name) !== file)
          fs.rmSync(path.join(layout.temp, name), { force: true, recursive: true });
      finished = true;
    },
    close() {
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
      if (finished) fs.rmSync(file, { force: true });
    },
  };
}
