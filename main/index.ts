// The Electron main-process entry, bundled to dist/main/index.cjs. It only hands the real Electron
// module and the on-disk locations to start-app.ts, where the wiring order is spelled out.
import path from 'node:path';
import {
  BrowserWindow,
  Menu,
  app,
  clipboard,
  dialog,
  // eslint-disable-next-line no-restricted-imports -- handed to start-app, which gives it to electron/ipc.ts only
  ipcMain,
  powerMonitor,
  protocol,
  session,
  shell,
} from 'electron';
import { defaultVaultDir, defaultVaultPointerFile } from './core/vault/default-dir';
import { startDesktopApp } from './electron/start-app';

// __dirname is dist/main inside the bundle (and inside app.asar once packaged).
void startDesktopApp(
  { app, BrowserWindow, session, ipcMain, protocol, dialog, clipboard, powerMonitor, Menu, shell },
  {
    preloadPath: path.join(__dirname, 'preload.cjs'),
    rendererDir: path.join(__dirname, '..', 'renderer'),
    vaultDir: defaultVaultDir(),
    pointerFile: defaultVaultPointerFile(),
  },
);
