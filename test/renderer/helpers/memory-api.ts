// A test double of the transport only: an in-memory invoke behind the real buildSakshyaApi, with
// inputs checked against the real contract schemas, so screens are exercised exactly as in the app.
import {
  API,
  DEFAULT_SETTINGS,
  buildSakshyaApi,
  type ApiName,
  type ApiResult,
  type EventName,
  type EventPayload,
  type SakshyaApi,
  type Settings,
} from '../../../shared/api-contract';
import { CaseInputSchema, type Case } from '../../../shared/domain';
import { ERROR_MESSAGES, type ErrorCode } from '../../../shared/errors';

export const TEST_RECOVERY_KEY = 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789';

export interface MemoryState {
  exists: boolean;
  unlocked: boolean;
  passphrase: string;
  cases: Case[];
  settings: Settings;
}

export interface MemoryApi {
  api: SakshyaApi;
  state: MemoryState;
  calls: { name: ApiName; input: unknown }[];
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
}

export function createMemoryApi(initial: Partial<MemoryState> = {}): MemoryApi {
  const state: MemoryState = {
    exists: false,
    unlocked: false,
    passphrase: '',
    cases: [],
    settings: { ...DEFAULT_SETTINGS },
    ...initial,
  };
  const calls: MemoryApi['calls'] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const fail = (code: ErrorCode): ApiResult<never> => ({ ok: false, error: { code, message: ERROR_MESSAGES.en[code] } });
  const ok = (value: unknown): ApiResult<unknown> => ({ ok: true, value });
  const status = () => ok({ exists: state.exists, unlocked: state.unlocked });

  const handle = (name: ApiName, input: Record<string, unknown>): ApiResult<unknown> => {
    const open = state.exists && state.unlocked;
    switch (name) {
      case 'vault:status':
        return status();
      case 'vault:create':
        if (state.exists) return fail('VAULT_EXISTS');
        Object.assign(state, { exists: true, unlocked: true, passphrase: input.passphrase });
        return ok({ recoveryKey: TEST_RECOVERY_KEY });
      case 'vault:unlock':
        if (!state.exists) return fail('VAULT_NOT_FOUND');
        if (input.passphrase !== state.passphrase) return fail('WRONG_PASSPHRASE');
        state.unlocked = true;
        return status();
      case 'vault:lock':
        state.unlocked = false;
        return status();
      case 'vault:recover':
        if (input.recoveryKey !== TEST_RECOVERY_KEY) return fail('WRONG_RECOVERY_KEY');
        Object.assign(state, { unlocked: true, passphrase: input.newPassphrase });
        return status();
      case 'vault:changePassphrase':
        return fail('INTERNAL');
      case 'case:list':
        return open ? ok(state.cases) : fail('VAULT_LOCKED');
      case 'case:get':
        return open ? ok(state.cases.find((c) => c.id === input.id)) : fail('VAULT_LOCKED');
      case 'case:create': {
        if (!open) return fail('VAULT_LOCKED');
        const parsed = CaseInputSchema.parse(input);
        const now = new Date('2025-06-01T10:00:00Z').toISOString();
        const created: Case = {
          ...parsed,
          id: `00000000-0000-4000-8000-${String(state.cases.length + 1).padStart(12, '0')}`,
          status: 'open',
          createdAt: now,
          updatedAt: now,
        };
        state.cases.push(created);
        return ok(created);
      }
      case 'case:update': {
        if (!open) return fail('VAULT_LOCKED');
        const index = state.cases.findIndex((c) => c.id === input.id);
        const existing = state.cases[index];
        if (existing === undefined) return fail('NOT_FOUND');
        const updated: Case = { ...existing, ...(input.patch as Partial<Case>) };
        state.cases[index] = updated;
        return ok(updated);
      }
      case 'settings:get':
        return ok(state.settings);
      case 'settings:set':
        state.settings = { ...state.settings, ...input };
        return ok(state.settings);
    }
  };

  const api = buildSakshyaApi(
    (name, input) => {
      calls.push({ name, input });
      const parsed = API[name].input.safeParse(input);
      if (!parsed.success) return Promise.resolve(fail('INVALID_INPUT'));
      return Promise.resolve(handle(name, parsed.data as Record<string, unknown>));
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

  const emit: MemoryApi['emit'] = (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  return { api, state, calls, emit };
}

/** Calls made with this name, for "it was never called" checks. */
export function callsNamed(memory: MemoryApi, name: ApiName): unknown[] {
  return memory.calls.filter((call) => call.name === name).map((call) => call.input);
}
