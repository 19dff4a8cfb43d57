// The remembered vault place (core/vault/vault-pointer.ts): written atomically, read at start-up, and
// never a crash nor a way to make the app write outside a vault, whatever lies in the pointer file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore } from '../../../../main/core/app-core';
import {
  VAULT_POINTER_NAME,
  defaultVaultPointerFile,
} from '../../../../main/core/vault/default-dir';
import {
  findDefaultVault,
  readVaultPointer,
  writeVaultPointer,
} from '../../../../main/core/vault/vault-pointer';
import { makeTempDir } from '../../../helpers/temp-dir';

/** The app's data folder: the default vault place and the pointer beside it. */
function makeAppData(): { pointer: string; defaultDir: string; root: string } {
  const root = makeTempDir('sakshya-appdata-');
  return {
    root,
    pointer: path.join(root, VAULT_POINTER_NAME),
    defaultDir: path.join(root, 'vault'),
  };
}

/** A folder that holds a vault, as far as the pointer can tell (a plain vault.json). */
function makeVaultFolder(): string {
  const dir = path.join(makeTempDir('sakshya-elsewhere-'), 'Sakshya vault');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'vault.json'), '{}');
  return dir;
}

describe('the remembered vault place', () => {
  it('is the default place when there is no pointer, and the remembered one after it is written', () => {
    const { pointer, defaultDir } = makeAppData();
    expect(readVaultPointer(pointer, defaultDir)).toEqual({
      vaultDir: defaultDir,
      pointed: false,
      ignored: null,
      problem: null,
    });
    const elsewhere = makeVaultFolder();
    writeVaultPointer(pointer, elsewhere);
    expect(readVaultPointer(pointer, defaultDir)).toEqual({
      vaultDir: elsewhere,
      pointed: true,
      ignored: null,
      problem: null,
    });
    // Written atomically: no temp file is left beside it, and it is hers alone.
    expect(fs.readdirSync(path.dirname(pointer))).toEqual([VAULT_POINTER_NAME]);
    expect(fs.statSync(pointer).mode & 0o077).toBe(0);
  });

  it('falls back to the default place with a clear note, never a crash, for a corrupt or planted pointer', () => {
    const { pointer, defaultDir, root } = makeAppData();
    const elsewhere = makeVaultFolder();
    const her = makeTempDir('sakshya-documents-');
    fs.writeFileSync(path.join(her, 'tax-return.pdf'), 'her own file');
    const good = JSON.stringify({
      format: 'sakshya-vault-location',
      version: 1,
      vaultDir: elsewhere,
    });
    const cases: [string, () => void, RegExp][] = [
      [
        'half-written',
        () => {
          fs.writeFileSync(pointer, good.slice(0, 20));
        },
        /damaged/,
      ],
      [
        'empty',
        () => {
          fs.writeFileSync(pointer, '');
        },
        /damaged/,
      ],
      [
        'binary garbage',
        () => {
          fs.writeFileSync(pointer, Buffer.from([0, 255, 7, 1]));
        },
        /damaged/,
      ],
      [
        'an extra field',
        () => {
          fs.writeFileSync(pointer, good.replace('}', ',"run":"rm -rf"}'));
        },
        /damaged/,
      ],
      [
        'a relative path',
        () => {
          fs.writeFileSync(
            pointer,
            JSON.stringify({ format: 'sakshya-vault-location', version: 1, vaultDir: '../x' }),
          );
        },
        /not a whole path/,
      ],
      [
        'a folder of hers with no vault in it',
        () => {
          fs.writeFileSync(
            pointer,
            JSON.stringify({ format: 'sakshya-vault-location', version: 1, vaultDir: her }),
          );
        },
        /holds no vault/,
      ],
      [
        'a link to a vault folder',
        () => {
          const link = path.join(root, 'link-to-vault');
          fs.symlinkSync(elsewhere, link);
          fs.writeFileSync(
            pointer,
            JSON.stringify({ format: 'sakshya-vault-location', version: 1, vaultDir: link }),
          );
        },
        /holds no vault/,
      ],
      [
        'a huge file',
        () => {
          fs.writeFileSync(pointer, ' '.repeat(1024 * 1024) + good);
        },
        /too big/,
      ],
      [
        'a link',
        () => {
          fs.symlinkSync(path.join(her, 'tax-return.pdf'), pointer);
        },
        /is a link/,
      ],
      ['a named pipe', () => execFileSync('mkfifo', [pointer]), /not a plain file/],
      [
        'a folder',
        () => {
          fs.mkdirSync(pointer);
        },
        /not a plain file|could not be read/,
      ],
    ];
    for (const [what, plant, reason] of cases) {
      fs.rmSync(pointer, { recursive: true, force: true });
      plant();
      const place = readVaultPointer(pointer, defaultDir);
      expect(place.vaultDir, what).toBe(defaultDir);
      expect(place.pointed, what).toBe(false);
      expect(place.ignored, what).toMatch(reason);
      // A pointer Sakshya did not write never shows its place; a well-formed one names its folder.
      if ((place.ignored ?? '').includes('holds no vault'))
        expect(place.problem, what).toMatchObject({ reason: 'no-vault' });
      else expect(place.problem, what).toEqual({ reason: 'invalid' });
    }
  });

  it('makes the app write nothing into a folder of hers that a planted pointer names', () => {
    const { pointer, defaultDir } = makeAppData();
    const her = makeTempDir('sakshya-documents-');
    fs.writeFileSync(path.join(her, 'tax-return.pdf'), 'her own file');
    fs.writeFileSync(
      pointer,
      JSON.stringify({ format: 'sakshya-vault-location', version: 1, vaultDir: her }),
    );
    const core = new AppCore({ vaultDir: defaultDir, pointerFile: pointer, scryptLogN: 10 });
    expect(core.vaultPlace()).toMatchObject({ folder: defaultDir, canChoose: true });
    expect(core.vaultPlace().ignored).toMatch(/holds no vault/);
    // First run: she picks Hindi; the settings go to the default place, not into her folder.
    core.setSettings({ language: 'hi' });
    expect(fs.readdirSync(her)).toEqual(['tax-return.pdf']);
    expect(fs.existsSync(path.join(defaultDir, 'settings.json'))).toBe(true);
    void core.close();
  });

  it('remembers a vault she makes while the remembered one is away, so the drive coming back never hides it', async () => {
    const { pointer, defaultDir } = makeAppData();
    const onDrive = makeVaultFolder();
    writeVaultPointer(pointer, onDrive);
    // The drive is not plugged in: the app starts on the default place, and she makes a vault.
    const unplugged = `${onDrive}-unplugged`;
    fs.renameSync(onDrive, unplugged);
    const core = new AppCore({ vaultDir: defaultDir, pointerFile: pointer, scryptLogN: 10 });
    expect(core.vaultPlace().folder).toBe(defaultDir);
    await core.create('a new passphrase for a new vault');
    await core.close();
    // The drive is back: the next start still opens the vault she made and uses.
    fs.renameSync(unplugged, onDrive);
    expect(readVaultPointer(pointer, defaultDir).vaultDir).toBe(defaultDir);
    const next = new AppCore({ vaultDir: defaultDir, pointerFile: pointer, scryptLogN: 10 });
    expect(next.vaultPlace().folder).toBe(defaultDir);
    await next.close();
  });

  it('is not used when the vault folder is given explicitly', () => {
    expect(defaultVaultPointerFile({ SAKSHYA_VAULT_DIR: '/tmp/v', HOME: '/home/m' }, 'linux')).toBe(
      undefined,
    );
    expect(defaultVaultPointerFile({ XDG_CONFIG_HOME: '/home/m/.config' }, 'linux')).toBe(
      path.join('/home/m/.config', 'Sakshya', VAULT_POINTER_NAME),
    );
  });
  it('leads the CLI without --vault to the remembered vault, and never redirects SAKSHYA_VAULT_DIR', () => {
    const config = makeTempDir('sakshya-xdg-');
    const env = { XDG_CONFIG_HOME: config, HOME: config };
    const defaultDir = path.join(config, 'Sakshya', 'vault');
    expect(findDefaultVault(env)).toBe(defaultDir);
    const elsewhere = makeVaultFolder();
    writeVaultPointer(path.join(config, 'Sakshya', VAULT_POINTER_NAME), elsewhere);
    expect(findDefaultVault(env)).toBe(elsewhere);
    expect(findDefaultVault({ ...env, SAKSHYA_VAULT_DIR: '/srv/vault' })).toBe('/srv/vault');
  });
});
