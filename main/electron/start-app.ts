// The desktop app's wiring, in the order it must happen. Electron is passed in (index.ts passes the
// real module, tests pass a hand-written fake) so every step here runs under test as it is.
import { createLocker, type Locker } from '../api/locker';
import { startCoreHost, type WorkerCoreHost } from '../core-host/core-host';
import {
  createDesktopActions,
  createTestSaveDialog,
  type OpenDialogHost,
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
import { startIdleLock } from './idle-lock';
import { createSecretClipboard, type ClipboardLike } from './secret-clipboard';
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
    on(
      event: 'second-instance' | 'window-all-closed' | 'will-quit',
      listener: (event?: { preventDefault(): void }) => void,
    ): unknown;
  };

/** Everything the desktop app takes from Electron; the real `electron` module satisfies it. */
export interface DesktopElectron<W extends MainWindow, M> {
  app: DesktopAppApi;
  BrowserWindow: WindowConstructor<W>;
  session: { readonly defaultSession: GuardedSession };
  ipcMain: IpcMainLike;
  protocol: ProtocolRegistrar & ProtocolHandlerHost;
  dialog: FatalErrorElectron['dialog'] & Partial<SaveDialogHost<W>> & Partial<OpenDialogHost<W>>;
  clipboard: FatalErrorElectron['clipboard'] & ClipboardLike;
  /** With the save dialog, what exports need; left out, the app cannot save a bundle. */
  shell?: ShellLike;
  powerMonitor: PowerMonitorLike;
  Menu: MenuApi<M>;
}

export interface DesktopOptions {
  preloadPath: string;
  rendererDir: string;
  vaultDir: string;
  /** Where a vault restored into a folder she chose is remembered (core/vault/vault-pointer.ts). */
  pointerFile?: string | undefined;
  scryptLogN?: number;
  processEvents?: ProcessEvents;
  platform?: NodeJS.Platform;
  /** How often main looks at the system's idle time for the auto-lock; 15 s by default. */
  idlePollMs?: number;
  /** How long the recovery key stays on the clipboard; 60 s by default. */
  clipboardClearMs?: number;
}

export interface RunningDesktopApp<W> {
  window: W;
  /** The core, in its worker thread; this thread only passes messages to it. */
  host: WorkerCoreHost;
  locker: Locker;
}

/** Resolves to undefined when another Sakshya is already running or start-up failed. */
export async function startDesktopApp<W extends MainWindow, M>(
  electron: DesktopElectron<W, M>,
  options: DesktopOptions,
): Promise<RunningDesktopApp<W> | undefined> {
  const { app } = electron;
  let host: WorkerCoreHost | undefined;
  let window: W | undefined;
  const failFatally = (error: unknown): void => {
    // Drop the keys before anything else; the dialog may sit there for a long time. A host that
    // crashed has already lost them with its thread.
    void host?.close();
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

    // 7. The core, in its own thread (see main/README.md), and 8. the IPC handlers in front of it.
    const getWindow = (): W | undefined => window;
    const emit = createEventSender(getWindow);
    const { shell } = electron;
    const saveDialog =
      createTestSaveDialog<W>(app.isPackaged, process.env) ??
      electron.dialog.showSaveDialog?.bind(electron.dialog);
    const desktop =
      shell === undefined || saveDialog === undefined
        ? undefined
        : createDesktopActions(
            { showSaveDialog: saveDialog },
            shell,
            getWindow,
            openDialogOf(electron.dialog),
          );
    const secretClipboard = createSecretClipboard(electron.clipboard, options.clipboardClearMs);
    const coreHost = await startCoreHost({
      vaultDir: options.vaultDir,
      pointerFile: options.pointerFile,
      scryptLogN: options.scryptLogN,
      services: {
        emit,
        desktop,
        clipboard: secretClipboard,
      },
      // A crash of the core's thread is as fatal as one here: the same plain-words dialog.
      onCrash: failFatally,
    });
    host = coreHost;
    registerHandlers(
      // eslint-disable-next-line no-restricted-syntax -- handed to the one IPC wrapper
      electron.ipcMain,
      coreHost,
      createSenderCheck(getWindow),
    );

    // 9. Lock triggers: sleep, screen lock, the "Lock now" menu item, and the system idle time.
    const locker = createLocker(coreHost, emit);
    registerLockTriggers(electron.powerMonitor, locker);
    installAppMenu(electron.Menu, locker, options.platform ?? process.platform);
    const stopIdleLock = startIdleLock(electron.powerMonitor, coreHost, locker, options.idlePollMs);

    // Closing the window locks and quits; Sakshya never lingers unlocked in the background.
    app.on('window-all-closed', () => {
      app.quit();
    });
    let closed = false;
    app.on('will-quit', (event) => {
      if (closed) return;
      // Quit once the host has locked the vault and closed the database, not before.
      event?.preventDefault();
      closed = true;
      stopIdleLock();
      // The recovery key copied less than a minute ago must not outlive the app on the clipboard.
      void Promise.allSettled([secretClipboard.clearNow(), coreHost.close()]).finally(() => {
        app.quit();
      });
    });

    // 10. Only now load the page, so its first call finds the handlers in place.
    await loadMainWindow(mainWindow);
    return { window: mainWindow, host: coreHost, locker };
  } catch (error) {
    failFatally(error);
    return undefined;
  }
}

function openDialogOf<W>(dialog: Partial<OpenDialogHost<W>>): OpenDialogHost<W> | undefined {
  const show = dialog.showOpenDialog?.bind(dialog);
  return show === undefined ? undefined : { showOpenDialog: show };
}
