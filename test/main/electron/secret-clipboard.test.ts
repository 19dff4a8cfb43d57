import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretClipboard } from '../../../main/electron/secret-clipboard';
import { startDesktopApp } from '../../../main/electron/start-app';
import { createFakeElectron, FakeClipboard } from '../../helpers/fake-electron';
import { makeTempDir } from '../../helpers/temp-dir';

const KEY = 'ABCD-EFGH-JKLM-NPQR';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the recovery key on main’s clipboard', () => {
  it('clears the key from the clipboard once the time is up', async () => {
    const clipboard = new FakeClipboard();
    const secret = createSecretClipboard(clipboard, 50);
    expect(await secret.copySecret(KEY)).toEqual({ copied: true, clearAfterSeconds: 0 });
    expect(clipboard.text).toBe(KEY);
    await wait(120);
    expect(clipboard.text).toBe('');
  });

  it('leaves alone whatever she copied since', async () => {
    const clipboard = new FakeClipboard();
    const secret = createSecretClipboard(clipboard, 50);
    await secret.copySecret(KEY);
    clipboard.writeText('my lawyer’s number');
    await wait(120);
    expect(clipboard.text).toBe('my lawyer’s number');
  });

  it('says it clears after 60 seconds by default', async () => {
    const clipboard = new FakeClipboard();
    expect(await createSecretClipboard(clipboard).copySecret(KEY)).toEqual({
      copied: true,
      clearAfterSeconds: 60,
    });
  });

  it('clears the key at once when asked before the time is up, and only if it is still there', async () => {
    const clipboard = new FakeClipboard();
    const secret = createSecretClipboard(clipboard, 60_000);
    await secret.clearNow();
    expect(clipboard.text).toBe('');
    await secret.copySecret(KEY);
    await secret.clearNow();
    expect(clipboard.text).toBe('');

    await secret.copySecret(KEY);
    clipboard.writeText('my lawyer’s number');
    await secret.clearNow();
    expect(clipboard.text).toBe('my lawyer’s number');
  });
});

describe('quitting the desktop app (fake Electron)', () => {
  it('clears the recovery key from the clipboard when the app quits within the 60 seconds', async () => {
    const electron = createFakeElectron();
    const root = makeTempDir();
    const rendererDir = path.join(root, 'renderer');
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sakshya</title>');
    const running = await startDesktopApp(electron, {
      preloadPath: path.join(root, 'preload.cjs'),
      rendererDir,
      vaultDir: path.join(root, 'vault'),
      scryptLogN: 10,
      processEvents: electron.process,
      platform: 'linux',
    });
    expect(running).toBeDefined();
    const window = electron.windows[0];
    if (window === undefined) throw new Error('no window');
    electron.connectRenderer(window.webContents, 'app://sakshya/index.html');
    expect(
      await electron.ipcRenderer.invoke('sakshya:vault:copyRecoveryKey', { recoveryKey: KEY }),
    ).toEqual({ ok: true, value: { copied: true, clearAfterSeconds: 60 } });
    expect(electron.clipboard.text).toBe(KEY);

    electron.app.emit('will-quit', { preventDefault: () => undefined });
    await expect.poll(() => electron.app.quitRequested, { timeout: 30_000 }).toBe(true);
    expect(electron.clipboard.text).toBe('');
  });
});
