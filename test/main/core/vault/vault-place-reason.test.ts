// Why the remembered vault was not opened at start-up (core/vault/missing-place.ts), carried to the
// first-run screen through vault:status, and "Try again" (vault:findAgain) once the drive is back:
// on real folders, a real vault and the real dispatch.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../../main/api/dispatch';
import { createHandlers } from '../../../../main/api/handlers';
import { AppCore } from '../../../../main/core/app-core';
import { VAULT_POINTER_NAME } from '../../../../main/core/vault/default-dir';
import { findWhyPlaceIsMissing } from '../../../../main/core/vault/missing-place';
import { writeVaultPointer } from '../../../../main/core/vault/vault-pointer';
import { makeTempDir } from '../../../helpers/temp-dir';

const PASSPHRASE = 'monsoon tea on the terrace';

/** The app's data folder, and a removable-drive root of its own (as /media is). */
function makeMachine(): { pointer: string; defaultDir: string; media: string } {
  const root = makeTempDir('sakshya-place-');
  const media = path.join(root, 'media');
  fs.mkdirSync(path.join(media, 'meera'), { recursive: true });
  return {
    pointer: path.join(root, 'appdata', VAULT_POINTER_NAME),
    defaultDir: path.join(root, 'appdata', 'vault'),
    media,
  };
}

/** Makes a real vault in `dir` with one case, and closes it. */
async function makeVault(dir: string): Promise<void> {
  const core = new AppCore({ vaultDir: dir, scryptLogN: 10 });
  await core.create(PASSPHRASE);
  core.createCase({ title: 'Calls from QuickCash agents' });
  await core.close();
}

