// Things outside the page that must lock Sakshya at once: the machine going to sleep, the screen
// being locked, and the "Lock now" menu item with its CmdOrCtrl+Shift+L accelerator.
import type { MenuItemConstructorOptions } from 'electron';
import type { Locker } from '../api/locker';

export const LOCK_ACCELERATOR = 'CmdOrCtrl+Shift+L';

export interface PowerMonitorLike {
  on(event: 'suspend' | 'lock-screen', listener: () => void): unknown;
  /** Seconds since the last keyboard or mouse input anywhere on the system. */
  getSystemIdleTime(): number;
}

export interface MenuApi<M> {
  buildFromTemplate(template: MenuItemConstructorOptions[]): M;
  setApplicationMenu(menu: M | null): void;
}

export function registerLockTriggers(powerMonitor: PowerMonitorLike, locker: Locker): void {
  powerMonitor.on('suspend', () => {
    locker.lockNow('suspend');
  });
  powerMonitor.on('lock-screen', () => {
    locker.lockNow('screen-lock');
  });
}

/**
 * A small menu: "Lock now", quit, and the edit roles macOS needs for copy and paste to work. On
 * macOS also the File and Window menus every Mac app has, or Cmd+W (close) and Cmd+M (minimise)
 * do nothing; closing the window locks and quits, as on the other systems.
 */
export function buildMenuTemplate(
  locker: Locker,
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] {
  const lockItem: MenuItemConstructorOptions = {
    id: 'lock-now',
    label: 'Lock now',
    accelerator: LOCK_ACCELERATOR,
    click: () => {
      locker.lockNow('shortcut');
    },
  };
  if (platform === 'darwin') {
    return [
      { role: 'appMenu' },
      { role: 'fileMenu', submenu: [lockItem, { type: 'separator' }, { role: 'close' }] },
      { role: 'editMenu' },
      { role: 'windowMenu' },
    ];
  }
  return [
    { label: 'Vault', submenu: [lockItem, { type: 'separator' }, { role: 'quit' }] },
    { role: 'editMenu' },
  ];
}

export function installAppMenu<M>(
  menu: MenuApi<M>,
  locker: Locker,
  platform: NodeJS.Platform,
): void {
  menu.setApplicationMenu(menu.buildFromTemplate(buildMenuTemplate(locker, platform)));
}
