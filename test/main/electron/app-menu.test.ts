// The application menu on each system, built by the real installAppMenu against the fake Menu
// API with the platform switched: macOS gets its standard File and Window menus.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { Locker } from '../../../main/api/locker';
import { installAppMenu, LOCK_ACCELERATOR } from '../../../main/electron/lock-triggers';
import { createFakeElectron } from '../../helpers/fake-electron';

function install(platform: NodeJS.Platform): {
  template: MenuItemConstructorOptions[];
  locks: string[];
  electron: ReturnType<typeof createFakeElectron>;
} {
  const electron = createFakeElectron();
  const locks: string[] = [];
  const locker = {
    lockNow: (reason: string) => {
      locks.push(reason);
    },
  } as unknown as Locker;
  installAppMenu(electron.Menu, locker, platform);
  return { template: electron.Menu.applicationMenu?.template ?? [], locks, electron };
}

function roles(items: MenuItemConstructorOptions[]): (string | undefined)[] {
  return items.map((item) => item.role ?? item.label);
}

describe('the application menu', () => {
  it('on macOS has the app, File, Edit and Window menus, with Close Window in File', () => {
    const { template } = install('darwin');
    expect(roles(template)).toEqual(['appMenu', 'fileMenu', 'editMenu', 'windowMenu']);
    const file = template[1]?.submenu as MenuItemConstructorOptions[];
    // role 'close' is Cmd+W; the windowMenu role brings Minimize (Cmd+M) and Zoom.
    expect(file.map((item) => item.role ?? item.id ?? item.type)).toEqual([
      'lock-now',
      'separator',
      'close',
    ]);
  });

  it('on macOS keeps "Lock now" on its shortcut', () => {
    const { electron, locks } = install('darwin');
    expect(electron.Menu.findItem('lock-now')?.accelerator).toBe(LOCK_ACCELERATOR);
    electron.Menu.click('lock-now');
    expect(locks).toEqual(['shortcut']);
  });

  it.each(['win32', 'linux'] as const)('on %s keeps its own small menu with Quit', (platform) => {
    const { template, electron } = install(platform);
    expect(roles(template)).toEqual(['Vault', 'editMenu']);
    expect(electron.Menu.findItem('lock-now')?.accelerator).toBe(LOCK_ACCELERATOR);
    const vault = template[0]?.submenu as MenuItemConstructorOptions[];
    expect(vault.at(-1)?.role).toBe('quit');
  });
});
