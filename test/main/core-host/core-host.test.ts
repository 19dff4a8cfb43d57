// The core host as it runs in the app: a real worker thread (from source, through tsx) with the
// real core, a real encrypted database and real files. Nothing here is timed.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CORE_HOST_LIMITS,
  startCoreHost,
  type WorkerCoreHost,
} from '../../../main/core-host/core-host';
import { EvidenceRepository } from '../../../main/core/db/repositories/evidence';
import { checkVault } from '../../../main/core/vault/check';
import { Vault } from '../../../main/core/vault/vault';
import type { EventName } from '../../../shared/api-contract';
import { makeTempDir } from '../../helpers/temp-dir';

const PASS = 'a long host passphrase';
const hosts: WorkerCoreHost[] = [];

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

interface Started {
  host: WorkerCoreHost;
  vaultDir: string;
  events: { event: EventName; payload: unknown }[];
  crashes: Error[];
}

async function start(
  scryptLogN = 10,
  vaultDir = path.join(makeTempDir(), 'vault'),
): Promise<Started> {
  const events: Started['events'] = [];
  const crashes: Error[] = [];
  const host = await startCoreHost({
    vaultDir,
    scryptLogN,
    services: {
      emit: (event, payload) => {
        events.push({ event, payload });
      },
    },
    onCrash: (error) => crashes.push(error),
  });
  hosts.push(host);
  return { host, vaultDir, events, crashes };
}

async function value<T>(pending: Promise<{ ok: boolean; value?: unknown }>): Promise<T> {
  const result = await pending;
  expect(result).toMatchObject({ ok: true });
  return result.value as T;
}

function writeSources(count: number): { folder: string; hashes: Set<string> } {
  const folder = makeTempDir('sakshya-host-src-');
  const hashes = new Set<string>();
  for (let i = 0; i < count; i++) {
    const bytes = randomBytes(20_000 + ((i * 7919) % 60_000));
    fs.writeFileSync(path.join(folder, `capture-${String(i).padStart(4, '0')}.bin`), bytes);
    hashes.add(createHash('sha256').update(bytes).digest('hex'));
  }
  return { folder, hashes };
}

