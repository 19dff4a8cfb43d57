// Runs the real CLI in a child process under `prlimit --fsize`, as on a drive that runs out of room
// or (FAT32) takes no file over 4 GB.
// SIGXFSZ would kill the process outright; handling it makes the write fail with EFBIG instead,
// which an export must turn into DISK_FULL and an import into a file too large for the vault's
// drive, cleaning up after either.
import { runCli } from '../../main/cli/program';

process.on('SIGXFSZ', () => undefined);
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: { ...process.env, SAKSHYA_INSECURE_SCRYPT_LOG_N: '10' },
});
process.exitCode = code;
