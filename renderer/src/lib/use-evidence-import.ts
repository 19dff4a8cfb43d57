// One import at a time for the open case: files in, a moving progress bar, then the results.
// Electron gives the real paths of what was dropped (folders included, walked by main); the web
// transport has no paths, so folders are walked here and each file's bytes are sent first.
import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_PASTED_IMAGE_BYTES, type ImportResultItem } from '../../../shared/api-contract';
import type { SakshyaApi } from '../api/page-api';
import type { ErrorCode } from '../../../shared/errors';
import { useApi } from '../api/api-context';
import { walkDroppedFiles, type DroppedFiles } from './dropped-files';
import { estimateSecondsLeft } from './format-size';

export interface ProgressView {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  /** Null during the first second, when an estimate would only be noise. */
  secondsLeft: number | null;
}

export type ImportPhase =
  | { name: 'idle' }
  | { name: 'preparing' }
  | { name: 'uploading' | 'importing'; progress: ProgressView }
  | { name: 'done'; results: ImportResultItem[] }
  | { name: 'failed'; code: ErrorCode };

export interface EvidenceImport {
  phase: ImportPhase;
  busy: boolean;
  stopping: boolean;
  start: (dropped: DroppedFiles) => void;
  /** A pasted picture: uploaded where the transport can, else its bytes go with the call. */
  paste: (file: File) => void;
  cancel: () => void;
  dismiss: () => void;
}

interface Run {
  taskId: string;
  abort: AbortController;
  importing: boolean;
  finished: boolean;
}

const UPLOADS_AT_ONCE = 4;
const CANCEL_RETRIES = 10;
const CANCEL_RETRY_MS = 200;

export function useEvidenceImport(caseId: string, onFinished: () => void): EvidenceImport {
  const api = useApi();
  const [phase, setPhase] = useState<ImportPhase>({ name: 'idle' });
  const [stopping, setStopping] = useState(false);
  const running = useRef<Run | null>(null);

  // The page may go away (a lock, another case) mid-import; the work in main carries on, the
  // window just stops listening.
  useEffect(
    () => () => {
      running.current = null;
    },
    [],
  );

  const launch = useCallback(
    (work: (run: Run, show: (phase: ImportPhase) => void) => Promise<ImportPhase>) => {
      if (running.current !== null) return;
      const run: Run = {
        taskId: crypto.randomUUID(),
        abort: new AbortController(),
        importing: false,
        finished: false,
      };
      running.current = run;
      setStopping(false);
      setPhase({ name: 'preparing' });
      const isCurrent = (): boolean => running.current === run;
      void work(run, (next) => {
        if (isCurrent()) setPhase(next);
      }).then((outcome) => {
        run.finished = true;
        if (!isCurrent()) return;
        running.current = null;
        setStopping(false);
        setPhase(outcome);
        onFinished();
      });
    },
    [onFinished],
  );

  const start = useCallback(
    (dropped: DroppedFiles) => {
      launch((run, show) => runImport(api, caseId, dropped, run, show));
    },
    [launch, api, caseId],
  );

  const paste = useCallback(
    (file: File) => {
      // The desktop app cannot upload (and a pasted File has no path): it sends the bytes.
      if (api.files?.upload !== undefined) start({ files: [file], entries: [] });
      else launch((run, show) => runPasted(api, caseId, file, run, show));
    },
    [launch, start, api, caseId],
  );

  const cancel = useCallback(() => {
    const run = running.current;
    if (run === null || run.abort.signal.aborted) return;
    setStopping(true);
    run.abort.abort();
    void requestCancel(api, run);
  }, [api]);

  const dismiss = useCallback(() => {
    if (running.current === null) setPhase({ name: 'idle' });
  }, []);

  const busy =
    phase.name === 'preparing' || phase.name === 'uploading' || phase.name === 'importing';
  return { phase, busy, stopping, start, paste, cancel, dismiss };
}

async function runImport(
  api: SakshyaApi,
  caseId: string,
  dropped: DroppedFiles,
  run: Run,
  show: (phase: ImportPhase) => void,
): Promise<ImportPhase> {
  const sent = await sendFiles(api, dropped, run.abort.signal, (progress) => {
    show({ name: 'uploading', progress });
  });
  if (sent.paths.length === 0 && sent.uploadIds.length === 0)
    return { name: 'done', results: sent.local };

  const off = followProgress(api, run, show);
  run.importing = true;
  show({
    name: 'importing',
    progress: { done: 0, total: sent.count, bytesDone: 0, bytesTotal: 0, secondsLeft: null },
  });
  // Cancelled while the bytes were still being sent: main is told at once, so it adds nothing and
  // deletes the copies it was sent.
  if (run.abort.signal.aborted) void requestCancel(api, run);
  try {
    const result = await api.evidence.import({
      taskId: run.taskId,
      caseId,
      ...(sent.paths.length > 0 ? { paths: sent.paths } : {}),
      ...(sent.uploadIds.length > 0 ? { uploadIds: sent.uploadIds } : {}),
    });
    if (!result.ok) return { name: 'failed', code: result.error.code };
    return { name: 'done', results: [...result.value.results, ...sent.local] };
  } finally {
    off();
  }
}

