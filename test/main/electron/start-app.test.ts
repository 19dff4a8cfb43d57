import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkVault } from '../../../main/core/vault/check';
import { Vault } from '../../../main/core/vault/vault';
import { startDesktopApp, type RunningDesktopApp } from '../../../main/electron/start-app';
import { API_NAMES } from '../../../shared/api-contract';
import { createFakeElectron } from '../../helpers/fake-electron';
import { makeTempDir } from '../../helpers/temp-dir';

const started: RunningDesktopApp<unknown>[] = [];
afterEach(async () => {
  for (const running of started.splice(0)) await running.host.close();
});

async function start(
  electron: ReturnType<typeof createFakeElectron>,
  options: Parameters<typeof startDesktopApp>[1],
): ReturnType<typeof startDesktopApp> {
  const running = await startDesktopApp(electron, options);
  if (running !== undefined) started.push(running);
  return running;
}

function makeOptions(
  electron: ReturnType<typeof createFakeElectron>,
): Parameters<typeof startDesktopApp>[1] {
  const root = makeTempDir();
  const rendererDir = path.join(root, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sakshya</title>');
  return {
    preloadPath: path.join(root, 'preload.cjs'),
    rendererDir,
    vaultDir: path.join(root, 'vault'),
    scryptLogN: 10,
    processEvents: electron.process,
    platform: 'linux',
  };
}

describe('startDesktopApp', () => {
  it('wires a guarded window to the core and loads app://sakshya last', async () => {
    const electron = createFakeElectron();
    const running = await start(electron, makeOptions(electron));
    expect(running).toBeDefined();
    const window = electron.windows[0]!;

    expect(electron.protocol.privileged.map((scheme) => scheme.scheme)).toEqual(['app']);
    expect(window.loadedUrl).toBe('app://sakshya/index.html');
    expect((await electron.protocol.fetch('app://sakshya/index.html')).status).toBe(200);
    expect(window.options.webPreferences?.sandbox).toBe(true);
    expect(window.webContents.tryNavigate('https://evil.example/')).toBe(true);
    expect(window.webContents.tryWindowOpen('https://evil.example/')).toBe('deny');
    expect(await electron.session.defaultSession.requestPermission('media')).toBe(false);
    expect(electron.ipcMain.handlers.size).toBe(API_NAMES.length);

    electron.connectRenderer(window.webContents, 'app://sakshya/index.html');
    expect(
      await electron.ipcRenderer.invoke('sakshya:vault:create', {
        passphrase: 'a long passphrase',
      }),
    ).toMatchObject({
      ok: true,
    });
    electron.powerMonitor.emit('suspend');
    expect(await running?.host.call('vault:status', {})).toEqual({
      ok: true,
      value: { exists: true, unlocked: false },
    });
    expect(window.webContents.sent.at(-1)?.args[0]).toEqual({
      event: 'vault:locked',
      payload: { reason: 'suspend' },
    });

    electron.app.emit('window-all-closed');
    expect(electron.app.quitRequested).toBe(true);
    electron.app.emit('will-quit');
  });

  it('quits at once when another copy already holds the single-instance lock', async () => {
    const electron = createFakeElectron();
    electron.app.hasSingleInstanceLock = false;
    expect(await start(electron, makeOptions(electron))).toBeUndefined();
    expect(electron.app.quitRequested).toBe(true);
    expect(electron.windows).toHaveLength(0);
  });

  it('focuses the existing window when a second copy is launched', async () => {
    const electron = createFakeElectron();
    await start(electron, makeOptions(electron));
    const window = electron.windows[0]!;
    window.minimized = true;
    electron.app.emit('second-instance');
    expect(window.focused).toBe(true);
    electron.app.emit('will-quit');
  });

  it('shows the plain-words dialog and exits when start-up fails', async () => {
    const electron = createFakeElectron();
    const options = makeOptions(electron);
    const original = electron.BrowserWindow;
    electron.BrowserWindow = class extends original {
      override loadURL(): Promise<void> {
        return Promise.reject(new Error('renderer missing'));
      }
    };
    expect(await start(electron, options)).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(electron.dialog.shown[0]?.message).toBe('Sakshya could not continue.');
    expect(electron.app.exitCode).toBe(1);
  });

  it('treats an uncaught exception after start-up as fatal', async () => {
    const electron = createFakeElectron();
    await start(electron, makeOptions(electron));
    electron.process.emit('uncaughtException', new Error('late failure'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(electron.dialog.shown).toHaveLength(1);
    expect(electron.app.exitCode).toBe(1);
  });

  it('shows the plain-words dialog when the core host crashes, and the vault keeps what was committed', async () => {
    const electron = createFakeElectron();
    const options = makeOptions(electron);
    const running = await start(electron, options);
    const window = electron.windows[0]!;
    electron.connectRenderer(window.webContents, 'app://sakshya/index.html');
    const passphrase = 'a long passphrase';
    await electron.ipcRenderer.invoke('sakshya:vault:create', { passphrase });
    expect(
      await electron.ipcRenderer.invoke('sakshya:case:create', { title: 'QuickCash' }),
    ).toMatchObject({ ok: true });

    await running?.host.kill();
    await expect.poll(() => electron.dialog.shown.length).toBe(1);
    expect(electron.dialog.shown[0]?.message).toBe('Sakshya could not continue.');
    await expect.poll(() => electron.app.exitCode).toBe(1);
    expect(await electron.ipcRenderer.invoke('sakshya:vault:status', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });

    const vault = await Vault.open(options.vaultDir, passphrase);
    try {
      expect((await checkVault(vault)).problems).toEqual([]);
      expect(vault.listCases().map((found) => found.title)).toEqual(['QuickCash']);
    } finally {
      vault.lock();
    }
  });

  it('locks from main once the system has been idle for the auto-lock time', async () => {
    const electron = createFakeElectron();
    const running = await start(electron, { ...makeOptions(electron), idlePollMs: 20 });
    const window = electron.windows[0]!;
    electron.connectRenderer(window.webContents, 'app://sakshya/index.html');
    await electron.ipcRenderer.invoke('sakshya:vault:create', { passphrase: 'a long passphrase' });
    await electron.ipcRenderer.invoke('sakshya:settings:set', { autoLockMinutes: 2 });
    const status = async (): Promise<unknown> =>
      ((await running?.host.call('vault:status', {})) as { value: { unlocked: boolean } }).value
        .unlocked;

    // Idle, but for less than two minutes: a few polls go by and the vault stays open.
    electron.powerMonitor.idleSeconds = 119;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await status()).toBe(true);

    electron.powerMonitor.idleSeconds = 121;
    await expect.poll(status).toBe(false);
    expect(window.webContents.sent.at(-1)?.args[0]).toEqual({
      event: 'vault:locked',
      payload: { reason: 'idle' },
    });
  });

  it('copies the recovery key from main and clears it later, through the core host', async () => {
    const electron = createFakeElectron();
    await start(electron, { ...makeOptions(electron), clipboardClearMs: 100 });
    const window = electron.windows[0]!;
    electron.connectRenderer(window.webContents, 'app://sakshya/index.html');
    const created = (await electron.ipcRenderer.invoke('sakshya:vault:create', {
      passphrase: 'a long passphrase',
    })) as { value: { recoveryKey: string } };
    const { recoveryKey } = created.value;
    expect(
      await electron.ipcRenderer.invoke('sakshya:vault:copyRecoveryKey', { recoveryKey }),
    ).toEqual({ ok: true, value: { copied: true, clearAfterSeconds: 0 } });
    expect(electron.clipboard.text).toBe(recoveryKey);
    await expect.poll(() => electron.clipboard.text).toBe('');
  });
});
