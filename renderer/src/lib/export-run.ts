// One export at a time for the open case: the choices go to main, which asks where to save (desktop)
// or keeps the bundle for download (web transport), streams the bag and reports progress by the
// task id chosen here, so the bar moves and Cancel works before the call returns.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiInput } from '../../../shared/api-contract';
import type { SakshyaApi } from '../api/page-api';
import type { ExportedBundle } from '../../../shared/contract/export';
import type { ErrorCode } from '../../../shared/errors';
import { useApi } from '../api/api-context';
import { estimateSecondsLeft } from './format-size';

export interface ExportProgressView {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  /** Null during the first second, when an estimate would only be noise. */
  secondsLeft: number | null;
}

export type ExportPhase =
  | { name: 'idle' }
  /** Waiting for main: the save dialog is open, or the first progress has not come yet. */
  | { name: 'starting' }
  | { name: 'running'; progress: ExportProgressView }
  | { name: 'done'; bundle: ExportedBundle }
  /** She closed the save dialog without choosing a place; nothing was written. */
  | { name: 'not-saved' }
  | { name: 'failed'; code: ErrorCode };

export type ExportChoices = Omit<ApiInput<'export:run'>, 'taskId' | 'caseId'>;

export interface ExportRun {
  phase: ExportPhase;
  busy: boolean;
  stopping: boolean;
  start: (choices: ExportChoices) => void;
  /** After SIGNING_KEY_MISSING, once she confirms: the same choices, signed with a new key. */
  startWithNewKey: () => void;
  cancel: () => void;
  reset: () => void;
}

interface Run {
  taskId: string;
  finished: boolean;
}

export function useExportRun(caseId: string): ExportRun {
  const api = useApi();
  const [phase, setPhase] = useState<ExportPhase>({ name: 'idle' });
  const [stopping, setStopping] = useState(false);
  const running = useRef<Run | null>(null);
  const lastChoices = useRef<ExportChoices | null>(null);

  // A lock or another case takes the page away; main stops the export on a lock by itself.
  useEffect(
    () => () => {
      running.current = null;
    },
    [],
  );

  const start = useCallback(
    (choices: ExportChoices) => {
      if (running.current !== null) return;
      lastChoices.current = choices;
      const run: Run = { taskId: crypto.randomUUID(), finished: false };
      running.current = run;
      setStopping(false);
      setPhase({ name: 'starting' });
      const isCurrent = (): boolean => running.current === run;
      void runExport(api, caseId, choices, run.taskId, (next) => {
        if (isCurrent()) setPhase(next);
      }).then((outcome) => {
        run.finished = true;
        if (!isCurrent()) return;
        running.current = null;
        setStopping(false);
        setPhase(outcome);
      });
    },
    [api, caseId],
  );

  const startWithNewKey = useCallback(() => {
    if (lastChoices.current !== null) start({ ...lastChoices.current, newSigningKey: true });
  }, [start]);

  const cancel = useCallback(() => {
    const run = running.current;
    if (run === null) return;
    setStopping(true);
    void requestCancel(api, run);
  }, [api]);

  const reset = useCallback(() => {
    if (running.current === null) setPhase({ name: 'idle' });
  }, []);

  const busy = phase.name === 'starting' || phase.name === 'running';
  return { phase, busy, stopping, start, startWithNewKey, cancel, reset };
}

async function runExport(
  api: SakshyaApi,
  caseId: string,
  choices: ExportChoices,
  taskId: string,
  show: (phase: ExportPhase) => void,
): Promise<ExportPhase> {
  // The clock starts with the first progress event, not while the save dialog is open.
  let startedAt: number | null = null;
  const off = api.on('progress', (payload) => {
    if (payload.taskId !== taskId) return;
    startedAt ??= Date.now();
    const secondsLeft = estimateSecondsLeft(
      Date.now() - startedAt,
      payload.bytesDone,
      payload.bytesTotal,
    );
    show({ name: 'running', progress: { ...payload, secondsLeft } });
  });
  try {
    const result = await api.export.run({ ...choices, taskId, caseId });
    if (!result.ok) return { name: 'failed', code: result.error.code };
    if (result.value.bundle === null) return { name: 'not-saved' };
    return { name: 'done', bundle: result.value.bundle };
  } finally {
    off();
  }
}

const CANCEL_RETRIES = 10;
const CANCEL_RETRY_MS = 200;

/** The cancel can overtake the export call on its way to main; ask again until main knows it. */
async function requestCancel(api: SakshyaApi, run: Run): Promise<void> {
  for (let attempt = 0; attempt < CANCEL_RETRIES && !run.finished; attempt++) {
    const result = await api.export.cancel({ taskId: run.taskId });
    if (!result.ok || result.value.cancelled) return;
    await new Promise((resolve) => setTimeout(resolve, CANCEL_RETRY_MS));
  }
}