async function runPasted(
  api: SakshyaApi,
  caseId: string,
  file: File,
  run: Run,
  show: (phase: ImportPhase) => void,
): Promise<ImportPhase> {
  if (file.size > MAX_PASTED_IMAGE_BYTES)
    return { name: 'done', results: [localResult(file.name, 'failed', 'too-large')] };
  show({ name: 'preparing' });
  const dataBase64 = await readBase64(file).catch(() => null);
  if (dataBase64 === null)
    return { name: 'done', results: [localResult(file.name, 'failed', 'unreadable')] };
  if (run.abort.signal.aborted)
    return { name: 'done', results: [localResult(file.name, 'skipped', 'cancelled')] };
  const off = followProgress(api, run, show);
  run.importing = true;
  show({
    name: 'importing',
    progress: { done: 0, total: 1, bytesDone: 0, bytesTotal: file.size, secondsLeft: null },
  });
  try {
    const result = await api.evidence.importPasted({
      taskId: run.taskId,
      caseId,
      name: file.name,
      mediaType: file.type,
      dataBase64,
    });
    if (!result.ok) return { name: 'failed', code: result.error.code };
    return { name: 'done', results: result.value.results };
  } finally {
    off();
  }
}

/** The file's bytes as base64 (no data: prefix), read by the browser itself rather than in JS. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error('unreadable'));
    };
    reader.readAsDataURL(file);
  });
}

/** Shows main's progress events for this run's task; returns the unsubscribe. */
function followProgress(api: SakshyaApi, run: Run, show: (phase: ImportPhase) => void): () => void {
  const startedAt = Date.now();
  return api.on('progress', (payload) => {
    if (payload.taskId !== run.taskId) return;
    const secondsLeft = estimateSecondsLeft(
      Date.now() - startedAt,
      payload.bytesDone,
      payload.bytesTotal,
    );
    show({ name: 'importing', progress: { ...payload, secondsLeft } });
  });
}

interface SentFiles {
  paths: string[];
  uploadIds: string[];
  /** How many top-level items went to main, for the bar before the first progress event. */
  count: number;
  /** Files that never reached main, with the reason, so the summary still accounts for them. */
  local: ImportResultItem[];
}

async function sendFiles(
  api: SakshyaApi,
  dropped: DroppedFiles,
  signal: AbortSignal,
  onProgress: (progress: ProgressView) => void,
): Promise<SentFiles> {
  const sent: SentFiles = { paths: [], uploadIds: [], count: 0, local: [] };
  const pathsFor = api.files?.pathsFor;
  let toUpload: File[];
  if (pathsFor === undefined) {
    toUpload = await walkDroppedFiles(dropped);
  } else {
    // Electron: a dropped folder keeps its path, and main walks it.
    const paths = pathsFor(dropped.files);
    toUpload = [];
    dropped.files.forEach((file, index) => {
      const found = paths[index] ?? '';
      if (found === '') toUpload.push(file);
      else sent.paths.push(found);
    });
  }
  const upload = api.files?.upload;
  if (upload === undefined) {
    sent.local.push(...toUpload.map((file) => localResult(file.name, 'failed', 'unreadable')));
  } else if (toUpload.length > 0) {
    await uploadAll(toUpload, upload, signal, sent, onProgress);
  }
  sent.count = sent.paths.length + sent.uploadIds.length;
  return sent;
}

async function uploadAll(
  files: File[],
  upload: NonNullable<NonNullable<SakshyaApi['files']>['upload']>,
  signal: AbortSignal,
  sent: SentFiles,
  onProgress: (progress: ProgressView) => void,
): Promise<void> {
  const bytesTotal = files.reduce((sum, file) => sum + file.size, 0);
  const startedAt = Date.now();
  const ids = new Array<string | null>(files.length).fill(null);
  let done = 0;
  let bytesDone = 0;
  let next = 0;
  const report = (): void => {
    const secondsLeft = estimateSecondsLeft(Date.now() - startedAt, bytesDone, bytesTotal);
    onProgress({ done, total: files.length, bytesDone, bytesTotal, secondsLeft });
  };
  report();
  const worker = async (): Promise<void> => {
    for (let index = next++; index < files.length; index = next++) {
      const file = files[index];
      if (file === undefined) continue;
      if (signal.aborted) {
        sent.local.push(localResult(file.name, 'skipped', 'cancelled'));
        continue;
      }
      const result = await upload(file, file.name, signal);
      if (result.ok) ids[index] = result.value.uploadId;
      else if (result.error.code === 'CANCELLED')
        sent.local.push(localResult(file.name, 'skipped', 'cancelled'));
      else sent.local.push(localResult(file.name, 'failed', 'unreadable'));
      done += 1;
      bytesDone += file.size;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(UPLOADS_AT_ONCE, files.length) }, worker));
  // In the order they were dropped, whatever order the uploads finished in.
  for (const id of ids) if (id !== null) sent.uploadIds.push(id);
}

function localResult(
  name: string,
  status: 'failed' | 'skipped',
  reasonCode: 'unreadable' | 'cancelled' | 'too-large',
): ImportResultItem {
  return {
    name,
    status,
    reasonCode,
    reason: null,
    evidenceId: null,
    sha256: null,
    mediaType: null,
    capturedAt: null,
    capturedAtSource: null,
    warnings: [],
    messageCount: null,
  };
}

/** The cancel can overtake the import call on its way to main; ask again until main knows it. */
async function requestCancel(api: SakshyaApi, run: Run): Promise<void> {
  if (!run.importing) return;
  for (let attempt = 0; attempt < CANCEL_RETRIES && !run.finished; attempt++) {
    const result = await api.evidence.cancelImport({ taskId: run.taskId });
    if (!result.ok || result.value.cancelled) return;
    await new Promise((resolve) => setTimeout(resolve, CANCEL_RETRY_MS));
  }
}
