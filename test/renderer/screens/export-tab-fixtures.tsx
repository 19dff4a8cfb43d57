// The Export tab's test fixtures (ExportTab.test.tsx, ExportTab-check.test.tsx): a case and its
// items, a scripted main behind the real buildSakshyaApi and contract schemas, and rendering.
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import {
  API,
  buildSakshyaApi,
  type ApiName,
  type ApiResult,
  type EventName,
  type EventPayload,
  type EvidenceItem,
} from '../../../shared/api-contract';
import type { SakshyaApi } from '../../../renderer/src/api/page-api';
import type { ExportedBundle } from '../../../shared/contract/export';
import type { Case } from '../../../shared/domain';
import { ERROR_MESSAGES, type ErrorCode } from '../../../shared/errors';
import { ApiContext } from '../../../renderer/src/api/api-context';
import { createI18n, type Language } from '../../../renderer/src/i18n';
import { ExportTab } from '../../../renderer/src/screens/ExportTab';

export const PREPARE = 'Prepare the bundle for your lawyer or the police';

export const CASE: Case = {
  id: '00000000-0000-4000-8000-000000000001',
  title: 'QuickCash loan app',
  description: '',
  counterparty: { name: 'QuickCash', kind: 'loan-app', agentNames: [], numbers: [], handles: [] },
  status: 'open',
  timezone: 'Asia/Kolkata',
  createdAt: '2025-06-01T10:00:00.000Z',
  updatedAt: '2025-06-01T10:00:00.000Z',
};

export function evidence(index: number, name: string, mediaType = 'image/png'): EvidenceItem {
  return {
    id: `00000000-0000-4000-9000-00000000000${String(index)}`,
    originalName: name,
    size: 1000,
    sha256: String(index).repeat(64),
    mediaType,
    capturedAt: `2024-05-1${String(index)}T16:13:01.000Z`,
    capturedAtSource: 'filename',
    capturedAtConfidence: 'high',
    capturedAtDetail: '',
    zoneAssumed: false,
    importedAt: '2025-06-01T10:00:00.000Z',
    provenance: { kind: 'unknown' },
    warnings: [],
    thumbnail: 'ready',
    thumbnailReason: '',
  };
}

export const ITEMS = [
  evidence(1, 'Screenshot_20240511-214301.png'),
  evidence(2, 'Screenshot_20240512-214302.png'),
  evidence(3, 'chat.txt', 'text/plain'),
];

export const SHA = 'c0ffee'.repeat(10) + 'c0de';

export function bundle(extra: Partial<ExportedBundle> = {}): ExportedBundle {
  return {
    bundleId: '7f1c2a4e-0000-4000-8000-00000000abcd',
    files: [
      {
        name: 'sakshya-bundle-2025-06-01.zip',
        sha256: SHA,
        size: 2_400_000,
        downloadUrl: '/api/download/0123456789abcdef0123456789abcdef/sakshya-bundle-2025-06-01.zip',
      },
    ],
    itemCount: 3,
    signingKeyFingerprint: 'SHA256:abcdefghijklmnop',
    folder: null,
    canReveal: false,
    ...extra,
  };
}

export type Answer = ApiResult<unknown> | Promise<ApiResult<unknown>>;

export interface Scripted {
  api: SakshyaApi;
  calls: { name: ApiName; input: Record<string, unknown> }[];
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  answers: Partial<Record<ApiName, (input: Record<string, unknown>) => Answer>>;
  uploads: string[];
}

export const ok = (value: unknown): ApiResult<unknown> => ({ ok: true, value });
export const fail = (code: ErrorCode): ApiResult<never> => ({
  ok: false,
  error: { code, message: ERROR_MESSAGES.en[code] },
});

export function script(options: { desktop?: boolean } = {}): Scripted {
  const calls: Scripted['calls'] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const uploads: string[] = [];
  const answers: Scripted['answers'] = {
    'evidence:list': () => ok(ITEMS),
    'evidence:thumbnail': () => ok({ dataUrl: 'data:image/webp;base64,AAAA', status: 'ready' }),
  };
  const built = buildSakshyaApi(
    async (name, input) => {
      const parsed = API[name].input.safeParse(input);
      if (!parsed.success) return fail('INVALID_INPUT');
      const data = parsed.data as Record<string, unknown>;
      calls.push({ name, input: data });
      const answer = answers[name];
      return answer === undefined ? fail('INTERNAL') : await answer(data);
    },
    (event, listener) => {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
  );
  const files: SakshyaApi['files'] = options.desktop
    ? { pathsFor: (list) => list.map((file) => `/home/asha/Downloads/${file.name}`) }
    : {
        upload: (file) => {
          uploads.push(file.name);
          return Promise.resolve({ ok: true, value: { uploadId: 'ab'.repeat(16) } });
        },
      };
  const emit: Scripted['emit'] = (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  return { api: { ...built, files }, calls, emit, answers, uploads };
}

export function show(scripted: Scripted, language: Language = 'en') {
  const user = userEvent.setup();
  render(
    <ApiContext value={scripted.api}>
      <I18nextProvider i18n={createI18n(language)}>
        <ExportTab current={CASE} />
      </I18nextProvider>
    </ApiContext>,
  );
  return user;
}

export function callsNamed(scripted: Scripted, name: ApiName): Record<string, unknown>[] {
  return scripted.calls.filter((call) => call.name === name).map((call) => call.input);
}

/** An export:run that waits until the test lets it finish, so the progress can be looked at. */
export function holdRun(scripted: Scripted): { release: (answer: ApiResult<unknown>) => void } {
  let release: (answer: ApiResult<unknown>) => void = () => undefined;
  const held = new Promise<ApiResult<unknown>>((resolve) => {
    release = resolve;
  });
  scripted.answers['export:run'] = () => held;
  return {
    release: (answer) => {
      release(answer);
    },
  };
}
