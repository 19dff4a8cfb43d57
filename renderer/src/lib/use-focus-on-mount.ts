// Moves focus to a screen's heading when it appears, so keyboard and screen-reader users start at
// the top of the new screen instead of on a button that no longer exists.
import { useEffect, useRef, type RefObject } from 'react';

export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
