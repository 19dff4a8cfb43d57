import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocker } from '../../../main/api/locker';
import { AppCore } from '../../../main/core/app-core';
import { createEventSender } from '../../../main/electron/ipc';
import {
  LOCK_ACCELERATOR,
  installAppMenu,
  registerLockTriggers,
} from '../../../main/electron/lock-triggers';
import { createFakeElectron } from '../../helpers/fake-electron';
import { makeTempDir } from '../../helpers/temp-dir';

async function setUp(): Promise<{
  electron: ReturnType<typeof createFakeElectron>;
  core: AppCore;
  sent: () => unknown[];
}> {
  const electron = createFakeElectron();
  const window = new electron.BrowserWindow({});
  const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
  await core.create('correct horse battery staple');
  const locker = createLocker(
    core,
    createEventSender(() => window),
  );
  registerLockTriggers(electron.powerMonitor, locker);
  installAppMenu(electron.Menu, locker, 'linux');
  return { electron, core, sent: () => window.webContents.sent.map((message) => message.args[0]) };
}

describe('lock triggers', () => {
  it.each([
    ['suspend', 'suspend'],
    ['lock-screen', 'screen-lock'],
  ])('locks the vault and tells the page when the machine fires %s', async (powerEvent, reason) => {
    const { electron, core, sent } = await setUp();
    electron.powerMonitor.emit(powerEvent);
    expect(core.status().unlocked).toBe(false);
    expect(sent()).toEqual([{ event: 'vault:locked', payload: { reason } }]);
    void core.close();
  });

  it('offers "Lock now" on CmdOrCtrl+Shift+L, which hides the page and locks the vault', async () => {
    const { electron, core, sent } = await setUp();
    const item = electron.Menu.findItem('lock-now');
    expect(item?.label).toBe('Lock now');
    expect(item?.accelerator).toBe(LOCK_ACCELERATOR);
    expect(LOCK_ACCELERATOR).toBe('CmdOrCtrl+Shift+L');
    electron.Menu.click('lock-now');
    expect(core.status().unlocked).toBe(false);
    expect(sent()).toEqual([{ event: 'vault:locked', payload: { reason: 'shortcut' } }]);
    void core.close();
  });
});
