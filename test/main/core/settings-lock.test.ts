// Issue 16 item 8: the auto-lock time cannot be weakened by editing settings.json while locked.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore } from '../../../main/core/app-core';
import { makeTempDir } from '../../helpers/temp-dir';

const PASS = 'settings lock passphrase';

async function unlockedCore(): Promise<{ core: AppCore; dir: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  const core = new AppCore({ vaultDir: dir, scryptLogN: 10 });
  await core.create(PASS);
  return { core, dir };
}

function editWhileLocked(dir: string, change: (json: Record<string, unknown>) => void): void {
  const file = path.join(dir, 'settings.json');
  const json = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>)
    : {};
  change(json);
  fs.writeFileSync(file, JSON.stringify(json));
}

describe('the auto-lock setting', () => {
  it('keeps the time the unlocked user chose, across lock and unlock', async () => {
    const { core } = await unlockedCore();
    expect(core.setSettings({ autoLockMinutes: 30 }).autoLockMinutes).toBe(30);
    core.lock();
    await core.unlock(PASS);
    expect(core.getSettings().autoLockMinutes).toBe(30);
    void core.close();
  });

  it('falls back to the stricter of stored and default when edited while locked, even with the old MAC', async () => {
    const { core, dir } = await unlockedCore();
    core.setSettings({ autoLockMinutes: 30 });
    core.lock();
    editWhileLocked(dir, (json) => {
      json.autoLockMinutes = 240;
    });
    await core.unlock(PASS);
    expect(core.getSettings().autoLockMinutes).toBe(10);
    core.lock();
    editWhileLocked(dir, (json) => {
      json.autoLockMinutes = 240;
      delete json.autoLockMac;
    });
    await core.unlock(PASS);
    expect(core.getSettings().autoLockMinutes).toBe(10);
    void core.close();
  });

  it('takes a stricter time from the file, which can only make the vault safer', async () => {
    const { core, dir } = await unlockedCore();
    core.lock();
    editWhileLocked(dir, (json) => {
      json.autoLockMinutes = 2;
    });
    await core.unlock(PASS);
    expect(core.getSettings().autoLockMinutes).toBe(2);
    void core.close();
  });

  it('refuses a MAC copied from another vault', async () => {
    const first = await unlockedCore();
    const second = await unlockedCore();
    second.core.setSettings({ autoLockMinutes: 60 });
    first.core.lock();
    fs.copyFileSync(path.join(second.dir, 'settings.json'), path.join(first.dir, 'settings.json'));
    await first.core.unlock(PASS);
    expect(first.core.getSettings().autoLockMinutes).toBe(10);
    void first.core.close();
    void second.core.close();
  });

  it('cannot be changed while locked, while language and theme can (and keep the MAC)', async () => {
    const { core } = await unlockedCore();
    core.setSettings({ autoLockMinutes: 45 });
    core.lock();
    expect(() => core.setSettings({ autoLockMinutes: 240 })).toThrow(
      expect.objectContaining({ code: 'VAULT_LOCKED' }) as unknown,
    );
    expect(core.setSettings({ language: 'hi' }).language).toBe('hi');
    await core.unlock(PASS);
    expect(core.getSettings()).toMatchObject({ language: 'hi', autoLockMinutes: 45 });
    void core.close();
  });
});
