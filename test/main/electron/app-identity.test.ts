// Windows shows the app's reminders only when its Application User Model ID is the appId the
// installer registered. The real startDesktopApp runs against the fake Electron with the platform
// switched to win32.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDesktopApp } from '../../../main/electron/start-app';
import { createFakeElectron } from '../../helpers/fake-electron';
import { makeTempDir } from '../../helpers/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../../..');
// js-yaml is in node_modules through electron-builder; it ships no types of its own.
const yaml = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown };

function readAppId(): string {
  const config = yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8'));
  return (config as { appId: string }).appId;
}

/** The id the app had when it became ready (Windows reads it then). */
async function start(platform: NodeJS.Platform): Promise<string | undefined> {
  const electron = createFakeElectron();
  let atReady: string | undefined;
  electron.app.once('ready', () => {
    atReady = electron.app.appUserModelId;
  });
  const root = makeTempDir();
  const rendererDir = path.join(root, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sakshya</title>');
  const running = await startDesktopApp(electron, {
    preloadPath: path.join(root, 'preload.cjs'),
    rendererDir,
    vaultDir: path.join(root, 'vault'),
    scryptLogN: 10,
    processEvents: electron.process,
    platform,
  });
  expect(running).toBeDefined();
  await running?.host.close();
  expect(electron.app.appUserModelId).toBe(atReady);
  return atReady;
}

describe('the app identity Windows sees', () => {
  it("on Windows is set before ready to electron-builder.yml's appId", async () => {
    expect(readAppId()).toBe('in.sakshya.app');
    expect(await start('win32')).toBe(readAppId());
  });

  it('is left alone elsewhere', async () => {
    expect(await start('linux')).toBeUndefined();
    expect(await start('darwin')).toBeUndefined();
  });
});
