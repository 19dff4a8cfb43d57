import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDesktopApp } from '../../../main/electron/start-app';
import { API_NAMES } from '../../../shared/api-contract';
import { createFakeElectron } from '../../helpers/fake-electron';
import { makeTempDir } from '../../helpers/temp-dir';

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
    const running = await startDesktopApp(electron, makeOptions(electron));
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
    expect(running?.core.status().unlocked).toBe(false);
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
    expect(await startDesktopApp(electron, makeOptions(electron))).toBeUndefined();
    expect(electron.app.quitRequested).toBe(true);
    expect(electron.windows).toHaveLength(0);
  });

  it('focuses the existing window when a second copy is launched', async () => {
    const electron = createFakeElectron();
    await startDesktopApp(electron, makeOptions(electron));
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
    expect(await startDesktopApp(electron, options)).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(electron.dialog.shown[0]?.message).toBe('Sakshya could not continue.');
    expect(electron.app.exitCode).toBe(1);
  });

  it('treats an uncaught exception after start-up as fatal', async () => {
    const electron = createFakeElectron();
    await startDesktopApp(electron, makeOptions(electron));
    electron.process.emit('uncaughtException', new Error('late failure'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(electron.dialog.shown).toHaveLength(1);
    expect(electron.app.exitCode).toBe(1);
  });
});