describe('the core host in a worker thread', () => {
  it('answers contract calls through the one dispatch, with the same errors', async () => {
    const { host } = await start();
    expect(host.runsIn).toBe('worker');
    expect(await value(host.call('vault:status', {}))).toEqual({ exists: false, unlocked: false });
    expect(await host.call('case:list', {})).toMatchObject({
      ok: false,
      error: { code: 'VAULT_LOCKED' },
    });
    expect(await host.call('nope:nothing', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const created = await value<{ recoveryKey: string }>(
      host.call('vault:create', { passphrase: PASS }),
    );
    expect(created.recoveryKey.length).toBeGreaterThan(20);
    await value(host.call('case:create', { title: 'QuickCash' }));
    expect(await value(host.call('case:list', {}))).toMatchObject([{ title: 'QuickCash' }]);
  });

  it("runs its thread with a young generation smaller than V8's default of 48 MiB", async () => {
    const { host } = await start();
    const young = CORE_HOST_LIMITS.maxYoungGenerationSizeMb ?? 48;
    expect(young).toBeLessThan(48);
    // As Node reports the limits of the running thread, not merely as asked.
    expect(host.resourceLimits.maxYoungGenerationSizeMb).toBe(young);
    expect(await host.call('vault:status', {})).toMatchObject({ ok: true });
  });

  it('runs its thread with an old-generation limit under 1 GiB, so V8 lets its heap grow at most 2× between full collections', async () => {
    const { host } = await start();
    const old = CORE_HOST_LIMITS.maxOldGenerationSizeMb ?? Infinity;
    // V8 allows 4× growth at 1 GiB and above (with pointer compression; 2 GiB without), and scales
    // down from 2× below it (heap-controller.cc): unset, a worker's limit is some 4 GiB.
    expect(old).toBeLessThan(1024);
    // Far above what the host holds at its largest (a 64 MiB JSON export read in: about 300 MiB).
    expect(old).toBeGreaterThanOrEqual(512);
    expect(host.resourceLimits.maxOldGenerationSizeMb).toBe(old);
    expect(await host.call('vault:status', {})).toMatchObject({ ok: true });
  });

  it('answers a ping while a scrypt unlock is still running', async () => {
    // A real work factor, so the unlock's key derivation takes a while even on a fast machine.
    const { host } = await start(16);
    await value(host.call('vault:create', { passphrase: PASS }));
    await value(host.call('vault:lock', {}));
    const order: string[] = [];
    const unlocking = host.call('vault:unlock', { passphrase: PASS }).then((result) => {
      order.push('unlocked');
      return result;
    });
    // Sent after the unlock: a host blocked in synchronous scrypt would answer it only afterwards.
    await host.ping().then(() => order.push('pong'));
    expect(await unlocking).toMatchObject({ ok: true, value: { unlocked: true } });
    expect(order).toEqual(['pong', 'unlocked']);
  });

  it('tells main about locks the core makes, and keeps quiet about the locks main asked for', async () => {
    const { host } = await start();
    const seen: string[] = [];
    host.onLocked((reason) => seen.push(reason));
    await value(host.call('vault:create', { passphrase: PASS }));
    await value(host.call('vault:lock', {}));
    expect(seen).toEqual(['user']);
    await value(host.call('vault:unlock', { passphrase: PASS }));
    host.lock('suspend');
    expect(seen).toEqual(['user', 'suspend']);
    expect(await value(host.call('vault:status', {}))).toEqual({ exists: true, unlocked: false });
    expect(seen).toEqual(['user', 'suspend']);
  });

  it('sends import progress as events and cancels an import on request', async () => {
    const { host, events } = await start();
    await value(host.call('vault:create', { passphrase: PASS }));
    const { id: caseId } = await value<{ id: string }>(
      host.call('case:create', { title: 'QuickCash' }),
    );
    const { folder } = writeSources(300);
    const taskId = randomUUID();
    const importing = host.call('evidence:import', { caseId, paths: [folder], taskId });
    await expect
      .poll(() => events.some((e) => e.event === 'progress'), { timeout: 60_000 })
      .toBe(true);
    expect(await value(host.call('evidence:cancelImport', { taskId }))).toEqual({
      cancelled: true,
    });
    const result = await value<{ results: { status: string }[] }>(importing);
    const imported = result.results.filter((item) => item.status === 'imported').length;
    expect(imported).toBeLessThan(300);
    expect(events.at(-1)).toMatchObject({ event: 'progress', payload: { taskId } });
  });

  it('reports a crash once, fails waiting calls, and loses nothing committed when killed mid-import', async () => {
    const { host, vaultDir, events, crashes } = await start();
    await value(host.call('vault:create', { passphrase: PASS }));
    const { id: caseId } = await value<{ id: string }>(
      host.call('case:create', { title: 'QuickCash' }),
    );
    const { folder, hashes } = writeSources(400);
    const importing = host.call('evidence:import', { caseId, paths: [folder] });
    await expect
      .poll(
        () =>
          events.some((e) => e.event === 'progress' && (e.payload as { done: number }).done >= 40),
        { timeout: 120_000 },
      )
      .toBe(true);
    await host.kill();
    expect(await importing).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(crashes).toHaveLength(1);
    expect(await host.call('vault:status', {})).toMatchObject({ ok: false });

    // What `sakshya check` does, on the vault the dead host left behind.
    const vault = await Vault.open(vaultDir, PASS);
    try {
      const report = await checkVault(vault);
      expect(report.problems).toEqual([]);
      const stored = new EvidenceRepository(vault.db).listAll();
      expect(stored.length).toBeGreaterThan(0);
      for (const item of stored) expect(hashes.has(item.sha256)).toBe(true);
    } finally {
      vault.lock();
    }
    // A new host opens it and finds the same evidence.
    const again = await start(10, vaultDir);
    await value(again.host.call('vault:unlock', { passphrase: PASS }));
    const listed = await value<unknown[]>(again.host.call('evidence:list', { caseId }));
    expect(listed.length).toBeGreaterThan(0);
  });
});
