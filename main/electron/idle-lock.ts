// The auto-lock, enforced by main from the system's idle time and not only by the page: a page that
// is hung, throttled in the background or tampered with cannot keep the vault open. The setting is
// read through the contract (`settings:get`), so main follows exactly what the page shows.
import type { Locker } from '../api/locker';
import type { CoreHost } from '../core-host/core-host';
import type { PowerMonitorLike } from './lock-triggers';

export const IDLE_POLL_MS = 15_000;

/** Starts polling; returns a function that stops it. */
export function startIdleLock(
  powerMonitor: Pick<PowerMonitorLike, 'getSystemIdleTime'>,
  host: Pick<CoreHost, 'call'>,
  locker: Pick<Locker, 'lockNow'>,
  pollMs: number = IDLE_POLL_MS,
): () => void {
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void lockIfIdle(powerMonitor, host, locker).finally(() => {
      checking = false;
    });
  }, pollMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}

/** Locks when the vault is open and the system has been idle for the chosen number of minutes. */
export async function lockIfIdle(
  powerMonitor: Pick<PowerMonitorLike, 'getSystemIdleTime'>,
  host: Pick<CoreHost, 'call'>,
  locker: Pick<Locker, 'lockNow'>,
): Promise<boolean> {
  const idleSeconds = powerMonitor.getSystemIdleTime();
  const settings = await host.call('settings:get', {});
  if (!settings.ok) return false;
  const { autoLockMinutes } = settings.value as { autoLockMinutes: number };
  if (idleSeconds < autoLockMinutes * 60) return false;
  const status = await host.call('vault:status', {});
  if (!status.ok || !(status.value as { unlocked: boolean }).unlocked) return false;
  locker.lockNow('idle');
  return true;
}
