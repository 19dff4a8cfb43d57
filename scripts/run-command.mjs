// A tiny helper shared by the build scripts: run a command with inherited output, fail loudly.
import { spawn } from 'node:child_process';

/** Runs `command args…` in the project root; resolves with the exit code (rejects on spawn failure). */
export function runCommand(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      // npx and npm are .cmd shims on Windows, which only a shell can start.
      shell: process.platform === 'win32',
      ...options,
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

/** Like runCommand, but throws on a non-zero exit. */
export async function runOrThrow(command, args, options = {}) {
  const code = await runCommand(command, args, options);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
}
