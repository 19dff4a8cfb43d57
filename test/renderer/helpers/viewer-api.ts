// A transport double for the viewer's calls only: an in-memory invoke behind the real
// buildSakshyaApi, with every input checked against the real contract schemas and every answer
// against the output schemas, so the viewer is exercised exactly as in the app.
import {
  API,
  EVENTS,
  buildSakshyaApi,
  type ApiName,
  type ApiResult,
  type EventName,
  type EventPayload,
} from '../../../shared/api-contract';
import type { EvidenceText } from '../../../shared/contract/text';
import type { SakshyaApi } from '../../../renderer/src/api/page-api';
import type {
  ChatConversation,
  EvidenceDetails,
  EvidenceView,
} from '../../../shared/contract/viewer';
import { ERROR_MESSAGES, type ErrorCode } from '../../../shared/errors';

export interface ViewerMemory {
  api: SakshyaApi;
  details: Map<string, EvidenceDetails>;
  views: Map<string, EvidenceView>;
  /** `evidence:chat` answers by evidence id, or by `${evidenceId}#${thread}` for one thread. */
  chats: Map<string, ChatConversation>;
  calls: { name: ApiName; input: unknown }[];
  /** While set, `evidence:view` waits for it, so a test can see the loading state. */
  holdView: { current: Promise<void> | undefined };
  /** `evidence:text` answers by evidence id (none: the call fails, and no text panel shows). */
  texts: Map<string, EvidenceText>;
  /** What `text:readAnyway` answers (`queued`). */
  readAnyway: { queued: boolean };
  /** Sends an event to the page, checked against the contract's event schema. */
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
}

export const CASE_ID = '00000000-0000-4000-8000-000000000001';

export function evidenceId(n: number): string {
  return `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
}

/** A small red PNG (2 × 1), as a data: URL. */
export const PNG_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAD0lEQVQImWO4y8Bwl4EBAAfMAbvxDan4AAAAAElFTkSuQmCC';

export function makeDetails(n: number, extra: Partial<EvidenceDetails> = {}): EvidenceDetails {
  return {
    id: evidenceId(n),
    caseId: CASE_ID,
    timezone: 'Asia/Kolkata',
    originalName: `Screenshot_20240512-21430${String(n)}.png`,
    size: 123_456,
    mediaType: 'image/png',
    sha256: String(n).repeat(64).slice(0, 64),
    isImage: true,
    captured: {
      at: '2024-05-12T16:13:00.000Z',
      local: '2024-05-12T21:43:00+05:30',
      source: 'filename',
      confidence: 'medium',
      detail: 'from the file name',
      zoneAssumed: true,
    },
    original: null,
    correction: null,
    importedAt: '2025-06-01T10:00:00.000Z',
    device: { make: null, model: null, software: null },
    exif: {
      dateOriginal: null,
      offset: null,
      width: 1080,
      height: 2400,
      orientation: null,
      lens: null,
      exposure: null,
      aperture: null,
      iso: null,
      focalLength: null,
    },
    gps: null,
    provenance: { kind: 'received', from: 'Recovery agent', channel: 'WhatsApp' },
    notes: '',
    tags: [],
    warnings: [],
    custody: [
      {
        seq: 4,
        at: '2025-06-01T10:00:00.000Z',
        action: 'evidence.added',
        kind: 'added',
        summary: 'Added to the case.',
      },
    ],
    ...extra,
  };
}

export function createViewerMemory(items: EvidenceDetails[]): ViewerMemory {
  const details = new Map(items.map((item) => [item.id, item]));
  const views = new Map<string, EvidenceView>(
    items.map((item) => [
      item.id,
      item.isImage
        ? {
            kind: 'image',
            dataUrl: PNG_DATA_URL,
            width: 2,
            height: 1,
            converted: false,
            downscaled: false,
          }
        : { kind: 'none', reasonCode: 'not-an-image', reason: 'no picture' },
    ]),
  );
  const calls: ViewerMemory['calls'] = [];
  const chats: ViewerMemory['chats'] = new Map();
  const holdView: ViewerMemory['holdView'] = { current: undefined };
  const texts: ViewerMemory['texts'] = new Map();
  const readAnyway: ViewerMemory['readAnyway'] = { queued: true };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const emit: ViewerMemory['emit'] = (event, payload) => {
    EVENTS[event].parse(payload);
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const fail = (code: ErrorCode): ApiResult<never> => ({
    ok: false,
    error: { code, message: ERROR_MESSAGES.en[code] },
  });
  const answer = (name: ApiName, value: unknown): ApiResult<unknown> => {
    // An answer the real contract would refuse is a bug in this double, not in the viewer.
    API[name].output.parse(value);
    return { ok: true, value };
  };
  let seq = 100;

  const handle = async (
    name: ApiName,
    input: Record<string, unknown>,
  ): Promise<ApiResult<unknown>> => {
    const id = typeof input.evidenceId === 'string' ? input.evidenceId : '';
    const found = details.get(id);
    if (found === undefined) return fail('NOT_FOUND');
    switch (name) {
      case 'evidence:get':
        return answer(name, found);
      case 'evidence:view': {
        if (holdView.current !== undefined) await holdView.current;
        return answer(name, views.get(id));
      }
      case 'evidence:setTime': {
        const at = String(input.at);
        const updated: EvidenceDetails = {
          ...found,
          captured: {
            at: new Date(`${at}+05:30`).toISOString(),
            local: `${at}+05:30`,
            source: 'user',
            confidence: 'high',
            detail: 'set by hand',
            zoneAssumed: true,
          },
          original: found.original ?? {
            at: found.captured.at,
            local: found.captured.local,
            source: found.captured.source,
            confidence: found.captured.confidence,
            detail: found.captured.detail,
          },
          correction: { at: '2025-06-02T05:00:00.000Z', reason: String(input.reason) },
          custody: [
            ...found.custody,
            {
              seq: ++seq,
              at: '2025-06-02T05:00:00.000Z',
              action: 'evidence.time-corrected',
              kind: 'time-corrected',
              summary: 'Captured time corrected.',
            },
          ],
        };
        details.set(id, updated);
        return answer(name, updated);
      }
      case 'evidence:chat': {
        const key = typeof input.thread === 'string' ? `${id}#${input.thread}` : id;
        return answer(
          name,
          chats.get(key) ?? { evidenceId: id, timezone: found.timezone, lines: [], cut: false },
        );
      }
      case 'evidence:text': {
        const text = texts.get(id);
        return text === undefined ? fail('INTERNAL') : answer(name, text);
      }
      case 'text:readAnyway':
        return answer(name, { queued: readAnyway.queued });
      case 'evidence:setNotes': {
        const updated: EvidenceDetails = {
          ...found,
          notes: String(input.notes),
          tags: input.tags as string[],
        };
        details.set(id, updated);
        return answer(name, updated);
      }
      default:
        return fail('INTERNAL');
    }
  };

  const api = buildSakshyaApi(
    async (name, input) => {
      calls.push({ name, input });
      const parsed = API[name].input.safeParse(input);
      if (!parsed.success) return fail('INVALID_INPUT');
      return handle(name, parsed.data);
    },
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  );
  return { api, details, views, chats, calls, holdView, texts, readAnyway, emit };
}
