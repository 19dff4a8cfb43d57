// The renderer's only door to the core. In Electron the preload exposes `window.sakshya`; in the
// dev/test web transport we build the same object from the contract over HTTP, so screens never
// know which transport carried a call. Keys and vault paths never reach this side.
import {
  EVENTS,
  buildSakshyaApi,
  type ApiName,
  type ApiResult,
  type EventName,
} from '../../../shared/api-contract';
import type { SakshyaApi } from './page-api';
import { isErrorCode, ERROR_MESSAGES } from '../../../shared/errors';

const TOKEN_KEY = 'sakshya-token';
const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** The preload's API when it exists, otherwise one over the web transport. */
export function getSakshyaApi(): SakshyaApi {
  const exposed: unknown = Reflect.get(window, 'sakshya');
  if (isSakshyaApi(exposed)) return exposed;
  return createWebApi(takeToken());
}

function isSakshyaApi(value: unknown): value is SakshyaApi {
  return typeof value === 'object' && value !== null && 'vault' in value && 'on' in value;
}

/**
 * Reads the one-time token from `?token=`, keeps it for this tab only, and removes it from the
 * address bar so it does not linger in history or get copied with the URL.
 */
export function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null && fromUrl !== '') {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function createWebApi(token: string): SakshyaApi {
  const invoke = async (name: ApiName, input: unknown): Promise<ApiResult<unknown>> => {
    try {
      const response = await fetch(`/api/call/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sakshya-token': token },
        body: JSON.stringify(input),
      });
      return readApiResult(await response.json());
    } catch {
      return internalFailure();
    }
  };

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;

  // One EventSource for all listeners, opened on first use.
  const ensureSource = (): void => {
    if (source !== undefined) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message: MessageEvent<string>) => {
      const parsed = parseEventMessage(message.data);
      if (parsed === undefined) return;
      for (const listener of listeners.get(parsed.event) ?? []) listener(parsed.payload);
    };
  };

  const subscribe = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    ensureSource();
    let set = listeners.get(event);
    if (set === undefined) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  };

  // Browsers give no file paths, so the web transport takes each file's bytes instead.
  const upload = async (
    file: File,
    name: string,
    signal?: AbortSignal,
  ): Promise<ApiResult<{ uploadId: string }>> => {
    try {
      const response = await fetch(`/api/upload?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'x-sakshya-token': token },
        body: file,
        ...(signal === undefined ? {} : { signal }),
      });
      const result = readApiResult(await response.json());
      if (!result.ok) return result;
      const value = result.value;
      if (
        typeof value === 'object' &&
        value !== null &&
        'uploadId' in value &&
        typeof value.uploadId === 'string'
      ) {
        return { ok: true, value: { uploadId: value.uploadId } };
      }
      return internalFailure();
    } catch {
      return signal?.aborted === true ? cancelledFailure() : internalFailure();
    }
  };

  return { ...buildSakshyaApi(invoke, subscribe), files: { upload } };
}

function readApiResult(body: unknown): ApiResult<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return internalFailure();
  if (body.ok === true && 'value' in body) return { ok: true, value: body.value };
  if (body.ok === false && 'error' in body) {
    const error = body.error;
    if (typeof error === 'object' && error !== null && 'code' in error && isErrorCode(error.code)) {
      return { ok: false, error: { code: error.code, message: ERROR_MESSAGES.en[error.code] } };
    }
  }
  return internalFailure();
}

/** Validates the event against the contract, so a malformed message is dropped, not acted on. */
function parseEventMessage(data: string): { event: EventName; payload: unknown } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || !('event' in body) || !('payload' in body))
    return undefined;
  const event = EVENT_NAMES.find((name) => name === body.event);
  if (event === undefined) return undefined;
  const payload = EVENTS[event].safeParse(body.payload);
  return payload.success ? { event, payload: payload.data } : undefined;
}

function cancelledFailure(): ApiResult<never> {
  return { ok: false, error: { code: 'CANCELLED', message: ERROR_MESSAGES.en.CANCELLED } };
}

function internalFailure(): ApiResult<never> {
  return { ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.en.INTERNAL } };
}
