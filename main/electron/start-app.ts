// The desktop app's wiring, in the order it must happen. Electron is passed in (index.ts passes the
// real module, tests pass a hand-written fake) so every step here runs under test as it is.
import { createHandlers } from '../api/handlers';
import { createLocker, type Locker } from '../api/locker';
import { AppCore } from '../core/app-core';
import {
  createDesktopActions,
  createTestSaveDialog,
  type SaveDialogHost,
  type ShellLike,
} from './desktop-actions';
import {
  installGlobalErrorHandlers,
  showFatalError,
  type FatalErrorElectron,
  type ProcessEvents,
} from './fatal-error';
import { createEventSender, createSenderCheck, registerHandlers, type IpcMainLike } from './ipc';
import {
  installAppMenu,
  registerLockTriggers,
  type MenuApi,
  type PowerMonitorLike,
} from './lock-triggers';
import {
  registerAppScheme,
  serveAppProtocol,
  type ProtocolHandlerHost,
  type ProtocolRegistrar,
} from './protocol';
import {
  guardAllWebContents,
  guardSession,
  guardWebContents,
  type GuardedSession,
  type WebContentsCreatedSource,
} from './security';
import {
  createMainWindow,
  focusWindow,
  loadMainWindow,
  type MainWindow,
  type WindowConstructor,
} from './window';
import { setAppIdentity } from './app-identity';

export type DesktopAppApi = FatalErrorElectron['app'] &
  WebContentsCreatedSource & {
    readonly isPackaged: boolean;
    requestSingleInstanceLock(): boolean;
    quit(): void;
    on(event: 'second-instance' | 'window-all-closed' | 'will-quit', listener: () => void): unknown;
  };

/** Everything the desktop app takes from Electron; the real `electron` module satisfies it. */
export interface DesktopElectron<W extends MainWindow, M> {
  app: DesktopAppApi;
  BrowserWindow: WindowConstructor<W>;
  session: { readonly defaultSession: GuardedSession };
  ipcMain: IpcMainLike;
  protocol: ProtocolRegistrar & ProtocolHandlerHost;
  dialog: FatalErrorElectron['dialog'] & Partial<SaveDialogHost<W>>;
  clipboard: FatalErrorElectron['clipboard'];
  /** With the save dialog, what exports need; left out, the app cannot save a bundle. */
  shell?: ShellLike;
  powerMonitor: PowerMonitorLike;
  Menu: MenuApi<M>;
}

export interface DesktopOptions {
  preloadPath: string;
  rendererDir: string;
  vaultDir: string;
  scryptLogN?: number;
  processEvents?: ProcessEvents;
  platform?: NodeJS.Platform;
}

export interface RunningDesktopApp<W> {
  window: W;
  core: AppCore;
  locker: Locker;
}

/** Resolves to undefined when another Sakshya is already running or start-up failed. */
export async function startDesktopApp<W extends MainWindow, M>(
  electron: DesktopElectron<W, M>,
  options: DesktopOptions,
): Promise<RunningDesktopApp<W> | undefined> {
  const { app } = electron;
  let core: AppCore | undefined;
  let window: W | undefined;
  const failFatally = (error: unknown): void => {
    // Drop the keys before anything else; the dialog may sit there for a long time.
    core?.close();
    void showFatalError(electron, error);
  };

  // 1. Anything thrown from here on ends in the plain-words dialog, never a raw stack.
  installGlobalErrorHandlers(options.processEvents ?? process, failFatally);

  // 2. One running copy: a second launch focuses the first window instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  app.on('second-instance', () => {
    focusWindow(window);
  });

  try {
    // 3. Before ready: the scheme's privileges, and the guard for every WebContents ever created.
    registerAppScheme(electron.protocol);
    guardAllWebContents(app);
    setAppIdentity(app, options.platform ?? process.platform);
    await app.whenReady();

    // 4. app:// serves the built renderer.
    serveAppProtocol(electron.protocol, options.rendererDir);

    // 5. The window (not loaded yet) and 6. its security: session rules first, then its contents.
    guardSession(electron.session.defaultSession);
    const mainWindow = createMainWindow(electron, {
      preloadPath: options.preloadPath,
      devTools: !app.isPackaged,
    });
    window = mainWindow;
    guardWebContents(mainWindow.webContents);

    // 7. The core and 8. the IPC handlers in front of it.
    const appCore = new AppCore({
      vaultDir: options.vaultDir,
      ...(options.scryptLogN === undefined ? {} : { scryptLogN: options.scryptLogN }),
    });
    core = appCore;
    const getWindow = (): W | undefined => window;
    const emit = createEventSender(getWindow);
    const { shell } = electron;
    const saveDialog =
      createTestSaveDialog<W>(app.isPackaged, process.env) ??
      electron.dialog.showSaveDialog?.bind(electron.dialog);
    const desktop =
      shell === undefined || saveDialog === undefined
        ? undefined
        : createDesktopActions({ showSaveDialog: saveDialog }, shell, getWindow);
    registerHandlers(
      // eslint-disable-next-line no-restricted-syntax -- handed to the one IPC wrapper
      electron.ipcMain,
      createHandlers(appCore, { emit, desktop }),
      createSenderCheck(getWindow),
    );

    // 9. Lock triggers: sleep, screen lock, and the "Lock now" menu item.
    const locker = createLocker(appCore, emit);
    registerLockTriggers(electron.powerMonitor, locker);
    installAppMenu(electron.Menu, locker, options.platform ?? process.platform);

    // Closing the window locks and quits; Sakshya never lingers unlocked in the background.
    app.on('window-all-closed', () => {
      app.quit();
    });
    app.on('will-quit', () => {
      appCore.close();
    });

    // 10. Only now load the page, so its first call finds the handlers in place.
    await loadMainWindow(mainWindow);
    return { window: mainWindow, core: appCore, locker };
  } catch (error) {
    failFatally(error);
    return undefined;
  }
}
