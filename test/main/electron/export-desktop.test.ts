// The desktop side of an export, through the real start-up wiring and the one IPC wrapper: the
// native save dialog (modal to our window) decides where the zip goes, "Show in folder" asks the
// shell for exactly that file, and a page that is not ours gets nothing. Electron's dialog and shell
// are the fake's; the vault, the export and the zip are real.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SaveDialogOptions } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { createDesktopActions } from '../../../main/electron/desktop-actions';
import { startDesktopApp } from '../../../main/electron/start-app';
import {
  createFakeElectron,
  type FakeBrowserWindow,
  type FakeElectron,
} from '../../helpers/fake-electron';
import { makeTempDir } from '../../helpers/temp-dir';

const PHOTO = path.resolve(import.meta.dirname, '../../fixtures/photos/canon-dslr.jpg');

/** The fake plus the two Electron parts an export needs, recording what they were asked. */
function withSaveDialog(electron: FakeElectron, answers: (string | null)[]) {
  const dialogCalls: { window: FakeBrowserWindow; options: SaveDialogOptions }[] = [];
  const revealed: string[] = [];
  const dialog = Object.assign(electron.dialog, {
    showSaveDialog(window: FakeBrowserWindow, options: SaveDialogOptions) {
      dialogCalls.push({ window, options });
      const answer = answers.shift() ?? null;
      return Promise.resolve(
        answer === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: answer },
      );
    },
  });
  const shell = {
    showItemInFolder(fullPath: string) {
      revealed.push(fullPath);
    },
  };
  return { electron: { ...electron, dialog, shell }, dialogCalls, revealed };
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

describe('exporting in the desktop app', () => {
  it('saves where the native dialog says and shows that file in its folder', async () => {
    const root = makeTempDir();
    const rendererDir = path.join(root, 'renderer');
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sakshya</title>');
    const target = path.join(root, 'chosen', 'for-lawyer.zip');
    fs.mkdirSync(path.dirname(target));
    const fake = createFakeElectron();
    const { electron, dialogCalls, revealed } = withSaveDialog(fake, [target]);
    const running = await startDesktopApp(electron, {
      preloadPath: path.join(root, 'preload.cjs'),
      rendererDir,
      vaultDir: path.join(root, 'vault'),
      scryptLogN: 10,
      processEvents: fake.process,
      platform: 'linux',
    });
    if (running === undefined) throw new Error('the app did not start');
    stops.push(() => {
      fake.app.emit('will-quit');
    });
    const window = fake.windows[0];
    if (window === undefined) throw new Error('no window');
    fake.connectRenderer(window.webContents, 'app://sakshya/index.html');
    const invoke = (name: string, input: unknown) =>
      fake.ipcRenderer.invoke(`sakshya:${name}`, input) as Promise<{
        ok: boolean;
        value?: unknown;
        error?: { code: string };
      }>;

    await invoke('vault:create', { passphrase: 'monsoon tea on the terrace' });
    const created = (await invoke('case:create', { title: 'QuickCash' })).value as { id: string };
    expect(await invoke('evidence:import', { caseId: created.id, paths: [PHOTO] })).toMatchObject({
      ok: true,
    });

    const exported = await invoke('export:run', {
      taskId: crypto.randomUUID(),
      caseId: created.id,
    });
    expect(exported.ok).toBe(true);
    const bundle = (exported.value as { bundle: { bundleId: string; folder: string } }).bundle;
    expect(bundle.folder).toBe(path.dirname(target));
    // Modal to our own window, offering a zip with a name that says nothing about the case.
    expect(dialogCalls).toHaveLength(1);
    expect(dialogCalls[0]?.window).toBe(window);
    expect(dialogCalls[0]?.options.defaultPath).toMatch(/^sakshya-bundle-[\d-]+\.zip$/);
    expect(dialogCalls[0]?.options.filters).toEqual([{ name: 'Zip', extensions: ['zip'] }]);
    execFileSync('unzip', ['-tq', target]);

    expect(await invoke('export:reveal', { bundleId: bundle.bundleId })).toEqual({
      ok: true,
      value: { shown: true },
    });
    expect(revealed).toEqual([target]);

    // A page that is not ours is refused before any handler runs: no dialog, nothing revealed.
    fake.connectRenderer(window.webContents, 'https://evil.example/');
    expect(await invoke('export:reveal', { bundleId: bundle.bundleId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
    expect(
      await invoke('export:run', { taskId: crypto.randomUUID(), caseId: created.id }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(dialogCalls).toHaveLength(1);
    expect(revealed).toHaveLength(1);
  });
});

describe('createDesktopActions', () => {
  it('answers null when the dialog is cancelled, has no path, or there is no window', async () => {
    const answers = [
      { canceled: true, filePath: '/home/asha/x.zip' },
      { canceled: false, filePath: '' },
      { canceled: false, filePath: '/home/asha/bundle.zip' },
    ];
    const dialog = {
      showSaveDialog: () => Promise.resolve(answers.shift() ?? { canceled: true }),
    };
    const shown: string[] = [];
    const actions = createDesktopActions(
      dialog,
      { showItemInFolder: (file) => shown.push(file) },
      () => 'window',
    );
    expect(await actions.chooseSavePath('a.zip')).toBeNull();
    expect(await actions.chooseSavePath('a.zip')).toBeNull();
    expect(await actions.chooseSavePath('a.zip')).toBe('/home/asha/bundle.zip');
    actions.revealInFolder('/home/asha/bundle.zip');
    expect(shown).toEqual(['/home/asha/bundle.zip']);

    const windowless = createDesktopActions(
      dialog,
      { showItemInFolder: () => undefined },
      () => undefined,
    );
    expect(await windowless.chooseSavePath('a.zip')).toBeNull();
  });
});
