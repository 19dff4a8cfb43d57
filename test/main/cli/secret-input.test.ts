// Passphrase and recovery-key files as Windows writes them: PowerShell 5.1's `"pw" > pass.txt`
// is UTF-16LE with a BOM and CRLF, `Out-File -Encoding BigEndianUnicode` UTF-16BE, Notepad UTF-8
// with a BOM. The CLI runs in-process against a real vault.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJson, runSakshya } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const PASS = 'पासवर्ड correct horse';

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

function utf16be(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
}

function writeSecret(content: Buffer): string {
  const file = path.join(makeTempDir(), 'pass.txt');
  fs.writeFileSync(file, content);
  return file;
}

async function initVault(): Promise<{ dir: string; recoveryKey: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  const run = await runSakshya(['--vault', dir, '--json', 'init'], { SAKSHYA_PASSPHRASE: PASS });
  expect(run.code, run.stderr).toBe(0);
  return { dir, recoveryKey: parseJson<{ recoveryKey: string }>(run).recoveryKey };
}

describe('passphrase files written on Windows', () => {
  const encodings: [string, Buffer][] = [
    ['UTF-16LE with a BOM and CRLF (PowerShell 5.1 ">")', utf16le(`${PASS}\r\n`)],
    ['UTF-16BE with a BOM', utf16be(`${PASS}\r\n`)],
    ['UTF-8 with a BOM (Notepad)', Buffer.from(`\ufeff${PASS}\r\n`, 'utf8')],
    ['UTF-16LE without a BOM', Buffer.from(`${PASS}\n`, 'utf16le')],
  ];
  for (const [what, bytes] of encodings) {
    it(`unlocks with a passphrase file in ${what}`, async () => {
      const { dir } = await initVault();
      const run = await runSakshya([
        '--vault',
        dir,
        '--passphrase-file',
        writeSecret(bytes),
        'case',
        'list',
      ]);
      expect(run.code, run.stderr).toBe(0);
    });
  }

  it('refuses a passphrase file with NUL bytes, saying why, and changes nothing', async () => {
    const { dir } = await initVault();
    const file = writeSecret(Buffer.from(`abc\0def\0gh\n`, 'latin1'));
    const run = await runSakshya(['--vault', dir, '--passphrase-file', file, 'case', 'list']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('INVALID_INPUT');
    expect(run.stderr).toMatch(/NUL bytes/);
  });

  it('sets the new passphrase from a UTF-16LE file as typed, not garbled', async () => {
    const { dir } = await initVault();
    const next = 'नया पासफ़्रेज़ for the vault';
    const run = await runSakshya(
      ['--vault', dir, 'passwd', '--new-passphrase-file', writeSecret(utf16le(`${next}\r\n`))],
      { SAKSHYA_PASSPHRASE: PASS },
    );
    expect(run.code, run.stderr).toBe(0);
    const reopened = await runSakshya(['--vault', dir, 'case', 'list'], {
      SAKSHYA_PASSPHRASE: next,
    });
    expect(reopened.code, reopened.stderr).toBe(0);
  });

  it('recovers with a recovery key and a new passphrase both in UTF-16LE files', async () => {
    const { dir, recoveryKey } = await initVault();
    const next = 'recovered passphrase here';
    const run = await runSakshya([
      '--vault',
      dir,
      'recover',
      '--recovery-key-file',
      writeSecret(utf16le(`${recoveryKey}\r\n`)),
      '--new-passphrase-file',
      writeSecret(utf16le(`${next}\r\n`)),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const reopened = await runSakshya(['--vault', dir, 'case', 'list'], {
      SAKSHYA_PASSPHRASE: next,
    });
    expect(reopened.code, reopened.stderr).toBe(0);
  });
});
