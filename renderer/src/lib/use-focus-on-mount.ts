// Moves focus to a screen's heading when it appears, so keyboard and screen-reader users start at
// the top of the new screen instead of on a button that no longer exists.
// A layout effect, not a passive one: focus moves in the same commit that shows the heading, so
// nothing (a keypress, a screen reader, a test) can see the new screen with focus still elsewhere.
// A CI run caught the passive version: the heading was found before its effect had run.
import { useLayoutEffect, useRef, type RefObject } from 'react';

export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
