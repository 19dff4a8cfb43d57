// Run as a child process by the restore crash test: restores a backup into a new folder and says
// when the copy has started, so the parent can kill it with SIGKILL in the middle of it.
import { BackupService } from '../../main/core/backup/backup-service';

const from = process.env.CRASH_BACKUP_DIR ?? '';
const target = process.env.CRASH_RESTORE_DIR ?? '';
const passphrase = process.env.CRASH_PASSPHRASE ?? '';

let copying = false;
const restored = await new BackupService(() => undefined).restore(
  target,
  {
    from,
    secret: { kind: 'passphrase', passphrase },
    allowPartial: false,
    onProgress: ({ bytesDone }) => {
      if (copying || bytesDone === 0) return;
      copying = true;
      process.stdout.write('copying\n');
    },
  },
  { scryptLogN: 10 },
);
restored.vault.lock();
process.stdout.write('restored\n');
