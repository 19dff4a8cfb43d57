// Locks after a stretch with no keyboard or pointer use. The clock is compared on each tick rather
// than a single long timeout, so a computer waking from sleep locks at once instead of waiting.
import { useEffect, useRef } from 'react';

const ACTIVITY_EVENTS = [
  'keydown',
  'pointerdown',
  'pointermove',
  'wheel',
  'touchstart',
  'focusin',
] as const;
const MAX_TICK_MS = 15_000;

export function useIdleLock(minutes: number, onIdle: () => void, enabled: boolean): void {
  const onIdleRef = useRef(onIdle);
  useEffect(() => {
    onIdleRef.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    if (!enabled) return;
    let lastActivity = Date.now();
    const markActive = (): void => {
      lastActivity = Date.now();
    };
    for (const name of ACTIVITY_EVENTS)
      window.addEventListener(name, markActive, { passive: true, capture: true });
    const limit = minutes * 60_000;
    const timer = window.setInterval(
      () => {
        if (Date.now() - lastActivity >= limit) onIdleRef.current();
      },
      Math.min(MAX_TICK_MS, limit / 4),
    );
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS)
        window.removeEventListener(name, markActive, { capture: true });
    };
  }, [minutes, enabled]);
}
