// The desktop app itself, through Playwright's Electron driver: first run, lock and unlock, a file
// imported through the preload's path lookup (webUtils.getPathForFile, as a drop or "Choose files"
// does), the timeline, and an export to a chosen file. Only the save dialog is answered by
// SAKSHYA_TEST_SAVE_PATH, which a packaged app ignores (main/electron/desktop-actions.ts).
//
// It runs wherever Electron's runtime is present. This test never downloads it, and where it is
// absent it prints one line, "skipped: Electron runtime not available", and counts as skipped.
//
// The app runs from a staged copy (dist/ and package.json in a temp folder, node_modules linked
// back here) whose better-sqlite3-multiple-ciphers is a copy rebuilt for Electron, so the Node
// build that the other tests load at the same time is never touched.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronRuntime } from '../../scripts/electron-runtime.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NATIVE = 'better-sqlite3-multiple-ciphers';
const PASSPHRASE = 'monsoon tea on the terrace';
const PREPARE = 'Prepare the bundle for your lawyer or the police';
const runtime = findElectronRuntime();

let workRoot = '';
let electronApp: ElectronApplication | undefined;
let page: Page;
const pageErrors: string[] = [];

if (runtime === undefined) console.log('skipped: Electron runtime not available');

/** Builds main and the renderer, and stages them with an Electron build of the native module. */
async function stageApp(into: string): Promise<string> {
  execFileSync(process.execPath, ['scripts/build-main.mjs'], { cwd: ROOT, stdio: 'ignore' });
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
    ],
    {
      cwd: ROOT,
      stdio: 'ignore',
    },
  );
  const appDir = path.join(into, 'app');
  fs.mkdirSync(path.join(appDir, 'node_modules'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(appDir, 'package.json'));
  // Copied, not linked: Node resolves a linked bundle's requires from its real folder, which
  // would find the Node build of the native module.
  fs.cpSync(path.join(ROOT, 'dist'), path.join(appDir, 'dist'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (entry === NATIVE || entry === '.bin') continue;
    fs.symlinkSync(
      path.join(ROOT, 'node_modules', entry),
      path.join(appDir, 'node_modules', entry),
    );
  }
  fs.cpSync(path.join(ROOT, 'node_modules', NATIVE), path.join(appDir, 'node_modules', NATIVE), {
    recursive: true,
  });
  const electronVersion = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const { rebuild } = (await import('@electron/rebuild')) as {
    rebuild: (options: {
      buildPath: string;
      electronVersion: string;
      onlyModules: string[];
      force: boolean;
    }) => Promise<void>;
  };
  await rebuild({ buildPath: appDir, electronVersion, onlyModules: [NATIVE], force: true });
  return appDir;
}

async function heading(name: string): Promise<void> {
  await page.getByRole('heading', { name, exact: true }).waitFor({ timeout: 60_000 });
}

describe('the desktop app in Electron', () => {
  beforeAll(async () => {
    if (runtime === undefined) return;
    workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-electron-smoke-'));
    const appDir = await stageApp(workRoot);
    fs.mkdirSync(path.join(workRoot, 'out'));
    const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    electronApp = await _electron.launch({
      executablePath: runtime,
      // Chromium refuses its sandbox to root (CI containers); the app's own renderer sandbox stays on.
      args: [...(runningAsRoot ? ['--no-sandbox'] : []), appDir],
      env: {
        ...process.env,
        SAKSHYA_VAULT_DIR: path.join(workRoot, 'vault'),
        SAKSHYA_TEST_SAVE_PATH: path.join(workRoot, 'out', 'bundle.zip'),
      },
      timeout: 120_000,
    });
    page = await electronApp.firstWindow({ timeout: 120_000 });
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 900_000);

  afterAll(async () => {
    await electronApp?.close();
    if (workRoot !== '') fs.rmSync(workRoot, { recursive: true, force: true });
  });

  it.skipIf(runtime === undefined)(
    'goes from first run to unlock, imports a dropped file by its path, shows it on the timeline and exports to the chosen file',
    async () => {
      // First run: passphrase, recovery key, first case
      await heading('Keep your evidence safe');
      await page.getByRole('button', { name: 'Start' }).click();
      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByLabel('Type the passphrase again').fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Lock my evidence with this passphrase' }).click();
      await heading('Save your recovery key');
      const groups = await page.getByTestId('recovery-key').locator('code').allTextContents();
      const asked = Number(
        /\d/.exec((await page.locator('.check-form label').textContent()) ?? '')?.[0],
      );
      await page.getByLabel(/^Group \d of the recovery key$/).fill(groups[asked - 1] ?? '');
      await page.getByRole('button', { name: 'I have saved it. Continue' }).click();
      await heading('Create your first case');
      await page.getByRole('button', { name: 'Create your first case' }).click();
      await page.getByLabel('Their name').fill('QuickCash loan app');
      await page.getByLabel('A loan app').check();
      await page.getByLabel('Phone number 1', { exact: true }).fill('+91 98765 43210');
      await page.getByRole('button', { name: 'Create case' }).click();
      await heading('QuickCash loan app');

      // Lock, then unlock with the passphrase
      await page.getByRole('button', { name: /^Lock/ }).click();
      await heading('Sakshya is locked');
      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Unlock', exact: true }).click();
      await page.getByRole('button', { name: /QuickCash loan app/ }).click();
      await heading('QuickCash loan app');

      // Import: the file input hands the preload real File objects, whose paths it looks up
      const shot = path.join(workRoot, 'Screenshot_20240512-214300_WhatsApp.png');
      await sharp({ create: { width: 360, height: 640, channels: 3, background: '#e5ddd5' } })
        .png()
        .toFile(shot);
      await page.getByRole('tab', { name: 'Evidence' }).click();
      await page.getByTestId('evidence-file-input').setInputFiles([shot]);
      const summary = page.getByTestId('import-summary-line');
      await summary.waitFor({ timeout: 60_000 });
      expect(await summary.textContent()).toBe('1 added');

      // The timeline shows it
      await page.getByRole('tab', { name: 'Timeline' }).click();
      await page
        .locator('.timeline-entry', { hasText: path.basename(shot) })
        .waitFor({ timeout: 30_000 });

      // Export to the chosen file (the save dialog answered by SAKSHYA_TEST_SAVE_PATH)
      await page.getByRole('tab', { name: 'Export' }).click();
      await page.getByRole('button', { name: PREPARE }).click();
      await page.getByTestId('export-done').waitFor({ timeout: 120_000 });
      const zip = path.join(workRoot, 'out', 'bundle.zip');
      expect(fs.existsSync(zip)).toBe(true);
      const shown = (await page.getByTestId('export-sha256').textContent()) ?? '';
      expect(execFileSync('sha256sum', [zip], { encoding: 'utf8' }).split(' ')[0]).toBe(shown);
      execFileSync('unzip', ['-tq', zip]);

      expect(pageErrors).toEqual([]);
    },
  );
});
