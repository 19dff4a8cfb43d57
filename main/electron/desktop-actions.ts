// What only the desktop app can do for an export: ask where to save the bundle (the native save
// dialog, modal to our window) and show the finished file in its folder. The page never names a
// path for either; main shows the dialog itself and remembers where each bundle went.
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { FolderPurpose } from '../../shared/contract/backup';
import type { DesktopActions } from '../api/export-handlers';

export interface SaveDialogHost<W> {
  showSaveDialog(
    window: W,
    options: SaveDialogOptions,
  ): Promise<{ canceled: boolean; filePath?: string | undefined }>;
}

/** The folder dialog, for backup and restore. */
export interface OpenDialogHost<W> {
  showOpenDialog(
    window: W,
    options: OpenDialogOptions,
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export interface ShellLike {
  showItemInFolder(fullPath: string): void;
}

const FOLDER_DIALOG_TITLES: Record<FolderPurpose, string> = {
  backup: 'Back up to this folder',
  restore: 'Restore from this folder',
  vault: 'Put the restored evidence in this folder',
};

export function createDesktopActions<W>(
  dialog: SaveDialogHost<W>,
  shell: ShellLike,
  getWindow: () => W | undefined,
  openDialog?: OpenDialogHost<W>,
): DesktopActions {
  return {
    async chooseFolder(purpose) {
      const window = getWindow();
      if (window === undefined || openDialog === undefined) return null;
      const options: OpenDialogOptions = {
        title: FOLDER_DIALOG_TITLES[purpose],
        properties: ['openDirectory', 'createDirectory'],
      };
      const result = await openDialog.showOpenDialog(window, options);
      const [folder] = result.filePaths;
      if (result.canceled || folder === undefined || folder === '') return null;
      return folder;
    },
    async chooseSavePath(defaultName) {
      const window = getWindow();
      if (window === undefined) return null;
      const options: SaveDialogOptions = {
        defaultPath: defaultName,
        filters: [{ name: 'Zip', extensions: ['zip'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const result = await dialog.showSaveDialog(window, options);
      if (result.canceled || result.filePath === undefined || result.filePath === '') return null;
      return result.filePath;
    },
    revealInFolder(filePath) {
      shell.showItemInFolder(filePath);
    },
  };
}

/**
 * For the Electron smoke test (test/e2e/electron-smoke.e2e.test.ts): with SAKSHYA_TEST_SAVE_PATH
 * set, the save dialog answers that path without showing. Only in a build run from a checkout;
 * a packaged app ignores the variable, so nobody can redirect a user's export through it.
 */
export function createTestSaveDialog<W>(
  isPackaged: boolean,
  env: NodeJS.ProcessEnv,
): SaveDialogHost<W>['showSaveDialog'] | undefined {
  const filePath = env.SAKSHYA_TEST_SAVE_PATH;
  if (isPackaged || filePath === undefined || filePath === '') return undefined;
  return () => Promise.resolve({ canceled: false, filePath });
}
