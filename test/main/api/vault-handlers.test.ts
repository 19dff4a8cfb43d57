// vault:repair, vault:reminderKey and status.needsRepair through the contract, on a real vault.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { makeTempDir } from '../../helpers/temp-dir';

const PASSPHRASE = 'correct horse battery staple';

async function makeVault(): Promise<{ core: AppCore; dir: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  const core = new AppCore({ vaultDir: dir, scryptLogN: 10 });
  await core.create(PASSPHRASE);
  core.createCase({ title: 'Calls from QuickCash agents' });
  return { core, dir };
}

describe('the vault calls', () => {
  it('report a vault whose vault.json is missing, refuse to create over it, and repair it', async () => {
    const { core, dir } = await makeVault();
    core.lock();
    fs.rmSync(path.join(dir, 'vault.json'));
    const handlers = createHandlers(core);
    expect(await dispatchCall(handlers, 'vault:status', {})).toEqual({
      ok: true,
      value: { exists: false, unlocked: false, needsRepair: true },
    });
    const created = await dispatchCall(handlers, 'vault:create', {
      passphrase: 'a different one here',
    });
    expect(created).toMatchObject({ ok: false, error: { code: 'VAULT_NEEDS_REPAIR' } });
    const wrong = await dispatchCall(handlers, 'vault:repair', {
      passphrase: 'not the passphrase',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(await dispatchCall(handlers, 'vault:repair', { passphrase: PASSPHRASE })).toEqual({
      ok: true,
      value: { exists: true, unlocked: true },
    });
    expect(await dispatchCall(handlers, 'case:list', {})).toMatchObject({
      ok: true,
      value: [{ title: 'Calls from QuickCash agents' }],
    });
    void core.close();
  });

  it('give the window a reminder key that is per vault, stable, and only while unlocked', async () => {
    const first = await makeVault();
    const second = await makeVault();
    const key = await dispatchCall(createHandlers(first.core), 'vault:reminderKey', {});
    expect(key).toMatchObject({
      ok: true,
      value: { key: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown },
    });
    const again = await dispatchCall(createHandlers(first.core), 'vault:reminderKey', {});
    expect(again).toEqual(key);
    expect(await dispatchCall(createHandlers(second.core), 'vault:reminderKey', {})).not.toEqual(
      key,
    );
    first.core.lock();
    expect(await dispatchCall(createHandlers(first.core), 'vault:reminderKey', {})).toMatchObject({
      ok: false,
      error: { code: 'VAULT_LOCKED' },
    });
    void first.core.close();
    void second.core.close();
  });
});
