// Ctrl+Shift+L (Cmd+Shift+L on a Mac) locks at once, from anywhere in the window.
import { useEffect, useRef } from 'react';

export function isLockShortcut(
  event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'key'>,
): boolean {
  return (
    (event.ctrlKey || event.metaKey) &&
    event.shiftKey &&
    !event.altKey &&
    event.key.toLowerCase() === 'l'
  );
}

export function useLockShortcut(onLock: () => void, enabled: boolean): void {
  const onLockRef = useRef(onLock);
  useEffect(() => {
    onLockRef.current = onLock;
  }, [onLock]);

  useEffect(() => {
    if (!enabled) return;
    const handle = (event: KeyboardEvent): void => {
      if (!isLockShortcut(event)) return;
      event.preventDefault();
      onLockRef.current();
    };
    // Capture phase, so a focused field cannot swallow the shortcut.
    window.addEventListener('keydown', handle, { capture: true });
    return () => {
      window.removeEventListener('keydown', handle, { capture: true });
    };
  }, [enabled]);
}
