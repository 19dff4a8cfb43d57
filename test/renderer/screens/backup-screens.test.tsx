// @vitest-environment jsdom
// The backup screens over the in-memory transport (the real contract schemas, as in the app): the
// renderer's own rules. The Chromium test (test/e2e/backup.e2e.test.ts) runs them on the real core.
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { API, type ApiResult } from '../../../shared/api-contract';
import type {
  BackupFoundVault,
  BackupStatus,
  BackupVerifyReport,
} from '../../../shared/contract/backup';
import { App } from '../../../renderer/src/App';
import { createI18n } from '../../../renderer/src/i18n';
import { createMemoryApi, type MemoryApi } from '../helpers/memory-api';
import '../helpers/render-app';

afterEach(cleanup);

const NOW = Date.now();
const OLDER: BackupFoundVault = {
  vaultId: 'a'.repeat(32),
  folder: '/media/usb/SakshyaBackup/' + 'a'.repeat(32),
  lastBackupAt: new Date(NOW - 30 * 86_400_000).toISOString(),
  generations: 2,
  supported: true,
};
const NEWER: BackupFoundVault = {
  ...OLDER,
  vaultId: 'b'.repeat(32),
  folder: '/media/usb/SakshyaBackup/' + 'b'.repeat(32),
  lastBackupAt: new Date(NOW - 86_400_000).toISOString(),
};
const DAMAGED: BackupVerifyReport = {
  result: 'damaged',
  vaultId: OLDER.vaultId,
  generation: 2,
  createdAt: OLDER.lastBackupAt,
  fileCount: 12,
  authenticated: null,
  snapshotOpens: null,
  problems: [
    { code: 'missing', file: 'objects/3f/3f9a', message: 'objects/3f/3f9a is missing' },
    { code: 'hash-mismatch', file: 'objects/7c/7c01', message: 'objects/7c/7c01 has changed' },
  ],
  notes: [{ code: 'sync-litter', file: '.stfolder', message: 'Syncthing marker' }],
};

type BackupAnswers = Partial<Record<string, (input: Record<string, unknown>) => unknown>>;

/** The memory transport, with the backup calls answered by `answers` (checked against the contract). */
function renderWithBackup(memory: MemoryApi, answers: BackupAnswers) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const backup = Object.fromEntries(
    Object.keys(answers).map((verb) => [
      verb,
      (input: Record<string, unknown>): Promise<ApiResult<unknown>> => {
        const name = `backup:${verb}` as keyof typeof API;
        expect(API[name].input.safeParse(input).success).toBe(true);
        calls.push({ name: verb, input });
        // An answer may be a promise, to hold the call open while the test looks at the screen.
        return Promise.resolve(answers[verb]?.(input)).then((value) =>
          value !== null && typeof value === 'object' && 'ok' in value
            ? (value as ApiResult<unknown>)
            : { ok: true, value: API[name].output.parse(value) },
        );
      },
    ]),
  );
  const api = { ...memory.api, backup: { ...memory.api.backup, ...backup } };
  const user = userEvent.setup();
  render(<App api={api} i18n={createI18n('en')} />);
  return { calls, user, emit: memory.emit };
}

