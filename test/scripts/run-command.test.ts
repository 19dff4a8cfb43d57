// scripts/run-command.mjs starts npm, npx tools and node without a shell, on Windows too. The
// platform is switched to win32 while the child is spawned: Node then picks cmd.exe for a
// `shell: true` spawn, which does not exist here, so a shell anywhere would fail the test.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withPlatform } from '../helpers/other-platforms';
import { makeTempDir } from '../helpers/temp-dir';

interface RunCommandModule {
  runCommand: (command: string, args: string[], options?: object) => Promise<number>;
  resolveCommand: (command: string, args: string[]) => { file: string; args: string[] };
}

const ROOT = path.resolve(import.meta.dirname, '../..');

async function load(): Promise<RunCommandModule> {
  const url = pathToFileURL(path.join(ROOT, 'scripts', 'run-command.mjs')).href;
  return (await import(url)) as RunCommandModule;
}

describe('run-command.mjs', () => {
  it('passes an argument with spaces and shell characters through whole, with the platform set to win32', async () => {
    const { runCommand } = await load();
    const out = path.join(makeTempDir('sakshya run command '), 'seen.txt');
    const tricky = 'C:\\Users\\Asha Rao\\a & b | "c" <d>.txt';
    const script = `require('fs').writeFileSync(process.argv[1], process.argv[2])`;
    const exit = withPlatform('win32', () =>
      runCommand('node', ['-e', script, out, tricky], { stdio: 'ignore' }),
    );
    expect(await exit).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(tricky);
  });

  it('starts npx tools and npm through node, never through a .cmd shim', async () => {
    const { resolveCommand, runCommand } = await load();
    const vite = withPlatform('win32', () => resolveCommand('npx', ['vite', '--version']));
    expect(vite.file).toBe(process.execPath);
    expect(vite.args[0]).toBe(path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'));
    expect(vite.args.slice(1)).toEqual(['--version']);
    const npm = resolveCommand('npm', ['--version']);
    expect(npm.file).toBe(process.execPath);
    expect(npm.args[0]).toMatch(/npm-cli\.c?js$/);
    expect(
      await withPlatform('win32', () => runCommand('npm', ['--version'], { stdio: 'ignore' })),
    ).toBe(0);
    expect(
      await withPlatform('win32', () =>
        runCommand('npx', ['vite', '--version'], { stdio: 'ignore' }),
      ),
    ).toBe(0);
  });

  it('no build script asks for a shell', () => {
    for (const file of fs.readdirSync(path.join(ROOT, 'scripts'))) {
      const text = fs.readFileSync(path.join(ROOT, 'scripts', file), 'utf8');
      expect(text, file).not.toMatch(/[{,]\s*shell:/);
    }
  });
});
