// The desktop's folder dialog for backup and restore: main shows it on its own window and hands the
// chosen folder back; a closed dialog gives nothing.
import { describe, expect, it } from 'vitest';
import type { OpenDialogOptions } from 'electron';
import { createDesktopActions } from '../../../main/electron/desktop-actions';

describe('the backup folder dialog', () => {
  it('asks for a folder on the main window and returns what she chose, or null when she closes it', async () => {
    const asked: { window: string; options: OpenDialogOptions }[] = [];
    const answers = [
      { canceled: false, filePaths: ['/media/usb'] },
      { canceled: true, filePaths: [] },
    ];
    const actions = createDesktopActions<string>(
      { showSaveDialog: () => Promise.resolve({ canceled: true }) },
      { showItemInFolder: () => undefined },
      () => 'main-window',
      {
        showOpenDialog: (window, options) => {
          asked.push({ window, options });
          return Promise.resolve(answers.shift() ?? { canceled: true, filePaths: [] });
        },
      },
    );
    expect(await actions.chooseFolder?.('backup')).toBe('/media/usb');
    expect(await actions.chooseFolder?.('restore')).toBeNull();
    expect(asked.map((entry) => entry.window)).toEqual(['main-window', 'main-window']);
    expect(asked[0]?.options.properties).toEqual(['openDirectory', 'createDirectory']);
  });

  it('gives nothing when there is no window or no dialog', async () => {
    const noWindow = createDesktopActions<string>(
      { showSaveDialog: () => Promise.resolve({ canceled: true }) },
      { showItemInFolder: () => undefined },
      () => undefined,
      { showOpenDialog: () => Promise.resolve({ canceled: false, filePaths: ['/x'] }) },
    );
    expect(await noWindow.chooseFolder?.('backup')).toBeNull();
    const noDialog = createDesktopActions<string>(
      { showSaveDialog: () => Promise.resolve({ canceled: true }) },
      { showItemInFolder: () => undefined },
      () => 'main-window',
    );
    expect(await noDialog.chooseFolder?.('backup')).toBeNull();
  });
});
