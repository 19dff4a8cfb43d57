// The backup calls end to end through the contract and the one dispatch, on a real AppCore with a
// real vault: the folder comes from `backup:chooseFolder` (the web transport's fixed folder, or a
// desktop folder dialog), the backup reports progress, the status drives the sidebar's reminder,
// and a restore on a fresh first run opens the vault.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../main/api/dispatch';
import type { DesktopActions } from '../../../main/api/export-handlers';
import { createHandlers, type ApiHandlers, type HandlerOptions } from '../../../main/api/handlers';
import type { EmitEvent } from '../../../main/api/locker';
import { AppCore } from '../../../main/core/app-core';
import type { ApiResult, EventName, EventPayload } from '../../../shared/api-contract';
import type {
  BackupFoundVault,
  BackupRestoreResult,
  BackupRunResult,
  BackupStatus,
  BackupVerifyReport,
} from '../../../shared/contract/backup';
import { checkVault } from '../../../main/core/vault/check';
import { makeTempDir } from '../../helpers/temp-dir';

const PASS = 'monsoon tea on the terrace';
const cores: AppCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) void core.close();
});

interface Harness {
  core: AppCore;
  handlers: ApiHandlers;
  progress: EventPayload<'progress'>[];
  folder: string;
}

function makeCore(
  vaultDir: string,
  options: Omit<HandlerOptions, 'emit'>,
  pointerFile?: string,
): Harness & { folder: string } {
  const core = new AppCore({
    vaultDir,
    scryptLogN: 10,
    ...(pointerFile === undefined ? {} : { pointerFile }),
  });
  cores.push(core);
  const progress: EventPayload<'progress'>[] = [];
  const emit: EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    if (event === 'progress') progress.push(payload as EventPayload<'progress'>);
  };
  return {
    core,
    handlers: createHandlers(core, { emit, ...options }),
    progress,
    folder: options.backupFolder ?? '',
  };
}

async function setUp(): Promise<Harness & { caseId: string }> {
  const folder = makeTempDir('sakshya-usb-');
  const harness = makeCore(path.join(makeTempDir(), 'vault'), { backupFolder: folder });
  await harness.core.create(PASS);
  const created = harness.core.createCase({ title: 'QuickCash', timezone: 'Asia/Kolkata' });
  const source = makeTempDir();
  const files = Array.from({ length: 4 }, (_, i) => {
    const file = path.join(source, `shot-${String(i)}.png`);
    fs.writeFileSync(file, crypto.randomBytes(20_000));
    return file;
  });
  await harness.core.importEvidence({
    taskId: crypto.randomUUID(),
    caseId: created.id,
    paths: files,
  });
  await harness.core.previewsIdle();
  return { ...harness, caseId: created.id };
}

function call(handlers: ApiHandlers, name: string, input: unknown): Promise<ApiResult<unknown>> {
  return dispatchCall(handlers, name, input);
}

