// The one application window. Every webPreferences switch that widens what page code can reach is
// off: the renderer gets only the contract API that the preload exposes, nothing from Node.
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import type { GuardedWebContents } from './security';

export interface WindowWebContents extends GuardedWebContents {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** The parts of Electron's BrowserWindow we use; the real class satisfies it. */
export interface MainWindow {
  readonly webContents: WindowWebContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

export type WindowConstructor<W extends MainWindow> = new (
  options: BrowserWindowConstructorOptions,
) => W;

export interface MainWindowOptions {
  preloadPath: string;
  /** DevTools only in development builds; a packaged build never opens them. */
  devTools: boolean;
}

export function buildWindowOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    title: 'Sakshya',
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 520,
    // Shown on ready-to-show so a half-painted window never flashes.
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // A dropped file must reach the page's drop handler, never replace the page with file://.
      navigateOnDragDrop: false,
      // Chromium's Linux spellchecker downloads dictionaries from Google; Sakshya stays offline.
      spellcheck: false,
      devTools: options.devTools,
    },
  };
}

export function createMainWindow<W extends MainWindow>(
  electron: { BrowserWindow: WindowConstructor<W> },
  options: MainWindowOptions,
): W {
  const window = new electron.BrowserWindow(buildWindowOptions(options));
  window.once('ready-to-show', () => {
    window.show();
  });
  return window;
}

/** Loaded last, after IPC handlers exist, so the page's first call never finds nobody listening. */
export function loadMainWindow(window: MainWindow): Promise<void> {
  return window.loadURL(APP_ENTRY_URL);
}

export function focusWindow(window: MainWindow | undefined): void {
  if (window === undefined || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}
