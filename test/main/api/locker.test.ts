import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocker, type EmitEvent } from '../../../main/api/locker';
import { AppCore } from '../../../main/core/app-core';
import type { EventName } from '../../../shared/api-contract';
import { makeTempDir } from '../../helpers/temp-dir';

async function makeUnlockedCore(): Promise<AppCore> {
  const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
  await core.create('correct horse battery staple');
  return core;
}

function recordEvents(): { events: { event: EventName; payload: unknown }[]; emit: EmitEvent } {
  const events: { event: EventName; payload: unknown }[] = [];
  return { events, emit: (event, payload) => events.push({ event, payload }) };
}

describe('createLocker', () => {
  it('announces the lock once, before the vault closes, when locking now', async () => {
    const core = await makeUnlockedCore();
    const statusWhenAnnounced: boolean[] = [];
    const events: unknown[] = [];
    const locker = createLocker(core, (event, payload) => {
      statusWhenAnnounced.push(core.status().unlocked);
      events.push({ event, payload });
    });
    locker.lockNow('shortcut');
    expect(events).toEqual([{ event: 'vault:locked', payload: { reason: 'shortcut' } }]);
    expect(statusWhenAnnounced).toEqual([true]);
    expect(core.status().unlocked).toBe(false);
    void core.close();
  });

  it('forwards locks that happen elsewhere in the core, until disposed', async () => {
    const core = await makeUnlockedCore();
    const { events, emit } = recordEvents();
    const locker = createLocker(core, emit);
    core.lock('idle');
    expect(events).toEqual([{ event: 'vault:locked', payload: { reason: 'idle' } }]);
    locker.dispose();
    core.lock('user');
    expect(events).toHaveLength(1);
    void core.close();
  });
});
