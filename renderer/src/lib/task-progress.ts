// What backup, check and restore share while they wait on main: the progress events of one task id,
// turned into numbers the bar can show, and the rule that a bar appears only for a wait over a
// second (a quick backup should not flash a bar at her).
import { useEffect, useState } from 'react';
import type { ApiResult } from '../../../shared/api-contract';
import type { SakshyaApi } from '../api/page-api';
import { estimateSecondsLeft } from './format-size';

export interface TaskProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  /** Null during the first second, when an estimate would only be noise. */
  secondsLeft: number | null;
}

/** Runs `call` while passing on the progress events that carry `taskId`. */
export async function followProgress<T>(
  api: SakshyaApi,
  taskId: string,
  call: () => Promise<ApiResult<T>>,
  onProgress: (progress: TaskProgress) => void,
): Promise<ApiResult<T>> {
  let startedAt: number | null = null;
  const off = api.on('progress', (payload) => {
    if (payload.taskId !== taskId) return;
    startedAt ??= Date.now();
    const secondsLeft = estimateSecondsLeft(
      Date.now() - startedAt,
      payload.bytesDone,
      payload.bytesTotal,
    );
    onProgress({ ...payload, secondsLeft });
  });
  try {
    return await call();
  } finally {
    off();
  }
}

export const SHOW_PROGRESS_AFTER_MS = 1000;

/** True once `active` has stayed true for longer than a second; false again when it ends. */
export function useShownAfterASecond(active: boolean): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!active) return;
    const timer = window.setTimeout(() => {
      setShown(true);
    }, SHOW_PROGRESS_AFTER_MS);
    return () => {
      window.clearTimeout(timer);
      setShown(false);
    };
  }, [active]);
  return active && shown;
}
