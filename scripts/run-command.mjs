// A tiny helper shared by the build scripts: run a command with inherited output, fail loudly.
//
// Never through a shell: on Windows a shell is cmd.exe, which splits arguments holding spaces
// (a project under "C:\Users\Asha Rao\…") and reads & | < > in them, and Node deprecates passing
// arguments with `shell: true` (DEP0190). npm and npx are .cmd shims on Windows, which Node
// refuses to start without a shell (since 20.12), so they run through node itself: npm by its
// own JavaScript entry point, and `npx <tool>` by the tool's bin script in node_modules.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The program and arguments that start `command args…` without a shell, on every system. */
export function resolveCommand(command, args) {
  if (command === 'node') return { file: process.execPath, args };
  if (command === 'npm') return { file: process.execPath, args: [findNpmCli(), ...args] };
  if (command === 'npx') {
    const [tool, ...rest] = args;
    if (tool === undefined) throw new Error('npx needs a tool name');
    return { file: process.execPath, args: [findPackageBin(tool), ...rest] };
  }
  return { file: command, args };
}

/** npm's own entry point: the one running this script, else the one beside this node. */
function findNpmCli() {
  const running = process.env.npm_execpath;
  if (running !== undefined && /npm-cli\.c?js$/.test(running)) return running;
  const nodeDir = path.dirname(process.execPath);
  const candidates = [
    path.join(nodeDir, 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    path.join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  const found = candidates.find((file) => fs.existsSync(file));
  if (found === undefined) throw new Error('cannot find npm-cli.js beside node');
  return found;
}

/** The JavaScript file a local package installs as its command `tool`. */
function findPackageBin(tool) {
  const manifest = path.join(ROOT, 'node_modules', tool, 'package.json');
  const { bin } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  const relative = typeof bin === 'string' ? bin : bin?.[tool];
  if (typeof relative !== 'string') throw new Error(`${tool} has no command of that name`);
  return path.join(path.dirname(manifest), relative);
}

/** Runs `command args…` in the project root; resolves with the exit code (rejects on spawn failure). */
export function runCommand(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const resolved = resolveCommand(command, args);
    const child = spawn(resolved.file, resolved.args, {
      stdio: 'inherit',
      ...options,
      shell: false,
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
