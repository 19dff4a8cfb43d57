import { describe, expect, it } from 'vitest';
import { createMainWindow, focusWindow, loadMainWindow } from '../../../main/electron/window';
import { createFakeElectron } from '../../helpers/fake-electron';

describe('createMainWindow', () => {
  it('isolates the page: sandboxed, context-isolated, no Node, no webviews, web security on', () => {
    const electron = createFakeElectron();
    const window = createMainWindow(electron, {
      preloadPath: '/app/dist/main/preload.cjs',
      devTools: false,
    });
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    });
  });

  it('stays hidden until the first paint is ready, then shows', () => {
    const electron = createFakeElectron();
    const window = createMainWindow(electron, { preloadPath: '/p.cjs', devTools: true });
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('loads the renderer from app://sakshya', async () => {
    const electron = createFakeElectron();
    const window = createMainWindow(electron, { preloadPath: '/p.cjs', devTools: true });
    await loadMainWindow(window);
    expect(window.loadedUrl).toBe('app://sakshya/index.html');
  });

  it('restores and focuses a minimised window when asked to focus it', () => {
    const electron = createFakeElectron();
    const window = createMainWindow(electron, { preloadPath: '/p.cjs', devTools: true });
    window.minimized = true;
    focusWindow(window);
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
  });
});
