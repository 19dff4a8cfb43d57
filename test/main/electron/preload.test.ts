import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { createEventSender, createSenderCheck, registerHandlers } from '../../../main/electron/ipc';
import { API_NAMES, type SakshyaApi } from '../../../shared/api-contract';
import { makeTempDir } from '../../helpers/temp-dir';

// The preload imports 'electron' itself, so it is the one module tested through vi.mock.
const fake = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('../../helpers/fake-electron');
  return createFakeElectron();
});
// webUtils.getPathForFile reads a path Chromium attached to a File; here a property plays that part.
const webUtils = { getPathForFile: (file: File & { fakePath?: string }) => file.fakePath ?? '' };
vi.mock('electron', () => ({
  contextBridge: fake.contextBridge,
  ipcRenderer: fake.ipcRenderer,
  webUtils,
}));

const window = new fake.BrowserWindow({});
let sakshya: SakshyaApi<File, AbortSignal>;

beforeAll(async () => {
  fake.connectRenderer(window.webContents, 'app://sakshya/index.html');
  await import('../../../main/electron/preload');
  sakshya = fake.contextBridge.exposed.get('sakshya') as SakshyaApi<File, AbortSignal>;
});

describe('the preload', () => {
  it('exposes exactly window.sakshya: one object per domain plus on and files, and no IPC handles', () => {
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['sakshya']);
    const domains = [...new Set(API_NAMES.map((name) => name.split(':')[0]))];
    expect(Object.keys(sakshya).sort()).toEqual([...domains, 'files', 'on'].sort());
    expect(Object.keys(sakshya.files ?? {})).toEqual(['pathsFor']);
    for (const banned of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'process', 'require']) {
      expect(sakshya).not.toHaveProperty(banned);
    }
    for (const name of API_NAMES) {
      const [domain = '', verb = ''] = name.split(':');
      const calls = (sakshya as unknown as Record<string, Record<string, unknown>>)[domain];
      expect(typeof calls?.[verb], name).toBe('function');
    }
  });

  it('carries a call to the main-side handlers and back', async () => {
    const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
    const unregister = registerHandlers(
      fake.ipcMain,
      createHandlers(core),
      createSenderCheck(() => window),
    );
    expect(await sakshya.vault.status({})).toEqual({
      ok: true,
      value: { exists: false, unlocked: false },
    });
    unregister();
    void core.close();
  });

  it('turns dropped files into their paths, and a file with no path into an empty string', () => {
    const dropped = Object.assign(new File(['a'], 'a.png'), { fakePath: '/home/meera/a.png' });
    const pasted = new File(['b'], 'pasted.png');
    expect(sakshya.files?.pathsFor?.([dropped, pasted])).toEqual(['/home/meera/a.png', '']);
  });

  it('hands event listeners only the payload, never the IPC event, and stops after unsubscribing', () => {
    const received: unknown[] = [];
    const off = sakshya.on('vault:locked', (...args: unknown[]) => received.push(args));
    const emit = createEventSender(() => window);
    emit('vault:locked', { reason: 'screen-lock' });
    emit('progress', { taskId: 't', done: 1, total: 2, bytesDone: 1, bytesTotal: 2 });
    off();
    emit('vault:locked', { reason: 'user' });
    expect(received).toEqual([[{ reason: 'screen-lock' }]]);
  });
});
