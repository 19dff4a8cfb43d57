// Issue 16 item 5: a WhatsApp zip's entries stream from the zip straight into the encryptor, so a
// SIGKILL in the middle of an entry leaves no plaintext of the chat anywhere: not in the vault
// folder, not in the temporary folder. What it does leave (a sealed partial copy in tmp/) is
// named by `check` and does not make the vault unclean.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVault } from '../../../../main/core/vault/check';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const PASS = 'zip plaintext crash passphrase';
const child = path.resolve(import.meta.dirname, '../../../helpers/zip-crash-child.ts');

function largestFile(folder: string): number {
  let largest = 0;
  for (const name of fs.existsSync(folder) ? fs.readdirSync(folder) : []) {
    try {
      largest = Math.max(largest, fs.statSync(path.join(folder, name)).size);
    } catch {
      // Renamed or removed between the listing and the stat.
    }
  }
  return largest;
}

function findFilesContaining(folder: string, marker: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    try {
      if (fs.readFileSync(file).includes(marker)) found.push(file);
    } catch {
      // Gone since the listing.
    }
  }
  return found;
}

/** Kills the importer once `when()` holds; resolves with what it printed. */
function runAndKill(env: NodeJS.ProcessEnv, when: () => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const watch = setInterval(() => {
      if (stdout.includes('ready') && when()) proc.kill('SIGKILL');
    }, 2);
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.on('exit', (_code, signal) => {
      clearInterval(watch);
      if (signal === 'SIGKILL') resolve(stdout);
      else reject(new Error(`the importer ended on its own: ${stderr.slice(0, 500)}`));
    });
  });
}

describe('a SIGKILL in the middle of a chat zip import', () => {
  it('leaves no plaintext of the chat under the vault or the temporary folder, and check names the sealed leftover', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    const { vault } = await Vault.create(dir, PASS, { scryptLogN: 10 });
    vault.createCase({ title: 'Chat export' });
    vault.lock();

    const marker = `CHAT-PLAINTEXT-${randomUUID()}`;
    const source = makeTempDir();
    const chat = `13/05/24, 09:15 - Agent: notes.txt (file attached)\n13/05/24, 09:16 - Agent: ${marker} pay now\n`;
    fs.writeFileSync(path.join(source, 'WhatsApp Chat with Agent.txt'), chat);
    // 24 MB that compress about 4×: the zip's own sealed copy stays far below the kill threshold.
    const lines: string[] = [];
    for (let i = 0; i < 400_000; i += 1)
      lines.push(`${marker} ${String(i)} ${randomBytes(4).toString('hex')}`);
    fs.writeFileSync(path.join(source, 'notes.txt'), `${lines.join('\n')}\n`);
    const zip = path.join(makeTempDir(), 'WhatsApp Chat with Agent.zip');
    execFileSync('zip', [
      '-q',
      '-j',
      zip,
      path.join(source, 'WhatsApp Chat with Agent.txt'),
      path.join(source, 'notes.txt'),
    ]);
    const zipSize = fs.statSync(zip).size;
    const entrySize = fs.statSync(path.join(source, 'notes.txt')).size;
    expect(entrySize).toBeGreaterThan(zipSize * 2);

    const tmp = makeTempDir('sakshya-zip-crash-tmp-');
    const temp = path.join(dir, 'tmp');
    // Killed while the big entry's sealed copy is half written: larger than the whole zip, smaller
    // than the entry.
    const threshold = Math.floor((zipSize + entrySize) / 2);
    await runAndKill(
      { ...process.env, TMPDIR: tmp, CRASH_VAULT_DIR: dir, CRASH_PASSPHRASE: PASS, CRASH_ZIP: zip },
      () => largestFile(temp) >= threshold,
    );
    expect(largestFile(temp)).toBeGreaterThanOrEqual(threshold);

    expect(findFilesContaining(dir, marker)).toEqual([]);
    expect(findFilesContaining(tmp, marker)).toEqual([]);

    const opened = await Vault.open(dir, PASS);
    try {
      const report = await checkVault(opened);
      expect(report.problems).toEqual([]);
      expect(report.notes.filter((n) => n.kind === 'leftover-temp').length).toBeGreaterThan(0);
    } finally {
      opened.lock();
    }
  }, 300_000);
});
