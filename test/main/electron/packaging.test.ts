import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// js-yaml and app-builder-lib come with electron-builder; they have no types here, so each is
// given the one signature this test uses.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
}

const configPath = path.resolve('electron-builder.yml');
const config = yaml.load(fs.readFileSync(configPath, 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('names the app and packs only dist and package.json, without the web transport', () => {
    expect(config.appId).toBe('in.sakshya.app');
    expect(config.productName).toBe('Sakshya');
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    expect(
      config.files.some((pattern) => pattern.startsWith('!') && pattern.includes('web-transport')),
    ).toBe(true);
  });

  it('packs into an asar with the native modules unpacked and rebuilt for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        'node_modules/better-sqlite3-multiple-ciphers/**',
        'node_modules/sharp/**',
        'node_modules/@img/**',
      ]),
    );
    expect(config.npmRebuild).toBe(true);
  });

  it('flips the fuses that stop the app being run as Node or loaded from outside its checked asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds an AppImage and a .deb for Linux, an NSIS installer for Windows and a DMG for macOS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it("matches electron-builder's own configuration schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as {
      DebugLogger: new (enabled: boolean) => unknown;
    };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });
});
