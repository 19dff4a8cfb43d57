// A SIGKILL in the middle of a restore, several times at random moments once its copy has started:
// the new folder is never left looking like a vault (nothing there opens or checks as one, nor asks
// for a repair), and a second restore into that same folder, through the CLI, gives a vault that
// `check` finds clean, holding every item, with nothing of the killed restore left behind.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RESTORED_FROM_BACKUP } from '../../../../main/core/backup/restore-record';
import { describeVaultLayout } from '../../../../main/core/vault/layout';
import { findVaultTraces } from '../../../../main/core/vault/manifest';
import { Vault } from '../../../../main/core/vault/vault';
import { PASS, expectCheckClean, sakshya, backUpVaultOfSizes } from '../../../helpers/backup-vault';
import { parseJson } from '../../../helpers/run-cli';
import { bundleTestChild } from '../../../helpers/bundle-test-child';
import { makeTempDir } from '../../../helpers/temp-dir';

const ROUNDS = 6;
/** Ten stored copies of 3 MB: long enough a copy for kills to land in it. */
const SIZES = Array.from({ length: 10 }, () => 3_000_000);
const source = path.resolve(import.meta.dirname, '../../../helpers/restore-crash-child.ts');
let child = '';

beforeAll(async () => {
  child = await bundleTestChild(source);
});

/**
 * Starts a restore into `target` and, once its copy has started, calls `arm` with a SIGKILL for it;
 * `arm` returns what stops its timer when the child has ended.
 */
function restoreAndKill(
  usb: string,
  target: string,
  arm: (kill: () => void) => () => void,
): Promise<'killed' | 'finished'> {
  const env = {
    ...process.env,
    CRASH_BACKUP_DIR: usb,
    CRASH_RESTORE_DIR: target,
    CRASH_PASSPHRASE: PASS,
  };
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let disarm: (() => void) | undefined;
    let output = '';
    proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
    proc.stdout.on('data', (c: Buffer) => {
      output += c.toString();
      if (disarm === undefined && output.includes('copying'))
        disarm = arm(() => proc.kill('SIGKILL'));
    });
    proc.on('exit', (code, signal) => {
      disarm?.();
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0 && output.includes('restored')) resolve('finished');
      else reject(new Error(`the restore failed on its own: ${output.slice(0, 800)}`));
    });
  });
}

/** A vault `check` finds clean, holding every item, with its restore in the custody log. */
async function expectWholeRestoredVault(target: string, label: string): Promise<void> {
  await expectCheckClean(target);
  const check = await sakshya(['--vault', target, '--json', 'check']);
  expect(parseJson<{ evidenceChecked: number }>(check).evidenceChecked, label).toBe(SIZES.length);
  // Nothing of a killed restore is left: its staging folder would be named as a leftover.
  expect(check.stdout, label).not.toContain('leftover-temp');
  const vault = await Vault.open(target, PASS);
  try {
    expect(
      vault.custody().map((entry) => entry.action),
      label,
    ).toContain(RESTORED_FROM_BACKUP);
  } finally {
    vault.lock();
  }
}

describe('restore crash safety', () => {
  it(`leaves no vault-like half at the new folder after ${String(ROUNDS)} SIGKILLs during restores, and a second restore into the same folder is whole and clean`, async () => {
    const usb = await backUpVaultOfSizes(SIZES);
    let midway = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const target = path.join(makeTempDir(), 'restored');
      const delay = Math.floor(Math.random() * 150);
      const ended = await restoreAndKill(usb, target, (kill) => {
        const timer = setTimeout(kill, delay);
        return () => {
          clearTimeout(timer);
        };
      });
      const label = `round ${String(round)} (${ended} after ${String(delay)} ms)`;
      if (!fs.existsSync(path.join(target, 'vault.json'))) {
        midway += 1;
        // Nothing that makes `open` or `repair` take it for a vault: no keys, objects or database.
        expect(findVaultTraces(describeVaultLayout(target)), label).toEqual([]);
        const check = await sakshya(['--vault', target, 'check']);
        expect(check.code, label).toBe(2);
        expect(check.stderr, label).toContain('[VAULT_NOT_FOUND]');
        const again = await sakshya(['--vault', target, '--json', 'restore', '--from', usb]);
        expect(again.code, `${label}: ${again.stderr}`).toBe(0);
      }
      await expectWholeRestoredVault(target, label);
    }
    // The kills did land before the restore was done, not only after it.
    expect(midway).toBeGreaterThan(0);
  }, 300_000);

  it('leaves a whole vault, its restore in the custody log, when killed the moment vault.json appears', async () => {
    const usb = await backUpVaultOfSizes(SIZES);
    const target = path.join(makeTempDir(), 'restored');
    await restoreAndKill(usb, target, (kill) => {
      const timer = setInterval(() => {
        if (!fs.existsSync(path.join(target, 'vault.json'))) return;
        clearInterval(timer);
        kill();
      }, 1);
      return () => {
        clearInterval(timer);
      };
    });
    await expectWholeRestoredVault(target, 'killed once vault.json was there');
  }, 120_000);
});