async function value<T>(handlers: ApiHandlers, name: string, input: unknown): Promise<T> {
  const result = await call(handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code}`);
  return result.value as T;
}

describe('backup handlers', () => {
  it('backs up to the folder main hands out, with progress, and clears the reminder', async () => {
    const { handlers, progress, folder } = await setUp();
    const before = await value<BackupStatus>(handlers, 'backup:status', {});
    expect(before).toMatchObject({ lastBackupAt: null, due: true, reminderDays: 7 });

    const chosen = await value<{ folder: string }>(handlers, 'backup:chooseFolder', {
      purpose: 'backup',
    });
    expect(chosen.folder).toBe(folder);
    const taskId = crypto.randomUUID();
    const result = await value<BackupRunResult>(handlers, 'backup:run', { taskId, folder });
    expect(result.generation).toBe(1);
    expect(result.status).toMatchObject({
      due: false,
      folder,
      passphraseChangedSinceBackup: false,
    });
    const last = progress.filter((event) => event.taskId === taskId).at(-1);
    expect(last?.done).toBe(last?.total);
    expect(last?.total).toBe(result.filesCopied);

    // Left out, the folder is the last one; the reminder limit is a setting.
    const again = await value<BackupRunResult>(handlers, 'backup:run', {
      taskId: crypto.randomUUID(),
    });
    expect(again.generation).toBe(2);
    const status = await value<BackupStatus>(handlers, 'backup:setReminderDays', { days: 3 });
    expect(status).toMatchObject({ reminderDays: 3, due: false });
  });

  it('stops a backup when she presses Stop: the previous generation stays current and intact, the error is calm, and the next backup runs', async () => {
    const { core, handlers, progress, folder, caseId } = await setUp();
    await value(handlers, 'backup:chooseFolder', { purpose: 'backup' });
    await value(handlers, 'backup:run', { taskId: crypto.randomUUID(), folder });
    // Something big to copy, so that Stop lands in the middle of the copy.
    const video = path.join(makeTempDir(), 'call-recording.mp4');
    fs.writeFileSync(video, crypto.randomBytes(48 * 1024 * 1024));
    await core.importEvidence({ taskId: crypto.randomUUID(), caseId, paths: [video] });

    const taskId = crypto.randomUUID();
    const running = call(handlers, 'backup:run', { taskId, folder });
    await expect
      .poll(() => progress.some((event) => event.taskId === taskId), { timeout: 60_000 })
      .toBe(true);
    expect(await value(handlers, 'backup:cancel', { taskId })).toEqual({ cancelled: true });
    const stopped = await running;
    expect(stopped).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    if (stopped.ok) return;
    expect(stopped.error.message).toBe('Stopped. What was already finished is kept.');
    // Nothing is running any more: a second Stop finds nothing.
    expect(await value(handlers, 'backup:cancel', { taskId })).toEqual({ cancelled: false });

    const report = await value<BackupVerifyReport>(handlers, 'backup:verify', { folder });
    expect(report).toMatchObject({ result: 'intact', generation: 1, problems: [] });
    const next = await value<BackupRunResult>(handlers, 'backup:run', {
      taskId: crypto.randomUUID(),
      folder,
    });
    expect(next.generation).toBe(2);
  });

  it('refuses a folder that main did not hand out', async () => {
    const { handlers } = await setUp();
    const result = await call(handlers, 'backup:run', {
      taskId: crypto.randomUUID(),
      folder: makeTempDir('elsewhere-'),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const relative = await call(handlers, 'backup:findVaults', { folder: 'backups' });
    expect(relative).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('says the passphrase changed since the backup until the next one replaces the old key files', async () => {
    const { core, handlers, folder } = await setUp();
    await value(handlers, 'backup:chooseFolder', { purpose: 'backup' });
    await value(handlers, 'backup:run', { taskId: crypto.randomUUID(), folder });
    await core.changePassphrase(PASS, 'a fresh passphrase now');
    expect(
      (await value<BackupStatus>(handlers, 'backup:status', {})).passphraseChangedSinceBackup,
    ).toBe(true);
    const run = await value<BackupRunResult>(handlers, 'backup:run', {
      taskId: crypto.randomUUID(),
    });
    expect(run.keyFilesReplaced).toBe(1);
    expect(run.status.passphraseChangedSinceBackup).toBe(false);
  });

  it('verifies with the open vault’s key, and restores on a fresh first run with the vault open after', async () => {
    const { core, handlers, folder } = await setUp();
    await value(handlers, 'backup:chooseFolder', { purpose: 'backup' });
    const run = await value<BackupRunResult>(handlers, 'backup:run', {
      taskId: crypto.randomUUID(),
      folder,
    });
    const verified = await value<BackupVerifyReport>(handlers, 'backup:verify', {});
    expect(verified).toMatchObject({ result: 'intact', authenticated: true, snapshotOpens: true });
    core.lock();
    const locked = await value<BackupVerifyReport>(handlers, 'backup:verify', { folder });
    expect(locked).toMatchObject({ result: 'intact', authenticated: null, snapshotOpens: null });

    // A new computer: a fresh app with no vault, the same drive.
    const fresh = makeCore(path.join(makeTempDir(), 'new-vault'), { backupFolder: folder });
    expect((await value<{ exists: boolean }>(fresh.handlers, 'vault:status', {})).exists).toBe(
      false,
    );
    const picked = await value<{ folder: string }>(fresh.handlers, 'backup:chooseFolder', {
      purpose: 'restore',
    });
    const found = await value<{ vaults: BackupFoundVault[] }>(
      fresh.handlers,
      'backup:findVaults',
      picked,
    );
    expect(found.vaults).toEqual([
      expect.objectContaining({ vaultId: run.vaultId, generations: 1, supported: true }),
    ]);
    const wrong = await call(fresh.handlers, 'backup:restore', {
      taskId: crypto.randomUUID(),
      folder: found.vaults[0]?.folder,
      passphrase: 'not the passphrase',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    const taskId = crypto.randomUUID();
    const restored = await value<BackupRestoreResult>(fresh.handlers, 'backup:restore', {
      taskId,
      folder: found.vaults[0]?.folder,
      passphrase: PASS,
    });
    expect(restored).toMatchObject({ evidenceCount: 4, missing: [], unlocked: true });
    expect(fresh.progress.some((event) => event.taskId === taskId)).toBe(true);
    expect(fresh.core.listCases().map((item) => item.title)).toEqual(['QuickCash']);
    const check = await checkVault(fresh.core.requireVault());
    expect(check.problems).toEqual([]);
    // The restored vault remembers this backup (not the one before it, which its snapshot held):
    // its time, the drive it came from, and no passphrase change since.
    expect(await value(fresh.handlers, 'backup:status', {})).toMatchObject({
      lastBackupAt: run.createdAt,
      folder,
      due: false,
      passphraseChangedSinceBackup: false,
    });

    // Never into an existing vault.
    const again = await call(fresh.handlers, 'backup:restore', {
      taskId: crypto.randomUUID(),
      folder,
      passphrase: PASS,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'VAULT_EXISTS' } });
  });

  it('asks the desktop folder dialog, and takes nothing when she closes it', async () => {
    const asked: string[] = [];
    const answers = [null, makeTempDir('sakshya-usb-')];
    const desktop: DesktopActions = {
      chooseSavePath: () => Promise.resolve(null),
      revealInFolder: () => undefined,
      chooseFolder: (purpose) => {
        asked.push(purpose);
        return Promise.resolve(answers.shift() ?? null);
      },
    };
    const { handlers } = makeCore(path.join(makeTempDir(), 'vault'), { desktop });
    expect(await value(handlers, 'backup:chooseFolder', { purpose: 'restore' })).toEqual({
      folder: null,
    });
    const chosen = await value<{ folder: string }>(handlers, 'backup:chooseFolder', {
      purpose: 'backup',
    });
    expect(asked).toEqual(['restore', 'backup']);
    expect(await value(handlers, 'backup:findVaults', chosen)).toEqual({ vaults: [] });
  });
  it('restores into a folder she chose, remembers it, opens it from then on, and never writes into an existing vault', async () => {
    const { core, handlers, folder } = await setUp();
    await value(handlers, 'backup:chooseFolder', { purpose: 'backup' });
    await value(handlers, 'backup:run', { taskId: crypto.randomUUID(), folder });
    core.lock();

    // A new computer: the app's data folder (default vault place and pointer), and her D: drive.
    const appData = makeTempDir('sakshya-appdata-');
    const defaultDir = path.join(appData, 'vault');
    const pointer = path.join(appData, 'vault-location.json');
    const drive = makeTempDir('sakshya-d-drive-');
    fs.writeFileSync(path.join(drive, 'notes.txt'), 'her own notes');
    const fresh = makeCore(
      defaultDir,
      { backupFolder: folder, restoreVaultFolder: drive },
      pointer,
    );
    // The default place is offered first.
    expect(await value(fresh.handlers, 'backup:vaultPlace', {})).toEqual({
      folder: defaultDir,
      defaultFolder: defaultDir,
      canChoose: true,
    });
    await value(fresh.handlers, 'backup:chooseFolder', { purpose: 'restore' });
    // A folder the page names without choosing it first is refused.
    const unchosen = await call(fresh.handlers, 'backup:restore', {
      taskId: crypto.randomUUID(),
      folder,
      passphrase: PASS,
      vaultFolder: drive,
    });
    expect(unchosen).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const chosen = await value<{ folder: string }>(fresh.handlers, 'backup:chooseFolder', {
      purpose: 'vault',
    });
    expect(chosen.folder).toBe(drive);
    // A failed restore leaves nothing remembered, and her folder as it was.
    const wrong = await call(fresh.handlers, 'backup:restore', {
      taskId: crypto.randomUUID(),
      folder,
      passphrase: 'not the passphrase',
      vaultFolder: chosen.folder,
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(fs.existsSync(pointer)).toBe(false);
    expect(fs.readdirSync(drive)).toEqual(['notes.txt']);
    const restored = await value<BackupRestoreResult>(fresh.handlers, 'backup:restore', {
      taskId: crypto.randomUUID(),
      folder,
      passphrase: PASS,
      vaultFolder: chosen.folder,
    });
    // Her folder was not empty: the vault went into a new folder inside it, beside her notes.
    const vaultDir = path.join(drive, 'Sakshya vault');
    expect(restored).toMatchObject({ evidenceCount: 4, unlocked: true, vaultFolder: vaultDir });
    expect(fs.readdirSync(drive).sort()).toEqual(['Sakshya vault', 'notes.txt']);
    expect(fs.readFileSync(path.join(drive, 'notes.txt'), 'utf8')).toBe('her own notes');
    expect(fs.existsSync(path.join(defaultDir, 'vault.json'))).toBe(false);
    expect(fs.existsSync(pointer)).toBe(true);
    expect((await checkVault(fresh.core.requireVault())).problems).toEqual([]);
    void fresh.core.close();

    // The next start opens the remembered vault.
    const next = makeCore(defaultDir, {}, pointer);
    expect(await value(next.handlers, 'vault:status', {})).toMatchObject({ exists: true });
    expect(await value(next.handlers, 'backup:vaultPlace', {})).toMatchObject({ folder: vaultDir });
    await next.core.unlock(PASS);
    expect(next.core.listCases().map((item) => item.title)).toEqual(['QuickCash']);
    // With a vault here, a restore is refused, wherever she points it.
    await value(next.handlers, 'backup:chooseFolder', { purpose: 'restore' });
    for (const vaultFolder of [defaultDir, vaultDir]) {
      const refused = await call(next.handlers, 'backup:restore', {
        taskId: crypto.randomUUID(),
        folder,
        passphrase: PASS,
        vaultFolder,
      });
      expect(refused, vaultFolder).toMatchObject({ ok: false, error: { code: 'VAULT_EXISTS' } });
    }

    // Another first run, pointed by the dialog at the restored vault itself: refused, nothing touched.
    const before = fs.readdirSync(vaultDir).sort();
    const other = makeCore(
      path.join(makeTempDir(), 'vault'),
      { backupFolder: folder, restoreVaultFolder: vaultDir },
      path.join(makeTempDir(), 'vault-location.json'),
    );
    await value(other.handlers, 'backup:chooseFolder', { purpose: 'restore' });
    await value(other.handlers, 'backup:chooseFolder', { purpose: 'vault' });
    const intoVault = await call(other.handlers, 'backup:restore', {
      taskId: crypto.randomUUID(),
      folder,
      passphrase: PASS,
      vaultFolder: vaultDir,
    });
    expect(intoVault).toMatchObject({ ok: false, error: { code: 'VAULT_EXISTS' } });
    expect(fs.readdirSync(vaultDir).sort()).toEqual(before);
    // And never inside the backup folder.
    const intoBackup = makeCore(
      path.join(makeTempDir(), 'vault'),
      { backupFolder: folder, restoreVaultFolder: folder },
      path.join(makeTempDir(), 'vault-location.json'),
    );
    await value(intoBackup.handlers, 'backup:chooseFolder', { purpose: 'restore' });
    await value(intoBackup.handlers, 'backup:chooseFolder', { purpose: 'vault' });
    const refusedInBackup = await call(intoBackup.handlers, 'backup:restore', {
      taskId: crypto.randomUUID(),
      folder,
      passphrase: PASS,
      vaultFolder: folder,
    });
    expect(refusedInBackup).toMatchObject({ ok: false, error: { code: 'NOT_WRITABLE' } });
  });

  it('keeps the app’s folder fixed when no place is remembered (the CLI, --vault, dev mode)', async () => {
    const { core, handlers, folder } = await setUp();
    await value(handlers, 'backup:chooseFolder', { purpose: 'backup' });
    await value(handlers, 'backup:run', { taskId: crypto.randomUUID(), folder });
    core.lock();
    const elsewhere = makeTempDir('sakshya-elsewhere-');
    const fixedDir = path.join(makeTempDir(), 'vault');
    const fresh = makeCore(fixedDir, { backupFolder: folder, restoreVaultFolder: elsewhere });
    expect(await value(fresh.handlers, 'backup:vaultPlace', {})).toMatchObject({
      canChoose: false,
    });
    await value(fresh.handlers, 'backup:chooseFolder', { purpose: 'restore' });
    await value(fresh.handlers, 'backup:chooseFolder', { purpose: 'vault' });
    const refused = await call(fresh.handlers, 'backup:restore', {
      taskId: crypto.randomUUID(),
      folder,
      passphrase: PASS,
      vaultFolder: elsewhere,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    const restored = await value<BackupRestoreResult>(fresh.handlers, 'backup:restore', {
      taskId: crypto.randomUUID(),
      folder,
      passphrase: PASS,
      vaultFolder: fixedDir,
    });
    expect(restored.vaultFolder).toBe(fixedDir);
  });
  it('says calmly, in Check backup and in the next backup, when the newest generations were deleted', async () => {
    const { handlers, folder } = await setUp();
    await value(handlers, 'backup:chooseFolder', { purpose: 'backup' });
    for (let i = 0; i < 2; i += 1)
      await value(handlers, 'backup:run', { taskId: crypto.randomUUID(), folder });
    const [sub] = fs.readdirSync(folder).filter((name) => /^[0-9a-f]{32}$/.test(name));
    fs.rmSync(path.join(folder, sub ?? '', 'generations', '00000002.json'));
    const report = await value<BackupVerifyReport>(handlers, 'backup:verify', {});
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        code: 'rolled-back',
        message: expect.stringMatching(/generation 2 is missing/) as unknown,
      }),
    );
    const run = await value<BackupRunResult>(handlers, 'backup:run', {
      taskId: crypto.randomUUID(),
    });
    expect(run.generation).toBe(3);
    expect(run.notes.map((note) => note.code)).toContain('rolled-back');
    const again = await value<BackupVerifyReport>(handlers, 'backup:verify', {});
    expect(again.problems.map((problem) => problem.code)).not.toContain('rolled-back');
  });
});
