// The backup as the unlocked window sees it: the status the sidebar shows, the folder she chose, a
// run with progress and Cancel, and "Check backup". One instance lives in MainLayout, so "Back up
// now" in the sidebar and in Settings are the same run. The folder comes only from main's folder
// dialog (backup:chooseFolder); the page never makes up a path.
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  BackupRunResult,
  BackupStatus,
  BackupVerifyReport,
} from '../../../shared/contract/backup';
import type { ErrorCode } from '../../../shared/errors';
import { useApi } from '../api/api-context';
import { followProgress, type TaskProgress } from './task-progress';

export type BackupRunPhase =
  | { name: 'idle' }
  /** Main's folder dialog is open. */
  | { name: 'choosing' }
  | { name: 'running'; progress: TaskProgress | null }
  | { name: 'done'; result: BackupRunResult }
  | { name: 'failed'; code: ErrorCode };

export type BackupCheckPhase =
  | { name: 'idle' }
  | { name: 'checking'; progress: TaskProgress | null }
  | { name: 'done'; report: BackupVerifyReport }
  | { name: 'failed'; code: ErrorCode };

export interface Backup {
  /** Null until the first answer (or while locked). */
  status: BackupStatus | null;
  /** The folder the next backup goes to: the one chosen now, else the last one used. */
  folder: string | null;
  run: BackupRunPhase;
  check: BackupCheckPhase;
  stopping: boolean;
  chooseFolder: () => Promise<string | null>;
  backUpNow: () => void;
  cancel: () => void;
  checkBackup: () => void;
  setReminderDays: (days: number) => void;
  refresh: () => void;
}

export function useBackup(onVaultLocked: () => void): Backup {
  const api = useApi();
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [run, setRun] = useState<BackupRunPhase>({ name: 'idle' });
  const [check, setCheck] = useState<BackupCheckPhase>({ name: 'idle' });
  const [stopping, setStopping] = useState(false);
  const runningTask = useRef<string | null>(null);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const fail = useCallback(
    (code: ErrorCode): ErrorCode => {
      if (code === 'VAULT_LOCKED') onVaultLocked();
      return code;
    },
    [onVaultLocked],
  );

  const refresh = useCallback(() => {
    void api.backup.status({}).then((result) => {
      if (!live.current) return;
      if (result.ok) setStatus(result.value);
      else fail(result.error.code);
    });
  }, [api, fail]);

  useEffect(refresh, [refresh]);

  const folder = chosen ?? status?.folder ?? null;

  const chooseFolder = useCallback(async (): Promise<string | null> => {
    const result = await api.backup.chooseFolder({ purpose: 'backup' });
    if (!result.ok || result.value.folder === null) return null;
    if (live.current) setChosen(result.value.folder);
    return result.value.folder;
  }, [api]);

  const startRun = useCallback(
    async (target: string) => {
      const taskId = crypto.randomUUID();
      runningTask.current = taskId;
      setStopping(false);
      setCheck({ name: 'idle' });
      setRun({ name: 'running', progress: null });
      const result = await followProgress(
        api,
        taskId,
        () => api.backup.run({ taskId, folder: target }),
        (progress) => {
          if (live.current && runningTask.current === taskId) setRun({ name: 'running', progress });
        },
      );
      runningTask.current = null;
      if (!live.current) return;
      setStopping(false);
      if (result.ok) {
        setStatus(result.value.status);
        setChosen(null);
        setRun({ name: 'done', result: result.value });
      } else {
        setRun({ name: 'failed', code: fail(result.error.code) });
      }
    },
    [api, fail],
  );

  const backUpNow = useCallback(() => {
    if (runningTask.current !== null || run.name === 'choosing') return;
    if (folder !== null) {
      void startRun(folder);
      return;
    }
    // No folder yet: choosing one is the first half of "Back up now".
    setRun({ name: 'choosing' });
    void chooseFolder().then((picked) => {
      if (!live.current) return;
      if (picked === null) setRun({ name: 'idle' });
      else void startRun(picked);
    });
  }, [folder, run.name, chooseFolder, startRun]);

  const cancel = useCallback(() => {
    const taskId = runningTask.current;
    if (taskId === null) return;
    setStopping(true);
    void api.backup.cancel({ taskId });
  }, [api]);

  const lastFolder = status?.folder ?? null;
  const checkBackup = useCallback(() => {
    if (runningTask.current !== null) return;
    const taskId = crypto.randomUUID();
    // One answer on screen at a time: the check's replaces the last run's.
    setRun((current) => (current.name === 'running' ? current : { name: 'idle' }));
    setCheck({ name: 'checking', progress: null });
    void followProgress(
      api,
      taskId,
      () => api.backup.verify({ taskId, ...(lastFolder === null ? {} : { folder: lastFolder }) }),
      (progress) => {
        if (live.current) setCheck({ name: 'checking', progress });
      },
    ).then((result) => {
      if (!live.current) return;
      setCheck(
        result.ok
          ? { name: 'done', report: result.value }
          : { name: 'failed', code: fail(result.error.code) },
      );
    });
  }, [api, lastFolder, fail]);

  const setReminderDays = useCallback(
    (days: number) => {
      void api.backup.setReminderDays({ days }).then((result) => {
        if (!live.current) return;
        if (result.ok) setStatus(result.value);
        else fail(result.error.code);
      });
    },
    [api, fail],
  );

  return {
    status,
    folder,
    run,
    check,
    stopping,
    chooseFolder,
    backUpNow,
    cancel,
    checkBackup,
    setReminderDays,
    refresh,
  };
}