describe('Restore from a backup', () => {
  it('asks which vault when there are several, lists each problem of a damaged backup, and restores what is intact only when she chooses it', async () => {
    const memory = createMemoryApi();
    const { calls, user } = renderWithBackup(memory, {
      chooseFolder: () => ({ folder: '/media/usb/SakshyaBackup' }),
      findVaults: () => ({ vaults: [OLDER, NEWER] }),
      verify: () => DAMAGED,
      restore: () => ({
        vaultId: OLDER.vaultId,
        generation: 2,
        backedUpAt: OLDER.lastBackupAt,
        evidenceCount: 40,
        missing: [DAMAGED.problems[0]],
        unlocked: true,
        vaultFolder: '/home/meera/.config/Sakshya/vault',
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Restore from a backup' }));
    await user.click(await screen.findByRole('button', { name: 'Choose the backup folder' }));
    await screen.findByRole('heading', { name: 'Which backup is yours?' });
    const choices = screen.getAllByRole('radio');
    expect(choices).toHaveLength(2);
    // The newest is offered first and chosen; she picks the older one.
    expect((choices[0] as HTMLInputElement).checked).toBe(true);
    await user.click(choices[1]!);
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    await screen.findByRole('heading', { name: 'Part of this backup is damaged' });
    const list = screen.getByTestId('backup-findings');
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['A file is missing.', 'A file was changed.']);
    expect(calls.map((call) => call.name)).not.toContain('restore');
    expect(calls.find((call) => call.name === 'verify')?.input.vaultId).toBe(OLDER.vaultId);

    await user.click(screen.getByRole('button', { name: 'Restore what is intact' }));
    await screen.findByRole('heading', { name: 'Open the backup' });
    await user.type(screen.getByLabelText('Passphrase'), 'monsoon tea on the terrace');
    await user.click(screen.getByRole('button', { name: 'Restore what is intact' }));
    await screen.findByRole('heading', { name: 'Your evidence is back' });
    const restore = calls.find((call) => call.name === 'restore')?.input;
    expect(restore).toMatchObject({
      folder: OLDER.folder,
      vaultId: OLDER.vaultId,
      passphrase: 'monsoon tea on the terrace',
      allowPartial: true,
    });
    expect(screen.getByText('1 file could not be restored:')).toBeTruthy();
    // The count is of what came back (the memory API says 40); what did not is listed.
    expect(
      screen.getByText(
        /^40 pieces of evidence were restored from .*What is listed below could not be\.$/,
      ),
    ).toBeTruthy();
  });

  it('offers the usual place first, and restores into a folder she chooses when she asks for one', async () => {
    const memory = createMemoryApi();
    const usual = '/home/meera/.config/Sakshya/vault';
    const drive = '/media/meera/DISK';
    const { calls, user } = renderWithBackup(memory, {
      vaultPlace: () => ({ folder: usual, defaultFolder: usual, canChoose: true }),
      chooseFolder: (input) => ({ folder: input.purpose === 'vault' ? drive : '/media/usb/B' }),
      findVaults: () => ({ vaults: [NEWER] }),
      verify: () => ({ ...DAMAGED, result: 'intact', problems: [] }),
      restore: (input) => ({
        vaultId: NEWER.vaultId,
        generation: 3,
        backedUpAt: NEWER.lastBackupAt,
        evidenceCount: 12,
        missing: [],
        unlocked: true,
        vaultFolder: `${String(input.vaultFolder)}/Sakshya vault`,
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Restore from a backup' }));
    await user.click(await screen.findByRole('button', { name: 'Choose the backup folder' }));
    await screen.findByRole('heading', { name: 'Open the backup' });
    // The usual place is offered first, and chosen.
    const usualChoice = await screen.findByRole('radio', {
      name: 'The usual place on this computer (recommended)',
    });
    expect((usualChoice as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(`Sakshya keeps your evidence here: ${usual}`)).toBeTruthy();
    // She asks for another folder: nothing can be restored until she has chosen one.
    await user.click(screen.getByRole('radio', { name: /Another folder/ }));
    const submit = screen.getByRole('button', { name: 'Restore my evidence' });
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Choose a folder' }));
    expect((await screen.findByTestId('restore-where-chosen')).textContent).toContain(drive);
    await user.type(screen.getByLabelText('Passphrase'), 'monsoon tea on the terrace');
    await user.click(screen.getByRole('button', { name: 'Restore my evidence' }));
    await screen.findByRole('heading', { name: 'Your evidence is back' });
    expect(
      calls.find((call) => call.name === 'chooseFolder' && call.input.purpose === 'vault'),
    ).toBeTruthy();
    expect(calls.find((call) => call.name === 'restore')?.input).toMatchObject({
      vaultFolder: drive,
    });
    expect(screen.getByTestId('restore-done-where').textContent).toBe(
      `Your evidence is kept in ${drive}/Sakshya vault.`,
    );
  });

  it('restores into the usual place when she keeps it, naming it as the vault folder', async () => {
    const memory = createMemoryApi();
    const usual = '/home/meera/.config/Sakshya/vault';
    const { calls, user } = renderWithBackup(memory, {
      vaultPlace: () => ({ folder: usual, defaultFolder: usual, canChoose: true }),
      chooseFolder: () => ({ folder: '/media/usb/B' }),
      findVaults: () => ({ vaults: [NEWER] }),
      verify: () => ({ ...DAMAGED, result: 'intact', problems: [] }),
      restore: () => ({
        vaultId: NEWER.vaultId,
        generation: 3,
        backedUpAt: NEWER.lastBackupAt,
        evidenceCount: 12,
        missing: [],
        unlocked: true,
        vaultFolder: usual,
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Restore from a backup' }));
    await user.click(await screen.findByRole('button', { name: 'Choose the backup folder' }));
    await screen.findByRole('radio', { name: 'The usual place on this computer (recommended)' });
    await user.type(screen.getByLabelText('Passphrase'), 'monsoon tea on the terrace');
    await user.click(screen.getByRole('button', { name: 'Restore my evidence' }));
    await screen.findByRole('heading', { name: 'Your evidence is back' });
    expect(calls.find((call) => call.name === 'restore')?.input).toMatchObject({
      vaultFolder: usual,
    });
    expect(calls.filter((call) => call.name === 'chooseFolder')).toHaveLength(1);
  });

  it('says in words of its own that a newer backup someone changed was not used, and lists it as no lost file', async () => {
    const memory = createMemoryApi();
    const { user } = renderWithBackup(memory, {
      chooseFolder: () => ({ folder: '/media/usb/B' }),
      findVaults: () => ({ vaults: [NEWER] }),
      verify: () => ({ ...DAMAGED, result: 'intact', problems: [] }),
      restore: () => ({
        vaultId: NEWER.vaultId,
        generation: 2,
        backedUpAt: OLDER.lastBackupAt,
        evidenceCount: 12,
        missing: [
          {
            code: 'manifest-forged',
            file: 'generations/00000003.json',
            message:
              'generations/00000003.json was not written by this vault (it was changed or swapped); an older generation was used',
          },
        ],
        unlocked: true,
        vaultFolder: '/home/meera/.config/Sakshya/vault',
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Restore from a backup' }));
    await user.click(await screen.findByRole('button', { name: 'Choose the backup folder' }));
    await user.type(await screen.findByLabelText('Passphrase'), 'monsoon tea on the terrace');
    await user.click(screen.getByRole('button', { name: 'Restore my evidence' }));
    await screen.findByRole('heading', { name: 'Your evidence is back' });
    expect(screen.getByTestId('restore-older-used').textContent).toMatch(
      /^Your newest backup in this folder had been changed by someone else, so it was not used\. Your evidence came back from the backup of .+: anything you added after it is not in it\.$/,
    );
    // Not a file that could not be restored: every piece of that older backup came back.
    expect(screen.queryByText(/could not be restored/)).toBeNull();
    expect(screen.queryByText(/What is listed below could not be/)).toBeNull();
  });

  it('says plainly when the folder holds no backup, and restores nothing', async () => {
    const memory = createMemoryApi();
    const { calls, user } = renderWithBackup(memory, {
      chooseFolder: () => ({ folder: '/home/meera/Pictures' }),
      findVaults: () => ({ vaults: [] }),
    });
    await user.click(await screen.findByRole('button', { name: 'Restore from a backup' }));
    await user.click(await screen.findByRole('button', { name: 'Choose the backup folder' }));
    expect(await screen.findByText(/There is no Sakshya backup in this folder/)).toBeTruthy();
    expect(calls.map((call) => call.name)).toEqual(['chooseFolder', 'findVaults']);
  });
});

describe('The sidebar backup reminder', () => {
  it('shows "Last backup: 9 days ago" with Back up now after the limit, and only the quiet line once backed up', async () => {
    const memory = createMemoryApi({ exists: true, unlocked: true });
    const stale: BackupStatus = {
      lastBackupAt: new Date(NOW - 9 * 86_400_000).toISOString(),
      folder: '/media/usb/SakshyaBackup',
      reminderDays: 7,
      due: true,
      passphraseChangedSinceBackup: false,
    };
    const fresh: BackupStatus = { ...stale, lastBackupAt: new Date().toISOString(), due: false };
    const { calls, user } = renderWithBackup(memory, {
      status: () => stale,
      run: () => ({
        folder: stale.folder,
        vaultId: 'c'.repeat(32),
        generation: 3,
        createdAt: fresh.lastBackupAt,
        filesCopied: 10,
        filesAlreadyThere: 2000,
        bytesCopied: 1_000_000,
        keyFilesReplaced: 0,
        generationsKept: 3,
        notes: [],
        status: fresh,
      }),
    });
    const sidebar = await screen.findByTestId('sidebar-backup');
    await within(sidebar).findByText('Last backup: 9 days ago');
    await user.click(within(sidebar).getByRole('button', { name: 'Back up now' }));
    await within(sidebar).findByText('Last backup: just now');
    expect(within(sidebar).queryByRole('button')).toBeNull();
    expect(calls.find((call) => call.name === 'run')?.input.folder).toBe(stale.folder);
    // In her words; how many files were copied is one click away, in the details.
    expect(
      await screen.findByText(
        'Everything in Sakshya is in this backup: your evidence, your notes and your cases.',
      ),
    ).toBeTruthy();
    await user.click(screen.getByText('Technical details'));
    expect(screen.getByText('Files copied').nextElementSibling?.textContent).toBe('10');
  });

  it('after a passphrase change, says in plain words that the backup still opens with the old passphrase, and offers Back up now', async () => {
    const memory = createMemoryApi({ exists: true, unlocked: true });
    const changed: BackupStatus = {
      lastBackupAt: new Date(NOW - 2 * 86_400_000).toISOString(),
      folder: '/media/usb/SakshyaBackup',
      reminderDays: 7,
      due: false,
      passphraseChangedSinceBackup: true,
    };
    renderWithBackup(memory, { status: () => changed });
    const notice = await screen.findByTestId('keys-changed');
    expect(within(notice).getByRole('heading').textContent).toBe('Your passphrase has changed');
    expect(within(notice).getByRole('button', { name: 'Back up now' })).toBeTruthy();
    // No "keys": she knows a passphrase, not the key files behind it.
    expect(notice.textContent).toContain('Your backup still opens with your old passphrase.');
    expect(notice.textContent).not.toMatch(/\bkeys?\b/i);
    const sidebar = screen.getByTestId('sidebar-backup');
    expect(within(sidebar).getByText('Last backup: 2 days ago')).toBeTruthy();
    expect(within(sidebar).getByText(/Your passphrase changed/)).toBeTruthy();
  });

  it('offers one main action in Settings while the notice is up: its Back up now, the others plain', async () => {
    const memory = createMemoryApi({ exists: true, unlocked: true });
    const changed: BackupStatus = {
      lastBackupAt: new Date(NOW - 2 * 86_400_000).toISOString(),
      folder: '/media/usb/SakshyaBackup',
      reminderDays: 7,
      due: false,
      passphraseChangedSinceBackup: true,
    };
    const { user } = renderWithBackup(memory, { status: () => changed });
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const settings = (await screen.findByRole('heading', { name: 'Settings', level: 1 })).closest(
      'section',
    );
    if (settings === null) throw new Error('no Settings section');
    const notice = await within(settings).findByTestId('keys-changed');
    const primary = settings.querySelectorAll('button.primary');
    expect([...primary].map((button) => button.textContent)).toEqual(['Back up now']);
    expect(notice.contains(primary[0] ?? null)).toBe(true);
  });

  it('says in plain words, after Back up now in Settings, that the backup had gone back to an older copy', async () => {
    const memory = createMemoryApi({ exists: true, unlocked: true });
    const status: BackupStatus = {
      lastBackupAt: new Date(NOW - 2 * 86_400_000).toISOString(),
      folder: '/media/usb/SakshyaBackup',
      reminderDays: 7,
      due: false,
      passphraseChangedSinceBackup: false,
    };
    const { user } = renderWithBackup(memory, {
      status: () => status,
      run: () => ({
        folder: status.folder,
        vaultId: OLDER.vaultId,
        generation: 8,
        createdAt: new Date(NOW).toISOString(),
        filesCopied: 3,
        filesAlreadyThere: 40,
        bytesCopied: 3000,
        keyFilesReplaced: 0,
        generationsKept: 5,
        notes: [
          {
            code: 'rolled-back',
            file: 'generations/00000007.json',
            message:
              'the backup is older than the last one this vault made: generation 7 is missing',
          },
        ],
        status,
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const settings = (await screen.findByRole('heading', { name: 'Settings', level: 1 })).closest(
      'section',
    );
    if (settings === null) throw new Error('no Settings section');
    await user.click(within(settings).getByRole('button', { name: 'Back up now' }));
    expect((await screen.findByTestId('backup-rolled-back')).textContent).toBe(
      'Your backup had gone back to an older copy: its newest backups were missing. This backup brings it up to date again.',
    );
  });

  it('shows the bar only once a backup has taken more than a second, with files and bytes', async () => {
    const memory = createMemoryApi({ exists: true, unlocked: true });
    const status: BackupStatus = {
      lastBackupAt: null,
      folder: '/media/usb/SakshyaBackup',
      reminderDays: 7,
      due: true,
      passphraseChangedSinceBackup: false,
    };
    let finish: (value: unknown) => void = () => undefined;
    const { user, emit, calls } = renderWithBackup(memory, {
      status: () => status,
      run: () =>
        new Promise((resolve) => {
          finish = resolve;
        }),
      cancel: () => ({ cancelled: true }),
    });
    const sidebar = await screen.findByTestId('sidebar-backup');
    await user.click(within(sidebar).getByRole('button', { name: 'Back up now' }));
    await within(sidebar).findByText('Backing up…');
    expect(screen.queryByTestId('backup-progress')).toBeNull();
    const taskId = String(calls.find((call) => call.name === 'run')?.input.taskId);
    emit('progress', {
      taskId,
      done: 3,
      total: 10,
      bytesDone: 3 * 1024 * 1024,
      bytesTotal: 10 * 1024 * 1024,
    });
    // The bar waits a second before it shows (a quick backup should not flash one): wait for the bar
    // itself, with the common limit, not a few seconds that a loaded machine can use up.
    const bar = await screen.findByTestId('backup-progress');
    expect(within(bar).getByText(/^3 of 10 files · 3 MB of 10 MB/)).toBeTruthy();
    expect(within(bar).getByText('If you stop, your last backup stays as it was.')).toBeTruthy();
    await user.click(within(bar).getByRole('button', { name: 'Stop' }));
    expect(calls.find((call) => call.name === 'cancel')?.input.taskId).toBe(taskId);
    finish({ ok: false, error: { code: 'CANCELLED', message: 'Stopped.' } });
    await screen.findByText('Stopped. Your last backup stays as it was.');
    expect(screen.queryByTestId('backup-progress')).toBeNull();
  });
});
