// The time now, moved on every minute, so "Last backup: 5 minutes ago" does not freeze while the
// window stays open.
import { useEffect, useState } from 'react';

const MINUTE_MS = 60_000;

export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(new Date());
    }, MINUTE_MS);
    return () => {
      window.clearInterval(timer);
    };
  }, []);
  return now;
}
