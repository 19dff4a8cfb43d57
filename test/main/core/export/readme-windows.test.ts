// The bundle's README.txt: its Windows instructions must work in PowerShell as written. There is
// no PowerShell here, so the text is held to PowerShell's rules, and the commands it gives for
// ssh-keygen are run as Windows would run them (the cmd.exe line through a shell, the
// Start-Process line with the file on standard input).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportCase } from '../../../../main/core/export/export-bundle';
import { makeExportVault, unzipBundle } from './export-vault';

let zip = '';
let keep = '';

beforeAll(async () => {
  const { vault, caseId } = await makeExportVault();
  keep = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'sakshya-readme-'));
  zip = path.join(keep, 'bundle.zip');
  await exportCase(vault, { caseId, outFile: zip });
  vault.lock();
  return () => {
    fs.rmSync(keep, { recursive: true, force: true });
  };
});

function readWindowsSection(bag: string): { text: string; commands: string[] } {
  const readme = fs.readFileSync(path.join(bag, 'README.txt'), 'utf8');
  const start = readme.indexOf('\r\nON WINDOWS\r\n');
  expect(start).toBeGreaterThan(0);
  const text = readme.slice(start);
  // Commands are the lines indented by four spaces.
  const commands = text
    .split('\r\n')
    .filter((line) => line.startsWith('    '))
    .map((line) => line.trim());
  return { text, commands };
}

function findCommand(commands: string[], start: string): string {
  const found = commands.find((c) => c.startsWith(start));
  if (found === undefined) throw new Error(`no command starting ${start}`);
  return found;
}

describe("README.txt's Windows instructions", () => {
  it('use no "<" redirection, which PowerShell refuses, except inside a cmd /c "…" command', () => {
    const { commands } = readWindowsSection(unzipBundle(zip));
    expect(commands.length).toBeGreaterThanOrEqual(4);
    for (const command of commands) {
      const outsideCmd = command.replace(/^cmd \/c "[^"]*"$/, '');
      expect(outsideCmd, command).not.toMatch(/(^|\s)<(\s|$)/);
      // No write through '>', Out-File or Set-Content: those write UTF-16 or ANSI.
      expect(command).not.toMatch(/(^|\s)>>?(\s|$)|Out-File|Set-Content|Add-Content/);
    }
    expect(findCommand(commands, 'cmd /c "ssh-keygen -Y verify')).toMatch(
      /< tagmanifest-sha256\.txt"$/,
    );
  });

  it('write allowed_signers as UTF-8 without a BOM, holding exactly the signer line', () => {
    const bag = unzipBundle(zip);
    const { commands } = readWindowsSection(bag);
    const write = findCommand(commands, '[IO.File]::WriteAllText(');
    const match = /^\[IO\.File\]::WriteAllText\("\$PWD\\allowed_signers", '([^']+)'\)$/.exec(write);
    expect(match).not.toBeNull();
    const readme = fs.readFileSync(path.join(bag, 'README.txt'), 'utf8');
    // The same line the generic steps give, and nothing that PowerShell would expand in it.
    expect(readme).toContain(`       ${match?.[1] ?? ''}\r\n`);
    expect(match?.[1]).toMatch(/^sakshya ssh-ed25519 [A-Za-z0-9+/=]+ sakshya$/);
  });

  it('compare every hash in the manifest, reading it as UTF-8, and say how many did not match', () => {
    const { commands } = readWindowsSection(unzipBundle(zip));
    const check = findCommand(commands, '$n = 0;');
    expect(check).toContain('Get-Content -Encoding UTF8 manifest-sha256.txt');
    expect(check).toContain('ForEach-Object');
    expect(check).toMatch(/Get-FileHash -Algorithm SHA256 -LiteralPath \$file/);
    expect(check).toMatch(/if \(\$found -ne \$hash\) \{ \$bad\+\+; "NOT MATCHING: \$file" \}/);
    expect(check).toMatch(/"\$n checked, \$bad not matching"$/);
    // Balanced braces and quotes, so it pastes as one command.
    expect(check.split('{').length).toBe(check.split('}').length);
    expect((check.match(/"/g) ?? []).length % 2).toBe(0);
    expect((check.match(/'/g) ?? []).length % 2).toBe(0);
  });

  it('give signature commands that ssh-keygen accepts, through cmd.exe and through Start-Process', () => {
    const bag = unzipBundle(zip);
    const { commands } = readWindowsSection(bag);
    const signer = /'([^']+)'\)$/.exec(findCommand(commands, '[IO.File]::WriteAllText('))?.[1];
    fs.writeFileSync(path.join(bag, 'allowed_signers'), signer ?? '', 'utf8');

    const viaCmd = /^cmd \/c "(.*)"$/.exec(findCommand(commands, 'cmd /c '))?.[1] ?? '';
    const out = execFileSync('sh', ['-c', `${viaCmd} 2>&1`], { cwd: bag, encoding: 'utf8' });
    expect(out).toMatch(/^Good "file" signature for sakshya with ED25519 key SHA256:/);

    const start = findCommand(commands, 'Start-Process ssh-keygen');
    const args = /-ArgumentList '([^']+)'/.exec(start)?.[1]?.split(' ') ?? [];
    const input = /-RedirectStandardInput (\S+)/.exec(start)?.[1] ?? '';
    const viaStart = execFileSync('ssh-keygen', args, {
      cwd: bag,
      input: fs.readFileSync(path.join(bag, input)),
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    expect(viaStart).toMatch(/^Good "file" signature for sakshya/);
  });
});
