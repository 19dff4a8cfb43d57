// Turns every lock of the core into a `vault:locked` event for whichever transport is attached, and
// gives lock triggers (shortcut, suspend, screen lock) one way to lock that hides the page first.
import { EVENTS, type EventName, type EventPayload } from '../../shared/api-contract';
import type { AppCore, LockReason } from '../core/app-core';

export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface Locker {
  /** Tells the page to hide its content, then closes the vault. */
  lockNow(reason: LockReason): void;
  /** Stops forwarding the core's lock notifications. */
  dispose(): void;
}

export function createLocker(core: Pick<AppCore, 'lock' | 'onLocked'>, emit: EmitEvent): Locker {
  // Set only while lockNow's own core.lock runs (it notifies synchronously), so the page gets one
  // event per lock rather than one from lockNow and a second from the core's notification.
  let alreadyAnnounced = false;
  const unsubscribe = core.onLocked((reason) => {
    if (alreadyAnnounced) return;
    emit('vault:locked', EVENTS['vault:locked'].parse({ reason }));
  });
  return {
    lockNow(reason) {
      emit('vault:locked', { reason });
      alreadyAnnounced = true;
      try {
        core.lock(reason);
      } finally {
        alreadyAnnounced = false;
      }
    },
    dispose() {
      unsubscribe();
    },
  };
}
