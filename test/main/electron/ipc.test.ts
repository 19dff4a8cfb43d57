import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { EVENT_CHANNEL } from '../../../main/electron/channels';
import { createEventSender, createSenderCheck, registerHandlers } from '../../../main/electron/ipc';
import { API_NAMES } from '../../../shared/api-contract';
import { createFakeElectron, type FakeBrowserWindow } from '../../helpers/fake-electron';
import { makeTempDir } from '../../helpers/temp-dir';

function setUp(): {
  electron: ReturnType<typeof createFakeElectron>;
  window: FakeBrowserWindow;
  core: AppCore;
} {
  const electron = createFakeElectron();
  const window = new electron.BrowserWindow({});
  const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
  registerHandlers(
    electron.ipcMain,
    createHandlers(core),
    createSenderCheck(() => window),
    {
      log: () => undefined,
    },
  );
  return { electron, window, core };
}

const PAGE = 'app://sakshya/index.html';

describe('registerHandlers', () => {
  it('registers exactly one channel per contract call', () => {
    const { electron } = setUp();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(
      API_NAMES.map((name) => `sakshya:${name}`).sort(),
    );
  });

  it('answers a well-formed call from our window', async () => {
    const { electron, window } = setUp();
    const result = await electron.ipcMain.invoke(
      'sakshya:vault:status',
      { sender: window.webContents, senderFrame: { url: PAGE } },
      {},
    );
    expect(result).toEqual({ ok: true, value: { exists: false, unlocked: false } });
  });

  it('refuses a call from a page that is not app://sakshya, even inside our window', async () => {
    const { electron, window } = setUp();
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://evil/index.html']) {
      const result = await electron.ipcMain.invoke(
        'sakshya:vault:status',
        { sender: window.webContents, senderFrame: { url } },
        {},
      );
      expect(result, url).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
  });

  it('refuses a call from another WebContents or from a frame that has gone', async () => {
    const { electron, window } = setUp();
    const other = new electron.BrowserWindow({});
    const fromOther = await electron.ipcMain.invoke(
      'sakshya:vault:status',
      { sender: other.webContents, senderFrame: { url: PAGE } },
      {},
    );
    expect(fromOther).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    const noFrame = await electron.ipcMain.invoke(
      'sakshya:vault:status',
      { sender: window.webContents, senderFrame: null },
      {},
    );
    expect(noFrame).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('refuses a malformed payload with INVALID_INPUT', async () => {
    const { electron, window } = setUp();
    const result = await electron.ipcMain.invoke(
      'sakshya:vault:create',
      { sender: window.webContents, senderFrame: { url: PAGE } },
      { passphrase: ['not', 'a', 'string'] },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('removes every channel again when asked', () => {
    const electron = createFakeElectron();
    const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault') });
    const unregister = registerHandlers(electron.ipcMain, createHandlers(core), () => true);
    unregister();
    expect(electron.ipcMain.handlers.size).toBe(0);
  });
});

describe('createEventSender', () => {
  it('sends checked events on the one event channel, and nothing once the window is gone', () => {
    const electron = createFakeElectron();
    const window = new electron.BrowserWindow({});
    const emit = createEventSender(() => window);
    emit('vault:locked', { reason: 'suspend' });
    expect(window.webContents.sent).toEqual([
      { channel: EVENT_CHANNEL, args: [{ event: 'vault:locked', payload: { reason: 'suspend' } }] },
    ]);
    window.destroyed = true;
    emit('vault:locked', { reason: 'user' });
    expect(window.webContents.sent).toHaveLength(1);
  });
});