describe('the reason a remembered vault was not opened', () => {
  it('is a drive that is not plugged in, and Try again opens the vault once it is back', async () => {
    const machine = makeMachine();
    const drive = path.join(machine.media, 'meera', 'KINGSTON');
    const vaultDir = path.join(drive, 'Sakshya vault');
    await makeVault(vaultDir);
    writeVaultPointer(machine.pointer, vaultDir);
    // Unplugged: udisks removes the drive's folder under /media/<user>.
    const away = path.join(path.dirname(machine.media), 'drive-away');
    fs.renameSync(drive, away);
    const core = new AppCore({
      vaultDir: machine.defaultDir,
      pointerFile: machine.pointer,
      scryptLogN: 10,
      missingPlace: { removableRoots: [{ dir: machine.media, depth: 2 }] },
    });
    const handlers = createHandlers(core);
    expect(await dispatchCall(handlers, 'vault:status', {})).toEqual({
      ok: true,
      value: {
        exists: false,
        unlocked: false,
        placeIgnored: { reason: 'drive-missing', folder: vaultDir },
      },
    });
    // Still away: the same answer, nothing made anywhere.
    expect(await dispatchCall(handlers, 'vault:findAgain', {})).toMatchObject({
      ok: true,
      value: { exists: false, placeIgnored: { reason: 'drive-missing' } },
    });
    expect(fs.existsSync(machine.defaultDir)).toBe(false);
    // Plugged in again: Try again finds it, and it opens with her passphrase.
    fs.renameSync(away, drive);
    expect(await dispatchCall(handlers, 'vault:findAgain', {})).toEqual({
      ok: true,
      value: { exists: true, unlocked: false },
    });
    await core.unlock(PASSPHRASE);
    expect(core.listCases().map((item) => item.title)).toEqual(['Calls from QuickCash agents']);
    expect(core.vaultPlace().folder).toBe(vaultDir);
    await core.close();
  });

  it('is a missing folder when the disk is there but the folder is gone', async () => {
    const machine = makeMachine();
    const vaultDir = path.join(makeTempDir('sakshya-docs-'), 'Sakshya vault');
    await makeVault(vaultDir);
    writeVaultPointer(machine.pointer, vaultDir);
    fs.renameSync(vaultDir, `${vaultDir} (moved)`);
    const core = new AppCore({
      vaultDir: machine.defaultDir,
      pointerFile: machine.pointer,
      scryptLogN: 10,
    });
    expect(core.status().placeIgnored).toEqual({ reason: 'folder-missing', folder: vaultDir });
    // The folder is there again but empty: it is said so, not as a missing folder.
    fs.mkdirSync(vaultDir);
    expect(core.findVaultAgain().placeIgnored).toEqual({ reason: 'no-vault', folder: vaultDir });
    await core.close();
  });

  it('never shows the place a planted or damaged pointer names', async () => {
    const machine = makeMachine();
    const theirs = path.join(makeTempDir('sakshya-theirs-'), 'their place');
    fs.mkdirSync(path.dirname(machine.pointer), { recursive: true });
    const planted = [
      // An extra field: not what Sakshya writes.
      JSON.stringify({ format: 'sakshya-vault-location', version: 1, vaultDir: theirs, x: 1 }),
      // A path that is not whole.
      JSON.stringify({ format: 'sakshya-vault-location', version: 1, vaultDir: `${theirs}/../x` }),
      `{"format":"sakshya-vault-location","version":1,"vaultDir":"${theirs}"`,
    ];
    for (const text of planted) {
      fs.writeFileSync(machine.pointer, text);
      const core = new AppCore({
        vaultDir: machine.defaultDir,
        pointerFile: machine.pointer,
        scryptLogN: 10,
      });
      const status = await dispatchCall(createHandlers(core), 'vault:status', {});
      expect(status).toEqual({
        ok: true,
        value: { exists: false, unlocked: false, placeIgnored: { reason: 'invalid' } },
      });
      expect(JSON.stringify(status)).not.toContain('their place');
      await core.close();
    }
  });

  it('is not said once she has made a new vault, and Try again then never swaps it', async () => {
    const machine = makeMachine();
    const vaultDir = path.join(makeTempDir('sakshya-docs-'), 'Sakshya vault');
    await makeVault(vaultDir);
    writeVaultPointer(machine.pointer, vaultDir);
    fs.renameSync(vaultDir, `${vaultDir}-away`);
    const core = new AppCore({
      vaultDir: machine.defaultDir,
      pointerFile: machine.pointer,
      scryptLogN: 10,
    });
    await core.create('a new passphrase for a new vault');
    core.lock();
    expect(core.status()).toEqual({ exists: true, unlocked: false });
    // The old folder comes back and the pointer is planted to lead to it: Try again keeps hers.
    fs.renameSync(`${vaultDir}-away`, vaultDir);
    writeVaultPointer(machine.pointer, vaultDir);
    expect(core.findVaultAgain()).toEqual({ exists: true, unlocked: false });
    expect(core.vaultPlace().folder).toBe(machine.defaultDir);
    await core.close();
  });

  it('tells a Windows drive letter that is away from a folder gone from a drive that is there', () => {
    const exists = (folder: string): boolean => folder === 'C:\\';
    const win = { pathApi: path.win32, exists, removableRoots: [] };
    expect(findWhyPlaceIsMissing('E:\\Sakshya vault', win)).toBe('drive-missing');
    expect(findWhyPlaceIsMissing('C:\\Users\\Meera\\Sakshya vault', win)).toBe('folder-missing');
    expect(findWhyPlaceIsMissing('\\\\nas\\share\\Sakshya vault', win)).toBe('drive-missing');
    // On macOS, a drive's folder under /Volumes is gone while it is unplugged.
    const mac = {
      pathApi: path.posix,
      exists: (folder: string): boolean => ['/', '/Volumes'].includes(folder),
      removableRoots: [{ dir: '/Volumes', depth: 1 }],
    };
    expect(findWhyPlaceIsMissing('/Volumes/USB/Sakshya vault', mac)).toBe('drive-missing');
    expect(findWhyPlaceIsMissing('/Users/meera/Sakshya vault', mac)).toBe('folder-missing');
  });
});
