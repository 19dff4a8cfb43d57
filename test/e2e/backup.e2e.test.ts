// Backup and restore in Debian Chromium, against the real web transport and the real core in its
// core host, as the app runs it (real SQLCipher, real age files, real folders). The web transport
// has no folder dialog: it is started with the "drive" folder that `backup:chooseFolder` hands out,
// as the desktop dialog would.
// One vault with two photos: the sidebar's reminder, "Back up now" from it, the reminder cleared,
// "Check backup", a passphrase change and its notice; then a fresh first run on an empty vault
// folder: "Restore from a backup", the old passphrase refused, the new one restores, and the
// restored case shows the evidence with the SHA-256 it had. A damaged copy of the drive is then
// offered "Restore what is intact", explicitly. Screens in English and Hindi go to
// SAKSHYA_SCREENSHOTS (default artifacts/screenshots/backup). Needs the renderer built.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTransport, type WebTransport } from '../../main/web-transport/server';
import type { EvidenceItem, ImportResultItem, VaultStatus } from '../../shared/api-contract';
import type { Case } from '../../shared/domain';
import { ERROR_MESSAGES } from '../../shared/errors';
import { launchChromium } from '../helpers/chromium';
import { callThrough, type HostCall } from '../helpers/e2e-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RENDERER_DIR = process.env.SAKSHYA_TEST_RENDERER_DIR ?? path.join(ROOT, 'dist', 'renderer');
const SCREENSHOTS =
  process.env.SAKSHYA_SCREENSHOTS ?? path.join(ROOT, 'artifacts', 'screenshots', 'backup');
const PHOTOS = path.join(ROOT, 'test', 'fixtures', 'photos');
const EVIDENCE = [path.join(PHOTOS, 'Bush-dog.jpg'), path.join(PHOTOS, 'canon-dslr.jpg')];
const PASSPHRASE = 'monsoon tea on the terrace';
const NEW_PASSPHRASE = 'brass lamp beside the quiet river';

let workRoot = '';
let driveDir = '';
let browser: Browser | undefined;
const transports: WebTransport[] = [];
const pageErrors: string[] = [];
/** SHA-256 of each photo as the first vault stored it, by original name. */
const originalHashes = new Map<string, string>();

beforeAll(async () => {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(
      `${RENDERER_DIR}/index.html is missing. Build the renderer first: npm run build:renderer.`,
    );
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-backup-e2e-'));
  driveDir = path.join(workRoot, 'usb-drive');
  fs.mkdirSync(driveDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  // Each locks its vault, waits for its core host to close the database, and ends it.
  for (const transport of transports) await transport.close();
  if (workRoot !== '') fs.rmSync(workRoot, { recursive: true, force: true });
});

/**
 * A core host on its own vault folder, served with `folder` as the folder the "dialog" answers;
 * `call` goes through the same dispatch as the page's calls.
 */
async function serve(
  vaultName: string,
  folder: string,
  place: { pointerFile?: string; restoreVaultFolder?: string } = {},
): Promise<{ call: HostCall; url: string }> {
  const transport = await startWebTransport({
    vaultDir: path.join(workRoot, vaultName),
    scryptLogN: 10,
    ...(place.pointerFile === undefined ? {} : { pointerFile: place.pointerFile }),
    rendererDir: RENDERER_DIR,
    port: 0,
    backupFolder: folder,
    ...(place.restoreVaultFolder === undefined
      ? {}
      : { restoreVaultFolder: place.restoreVaultFolder }),
  });
  transports.push(transport);
  return { call: callThrough(transport.host), url: transport.url };
}

async function openPage(url: string): Promise<Page> {
  if (browser === undefined) throw new Error('Chromium did not start');
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-IN',
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  return page;
}

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { name, exact: typeof name === 'string' }).waitFor();
}

