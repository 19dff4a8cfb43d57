// "Verify a bundle": the chosen .zip reaches main as a path (Electron) or as an upload (the web
// transport, which has no paths), and main checks it exactly as `sakshya verify` does.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SakshyaApi } from '../api/page-api';
import type { VerifyReport } from '../../../shared/contract/export';
import type { ErrorCode } from '../../../shared/errors';
import { useApi } from '../api/api-context';

export type VerifyPhase =
  | { name: 'idle' }
  | { name: 'checking'; fileName: string; done: number; total: number }
  | { name: 'done'; fileName: string; report: VerifyReport }
  | { name: 'failed'; fileName: string; code: ErrorCode };

export interface BundleVerify {
  phase: VerifyPhase;
  busy: boolean;
  /** `expectKey`: the fingerprint the sender gave apart from the bundle, if she typed one. */
  check: (file: File, expectKey?: string) => void;
  reset: () => void;
}

export function useBundleVerify(): BundleVerify {
  const api = useApi();
  const [phase, setPhase] = useState<VerifyPhase>({ name: 'idle' });
  const current = useRef<string | null>(null);

  useEffect(
    () => () => {
      current.current = null;
    },
    [],
  );

  const check = useCallback(
    (file: File, expectKey?: string) => {
      if (current.current !== null) return;
      const taskId = crypto.randomUUID();
      current.current = taskId;
      const show = (next: VerifyPhase): void => {
        if (current.current === taskId) setPhase(next);
      };
      show({ name: 'checking', fileName: file.name, done: 0, total: 0 });
      void runVerify(api, file, taskId, show, expectKey).then((outcome) => {
        show(outcome);
        if (current.current === taskId) current.current = null;
      });
    },
    [api],
  );

  const reset = useCallback(() => {
    if (current.current === null) setPhase({ name: 'idle' });
  }, []);

  return { phase, busy: phase.name === 'checking', check, reset };
}

async function runVerify(
  api: SakshyaApi,
  file: File,
  taskId: string,
  show: (phase: VerifyPhase) => void,
  expectKey: string | undefined,
): Promise<VerifyPhase> {
  const fileName = file.name;
  const off = api.on('progress', (payload) => {
    if (payload.taskId === taskId)
      show({ name: 'checking', fileName, done: payload.done, total: payload.total });
  });
  try {
    const source = await sendBundle(api, file);
    if ('code' in source) return { name: 'failed', fileName, code: source.code };
    const result = await api.export.verify({
      taskId,
      ...source,
      ...(expectKey === undefined ? {} : { expectKey }),
    });
    if (!result.ok) return { name: 'failed', fileName, code: result.error.code };
    return { name: 'done', fileName, report: result.value };
  } finally {
    off();
  }
}

async function sendBundle(
  api: SakshyaApi,
  file: File,
): Promise<{ path: string } | { uploadId: string } | { code: ErrorCode }> {
  const found = api.files?.pathsFor?.([file])[0] ?? '';
  if (found !== '') return { path: found };
  const upload = api.files?.upload;
  if (upload === undefined) return { code: 'BUNDLE_UNREADABLE' };
  const sent = await upload(file, file.name);
  return sent.ok ? { uploadId: sent.value.uploadId } : { code: sent.error.code };
}
