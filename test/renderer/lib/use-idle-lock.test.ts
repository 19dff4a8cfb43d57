// @vitest-environment jsdom
import { cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useIdleLock } from '../../../renderer/src/lib/use-idle-lock';
import { isLockShortcut } from '../../../renderer/src/lib/use-lock-shortcut';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('useIdleLock', () => {
  it('locks once the set minutes pass with no activity', () => {
    const onIdle = vi.fn();
    renderHook(() => {
      useIdleLock(2, onIdle, true);
    });
    vi.advanceTimersByTime(90_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(45_000);
    expect(onIdle).toHaveBeenCalled();
  });

  it('starts counting again after a key press', () => {
    const onIdle = vi.fn();
    renderHook(() => {
      useIdleLock(2, onIdle, true);
    });
    vi.advanceTimersByTime(100_000);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    vi.advanceTimersByTime(100_000);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('does nothing while switched off', () => {
    const onIdle = vi.fn();
    renderHook(() => {
      useIdleLock(1, onIdle, false);
    });
    vi.advanceTimersByTime(10 * 60_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});

describe('isLockShortcut', () => {
  const base = { ctrlKey: false, metaKey: false, shiftKey: true, altKey: false };
  it('accepts Ctrl+Shift+L and Cmd+Shift+L, and nothing without Shift', () => {
    expect(isLockShortcut({ ...base, ctrlKey: true, key: 'L' })).toBe(true);
    expect(isLockShortcut({ ...base, metaKey: true, key: 'l' })).toBe(true);
    expect(isLockShortcut({ ...base, shiftKey: false, ctrlKey: true, key: 'l' })).toBe(false);
  });
});