/** The same screen in English and in Hindi; the page is left in English. */
async function snapBoth(page: Page, name: string, hindiCheck: string | RegExp): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-en.png`), fullPage: true });
  await page.getByRole('button', { name: 'हिन्दी' }).first().click();
  await page.getByText(hindiCheck).first().waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-hi.png`), fullPage: true });
  await page.getByRole('button', { name: 'English' }).first().click();
  await page.getByRole('button', { name: 'हिन्दी', pressed: false }).first().waitFor();
}

function vaultFolders(drive: string): string[] {
  return fs.readdirSync(drive).filter((name) => /^[0-9a-f]{32}$/.test(name));
}

describe('Backup and restore in Chromium', () => {
  it('backs up from the sidebar reminder, clears it, checks the backup and asks for a new backup after a passphrase change', async () => {
    const { call, url } = await serve('vault-first-computer', driveDir);
    await call('vault:create', { passphrase: PASSPHRASE });
    const created = await call<Case>('case:create', {
      title: 'QuickCash loan app',
      counterparty: { name: 'QuickCash loan app', kind: 'loan-app', numbers: ['+91 90000 00001'] },
      timezone: 'Asia/Kolkata',
    });
    const { results } = await call<{ results: ImportResultItem[] }>('evidence:import', {
      taskId: crypto.randomUUID(),
      caseId: created.id,
      paths: EVIDENCE,
    });
    expect(results.map((result) => result.status)).toEqual(['imported', 'imported']);
    for (const result of results) originalHashes.set(result.name, result.sha256 ?? '');
    await call('vault:lock');

    const page = await openPage(url);
    await heading(page, 'Sakshya is locked');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();

    // Never backed up: the calm reminder, with one action.
    const sidebar = page.getByTestId('sidebar-backup');
    await sidebar.getByText('No backup yet').waitFor();
    expect(await sidebar.getAttribute('data-state')).toBe('due');
    await snapBoth(page, '01-sidebar-reminder', 'अभी तक कोई बैकअप नहीं');
    await sidebar.getByRole('button', { name: 'Back up now' }).click();

    // Settings shows the run; the folder is the one main handed out.
    await heading(page, 'Settings');
    await page.getByTestId('backup-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('backup-folder').textContent()).toContain(driveDir);
    await page.getByText('Backup finished just now.').waitFor();
    await page.getByRole('heading', { name: 'Backup', exact: true }).scrollIntoViewIfNeeded();
    await snapBoth(page, '02-settings-backup-done', 'बैकअप पूरा हुआ, अभी-अभी।');

    // The reminder has cleared: one quiet line, no button.
    await sidebar.getByText('Last backup: just now').waitFor();
    expect(await sidebar.getAttribute('data-state')).toBe('ok');
    await expect.poll(() => sidebar.getByRole('button').count()).toBe(0);
    expect(vaultFolders(driveDir)).toHaveLength(1);

    // "Check backup": a plain answer first, the technical details one click away.
    await page.getByRole('button', { name: 'Check backup' }).click();
    await page.getByText('Your backup is complete. Every file is there and unchanged.').waitFor();
    await page.getByTestId('backup-check').getByText('Technical details').click();
    await page.getByTestId('backup-check').getByText('Copy of the database opens').waitFor();
    await snapBoth(
      page,
      '03-settings-backup-checked',
      'आपका बैकअप पूरा है। हर फ़ाइल मौजूद है और उसमें कोई बदलाव नहीं हुआ।',
    );

    // A passphrase change: the window says the backup still has the old keys, and offers a backup.
    await page.getByLabel('Current passphrase').fill(PASSPHRASE);
    await page.getByLabel('New passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByLabel('Type the new passphrase again').fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Change passphrase' }).click();
    const notice = page.getByTestId('keys-changed');
    await notice.waitFor();
    await heading(page, 'Your passphrase has changed');
    await snapBoth(page, '04-passphrase-changed', 'आपका पासफ़्रेज़ बदल गया है');
    await notice.getByRole('button', { name: 'Back up now' }).click();
    await page
      .getByText('Your backup now opens only with your new passphrase.')
      .waitFor({ timeout: 60_000 });
    await notice.waitFor({ state: 'detached' });
    await page.close();
  });

  it('restores the backup on a fresh first run: the old passphrase is refused, the new one brings back every piece of evidence', async () => {
    const { call, url } = await serve('vault-new-computer', driveDir);
    const page = await openPage(url);

    await heading(page, 'Keep your evidence safe');
    await snapBoth(page, '05-welcome-with-restore', 'बैकअप से वापस लाएँ');
    await page.getByRole('button', { name: 'Restore from a backup' }).click();
    await heading(page, 'Restore from a backup');
    await snapBoth(page, '06-restore-start', 'बैकअप फ़ोल्डर चुनें');
    await page.getByRole('button', { name: 'Choose the backup folder' }).click();

    // One vault in the folder: straight to opening it.
    await heading(page, 'Open the backup');
    await snapBoth(page, '07-restore-open', 'बैकअप खोलें');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Restore my evidence' }).click();
    await page.getByText(ERROR_MESSAGES.en.WRONG_PASSPHRASE).waitFor({ timeout: 60_000 });
    expect((await call<VaultStatus>('vault:status')).exists).toBe(false);

    await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Restore my evidence' }).click();
    await heading(page, 'Your evidence is back');
    await page.getByText(/^2 pieces of evidence were restored from the backup of /).waitFor();
    await snapBoth(page, '08-restore-done', 'आपके सबूत वापस आ गए');
    await page.getByRole('button', { name: 'Open my evidence' }).click();

    // The restored case, with its evidence, and the same SHA-256 as on the first computer.
    await page.getByRole('button', { name: /QuickCash loan app/ }).click();
    await heading(page, 'QuickCash loan app');
    await page.getByRole('tab', { name: 'Evidence' }).click();
    for (const name of originalHashes.keys()) await page.getByText(name).first().waitFor();
    const [restoredCase] = await call<Case[]>('case:list');
    const restored = await call<EvidenceItem[]>('evidence:list', { caseId: restoredCase?.id });
    expect(new Map(restored.map((item) => [item.originalName, item.sha256]))).toEqual(
      originalHashes,
    );
    await page.screenshot({
      path: path.join(SCREENSHOTS, '09-restored-evidence-en.png'),
      fullPage: true,
    });

    // A restored vault has never been backed up from here, but its backup is on the drive.
    await expect.poll(() => page.getByTestId('sidebar-backup').count()).toBe(1);
    await page.close();
  });

  it('restores into a folder she chooses on a fresh first run, and the next start opens it from there', async () => {
    // A new computer whose app data holds the default place and the remembered-place file; her
    // second disk already holds a file of hers.
    const appData = path.join(workRoot, 'appdata-third-computer');
    fs.mkdirSync(appData);
    const pointerFile = path.join(appData, 'vault-location.json');
    const disk = path.join(workRoot, 'second-disk');
    fs.mkdirSync(disk);
    fs.writeFileSync(path.join(disk, 'notes.txt'), 'her own notes');
    const { url } = await serve(path.join('appdata-third-computer', 'vault'), driveDir, {
      pointerFile,
      restoreVaultFolder: disk,
    });
    const page = await openPage(url);
    await page.getByRole('button', { name: 'Restore from a backup' }).click();
    await page.getByRole('button', { name: 'Choose the backup folder' }).click();
    await heading(page, 'Open the backup');
    // The usual place first, and chosen.
    const usual = page.getByRole('radio', {
      name: 'The usual place on this computer (recommended)',
    });
    await usual.waitFor();
    expect(await usual.isChecked()).toBe(true);
    await page.getByRole('radio', { name: /Another folder/ }).check();
    expect(await page.getByRole('button', { name: 'Restore my evidence' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Choose a folder' }).click();
    await page.getByTestId('restore-where-chosen').getByText(disk, { exact: false }).waitFor();
    await snapBoth(page, '07b-restore-where', 'कोई और फ़ोल्डर, जैसे किसी दूसरी डिस्क पर');
    await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Restore my evidence' }).click();
    await heading(page, 'Your evidence is back');
    const vaultDir = path.join(disk, 'Sakshya vault');
    await page.getByTestId('restore-done-where').getByText(vaultDir, { exact: false }).waitFor();
    await snapBoth(page, '08b-restore-done-where', 'आपके सबूत यहाँ रखे हैं');
    await page.close();

    // Her file is untouched, the default place holds no vault, and the place is remembered.
    expect(fs.readdirSync(disk).sort()).toEqual(['Sakshya vault', 'notes.txt']);
    expect(fs.readFileSync(path.join(disk, 'notes.txt'), 'utf8')).toBe('her own notes');
    expect(fs.existsSync(path.join(appData, 'vault', 'vault.json'))).toBe(false);
    expect(fs.existsSync(path.join(vaultDir, 'vault.json'))).toBe(true);

    // The next start of the app opens the vault from the remembered place.
    const next = await serve(path.join('appdata-third-computer', 'vault'), driveDir, {
      pointerFile,
    });
    const place = await next.call<{ folder: string }>('backup:vaultPlace', {});
    expect(place.folder).toBe(vaultDir);
    await next.call('vault:unlock', { passphrase: NEW_PASSPHRASE });
    const [restoredCase] = await next.call<Case[]>('case:list');
    const restored = await next.call<EvidenceItem[]>('evidence:list', {
      caseId: restoredCase?.id,
    });
    expect(new Map(restored.map((item) => [item.originalName, item.sha256]))).toEqual(
      originalHashes,
    );
    await next.call('vault:lock');
  });

  it('lists each problem of a damaged backup and restores what is intact only when asked', async () => {
    const damagedDrive = path.join(workRoot, 'damaged-drive');
    fs.cpSync(driveDir, damagedDrive, { recursive: true });
    const [vaultId = ''] = vaultFolders(damagedDrive);
    // Remove the stored copy of the bigger photo (its entry in the newest generation's manifest).
    const backupRoot = path.join(damagedDrive, vaultId);
    const newest = fs.readdirSync(path.join(backupRoot, 'generations')).sort().at(-1) ?? '';
    const manifest = JSON.parse(
      fs.readFileSync(path.join(backupRoot, 'generations', newest), 'utf8'),
    ) as { files: { path: string; sha256: string; size: number }[] };
    const [photo] = manifest.files
      .filter(
        (entry) =>
          !['sakshya.db', 'vault.json'].includes(entry.path) && !entry.path.startsWith('keys/'),
      )
      .sort((a, b) => b.size - a.size);
    expect(photo?.size).toBeGreaterThan(2_000_000);
    fs.rmSync(
      path.join(backupRoot, 'objects', photo?.sha256.slice(0, 2) ?? '', photo?.sha256 ?? ''),
    );

    const { call, url } = await serve('vault-third-computer', damagedDrive);
    const page = await openPage(url);
    await page.getByRole('button', { name: 'Restore from a backup' }).click();
    await page.getByRole('button', { name: 'Choose the backup folder' }).click();
    await heading(page, 'Part of this backup is damaged');
    await page.getByTestId('backup-findings').getByText('A file is missing.').waitFor();
    expect((await call<VaultStatus>('vault:status')).exists).toBe(false);
    await snapBoth(page, '10-restore-damaged', 'इस बैकअप का कुछ हिस्सा खराब है');

    await page.getByRole('button', { name: 'Restore what is intact' }).click();
    await heading(page, 'Open the backup');
    await page.getByText('Only what is intact will be restored.').waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Restore what is intact' }).click();
    await heading(page, 'Your evidence is back');
    await page.getByText('1 file could not be restored:').waitFor();
    await page
      .getByText(
        /^1 piece of evidence was restored from the backup of .*\. What is listed below could not be\.$/,
      )
      .waitFor();
    await snapBoth(page, '11-restore-partial-done', 'आपके सबूत वापस आ गए');
    expect((await call<VaultStatus>('vault:status')).unlocked).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('says so when her newest backup was changed by someone, and brings back the one before it only when asked', async () => {
    const changedDrive = path.join(workRoot, 'changed-drive');
    fs.cpSync(driveDir, changedDrive, { recursive: true });
    const [vaultId = ''] = vaultFolders(changedDrive);
    const generations = path.join(changedDrive, vaultId, 'generations');
    const names = fs.readdirSync(generations).sort();
    expect(names.length).toBeGreaterThan(1);
    // Someone without the key changes the newest generation's list: its MAC no longer matches.
    const newest = path.join(generations, names.at(-1) ?? '');
    const manifest = JSON.parse(fs.readFileSync(newest, 'utf8')) as { createdAt: string };
    manifest.createdAt = new Date(Date.parse(manifest.createdAt) + 60_000).toISOString();
    fs.writeFileSync(newest, JSON.stringify(manifest, null, 2));

    const { call, url } = await serve('vault-changed-backup', changedDrive);
    const page = await openPage(url);
    await page.getByRole('button', { name: 'Restore from a backup' }).click();
    await page.getByRole('button', { name: 'Choose the backup folder' }).click();
    await heading(page, 'Open the backup');
    await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Restore my evidence' }).click();
    // Refused until she chooses: nothing is restored from an older backup without her say.
    await heading(page, 'Part of this backup is damaged');
    await page
      .getByTestId('backup-findings')
      .getByText(
        "The list of files was not signed by this vault's key. Someone may have changed it.",
      )
      .waitFor();
    await page.getByText('Technical details').click();
    await page.getByText(/found a generation this vault did not write/).waitFor();
    expect((await call<VaultStatus>('vault:status')).exists).toBe(false);
    await snapBoth(page, '13-restore-changed', 'इस बैकअप का कुछ हिस्सा खराब है');
    await page.getByRole('button', { name: 'Restore what is intact' }).click();
    await heading(page, 'Open the backup');
    await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Restore what is intact' }).click();
    await heading(page, 'Your evidence is back');
    await page
      .getByTestId('restore-older-used')
      .getByText(/^Your newest backup in this folder had been changed by someone else/)
      .waitFor();
    await snapBoth(page, '14-restore-older-used', 'इस फ़ोल्डर का सबसे नया बैकअप किसी और ने बदल दिया था');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('asks which backup is hers when one drive holds the backups of two vaults', async () => {
    const familyDrive = path.join(workRoot, 'family-drive');
    fs.cpSync(driveDir, familyDrive, { recursive: true });
    const [hers = ''] = vaultFolders(familyDrive);
    // Her brother's vault, backed up to the same drive through its own core host.
    const brother = (await serve('vault-brother', familyDrive)).call;
    await brother('vault:create', { passphrase: 'a different passphrase for another vault' });
    await brother('case:create', {
      title: 'FastRupee',
      counterparty: { name: 'FastRupee', kind: 'loan-app', numbers: [] },
      timezone: 'Asia/Kolkata',
    });
    // As his Back up now does: the folder comes from the "dialog" first.
    const { folder } = await brother<{ folder: string }>('backup:chooseFolder', {
      purpose: 'backup',
    });
    await brother('backup:run', { taskId: crypto.randomUUID(), folder });
    expect(vaultFolders(familyDrive)).toHaveLength(2);

    const { call, url } = await serve('vault-family-computer', familyDrive);
    const page = await openPage(url);
    await page.getByRole('button', { name: 'Restore from a backup' }).click();
    await page.getByRole('button', { name: 'Choose the backup folder' }).click();
    await heading(page, 'Which backup is yours?');
    await expect.poll(() => page.getByRole('radio').count()).toBe(2);
    await snapBoth(page, '12-restore-pick-vault', 'आपका बैकअप कौन-सा है?');
    await page.getByRole('radio', { name: new RegExp(`Vault id ${hers.slice(0, 8)}`) }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Open the backup');
    await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Restore my evidence' }).click();
    await heading(page, 'Your evidence is back');
    await page.getByText(/^2 pieces of evidence were restored from the backup of /).waitFor();
    expect((await call<Case[]>('case:list')).map((item) => item.title)).toEqual([
      'QuickCash loan app',
    ]);
    await page.close();
  });
});
