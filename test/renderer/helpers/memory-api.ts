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
  type EvidenceItem,
  type ImportResultItem,
  type Settings,
} from '../../../shared/api-contract';
import type { VaultWarning } from '../../../shared/contract/vault';
import type { VaultPlaceIgnored } from '../../../shared/contract/vault-place';
import type { SakshyaApi, SakshyaFiles } from '../../../renderer/src/api/page-api';
import { CaseInputSchema, type Case } from '../../../shared/domain';
import { ERROR_MESSAGES, type ErrorCode } from '../../../shared/errors';

export const TEST_RECOVERY_KEY = 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789';

export interface MemoryState {
  exists: boolean;
  unlocked: boolean;
  /** A vault is here but its vault.json is missing (keys, evidence or database remain). */
  needsRepair?: boolean;
  /** What the core found wrong at unlock; reported while unlocked (shared/contract/vault.ts). */
  warnings?: VaultWarning[];
  /** The remembered vault was not opened at start-up, and why (shared/contract/vault-place.ts). */
  placeIgnored?: VaultPlaceIgnored;
  /** What `vault:findAgain` finds: the remembered vault back (it then exists) or still away. */
  foundAgain?: boolean;
  passphrase: string;
  cases: Case[];
  settings: Settings;
  evidence: EvidenceItem[];
  /** What the next `evidence:import` answers; imported rows also join `evidence`. */
  importResults: ImportResultItem[];
  /** Names of files sent through `files.upload`, in order. */
  uploads: string[];
  /** Pictures the desktop app sent as bytes through `evidence:importPasted`, in order. */
  pasted: { name: string; mediaType: string; size: number }[];
  /**
   * Set to play the desktop app: files carry paths (by name, '' when missing) and nothing can be
   * uploaded. Unset, files are uploaded as in the web transport.
   */
  desktopPaths?: Record<string, string> | undefined;
  /** While set, `evidence:import` waits for it, so a test can look at the import in flight. */
  holdImport?: Promise<void> | undefined;
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
    evidence: [],
    importResults: [],
    uploads: [],
    pasted: [],
    ...initial,
  };
  const calls: MemoryApi['calls'] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const fail = (code: ErrorCode): ApiResult<never> => ({
    ok: false,
    error: { code, message: ERROR_MESSAGES.en[code] },
  });
  const ok = (value: unknown): ApiResult<unknown> => ({ ok: true, value });
  const status = () =>
    ok({
      exists: state.exists,
      unlocked: state.unlocked,
      ...(state.needsRepair === true ? { needsRepair: true } : {}),
      ...(!state.exists && state.placeIgnored !== undefined
        ? { placeIgnored: state.placeIgnored }
        : {}),
      ...(state.unlocked && (state.warnings ?? []).length > 0 ? { warnings: state.warnings } : {}),
    });

  const emit: MemoryApi['emit'] = (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  const handle = (name: ApiName, input: Record<string, unknown>): ApiResult<unknown> => {
    const open = state.exists && state.unlocked;
    switch (name) {
      case 'vault:status':
        return status();
      case 'vault:findAgain':
        if (state.foundAgain === true && !state.exists) {
          Object.assign(state, { exists: true, placeIgnored: undefined });
        }
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
      case 'vault:repair':
        if (state.needsRepair !== true) return fail('VAULT_EXISTS');
        if (input.passphrase !== state.passphrase) return fail('WRONG_PASSPHRASE');
        Object.assign(state, { exists: true, unlocked: true, needsRepair: false });
        return status();
      case 'vault:reminderKey':
        return open ? ok({ key: 'ab'.repeat(32) }) : fail('VAULT_LOCKED');
      case 'vault:copyRecoveryKey':
        // As main answers in the desktop app; the web transport answers { copied: false }.
        return ok({ copied: true, clearAfterSeconds: 60 });
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
      case 'evidence:import': {
        if (!open) return fail('VAULT_LOCKED');
        const taskId = typeof input.taskId === 'string' ? input.taskId : 'memory-task';
        const total = state.importResults.length;
        emit('progress', { taskId, done: total, total, bytesDone: total, bytesTotal: total });
        for (const result of state.importResults) {
          if (result.status === 'imported')
            state.evidence.push(describeEvidence(result, state.evidence.length));
        }
        return ok({ taskId, results: state.importResults });
      }
      case 'evidence:importPasted': {
        if (!open) return fail('VAULT_LOCKED');
        state.pasted.push({
          name: String(input.name),
          mediaType: String(input.mediaType),
          size: Buffer.from(String(input.dataBase64), 'base64').length,
        });
        const taskId = typeof input.taskId === 'string' ? input.taskId : 'memory-task';
        for (const result of state.importResults) {
          if (result.status === 'imported')
            state.evidence.push(describeEvidence(result, state.evidence.length));
        }
        return ok({ taskId, results: state.importResults });
      }
      case 'evidence:cancelImport':
        return ok({ cancelled: state.holdImport !== undefined });
      case 'evidence:list':
        return open ? ok(state.evidence) : fail('VAULT_LOCKED');
      case 'evidence:thumbnail':
        return open ? ok({ dataUrl: null, status: 'none' }) : fail('VAULT_LOCKED');
      case 'settings:get':
        return ok(state.settings);
      case 'settings:set':
        state.settings = { ...state.settings, ...input };
        return ok(state.settings);
      default:
        // Feature calls (timeline, viewer, steps, export) are not played here; their tests bring their own.
        return fail('INTERNAL');
    }
  };

  const built = buildSakshyaApi(
    async (name, input) => {
      calls.push({ name, input });
      const parsed = API[name].input.safeParse(input);
      if (!parsed.success) return fail('INVALID_INPUT');
      if (name === 'evidence:import' && state.holdImport !== undefined) {
        await state.holdImport;
        state.holdImport = undefined;
      }
      return handle(name, parsed.data);
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

  // Like the web transport: files arrive as uploads, each answered with an id.
  const upload = (file: File): Promise<ApiResult<{ uploadId: string }>> => {
    state.uploads.push(file.name);
    return Promise.resolve({
      ok: true,
      value: { uploadId: state.uploads.length.toString(16).padStart(32, '0') },
    });
  };
  const desktopPaths = state.desktopPaths;
  const files: SakshyaFiles =
    desktopPaths === undefined
      ? { upload }
      : { pathsFor: (list) => list.map((file) => desktopPaths[file.name] ?? '') };
  const api: SakshyaApi = { ...built, files };

  return { api, state, calls, emit };
}

/** An evidence row as the core would list it, from an import result. */
export function describeEvidence(result: ImportResultItem, index: number): EvidenceItem {
  return {
    id: result.evidenceId ?? `00000000-0000-4000-9000-${String(index + 1).padStart(12, '0')}`,
    originalName: result.name,
    size: 1000,
    sha256: result.sha256 ?? 'a'.repeat(64),
    mediaType: result.mediaType ?? 'image/png',
    capturedAt: result.capturedAt,
    capturedAtSource: result.capturedAtSource ?? 'unknown',
    capturedAtConfidence: 'high',
    capturedAtDetail: '',
    zoneAssumed: false,
    importedAt: '2025-06-01T10:00:00.000Z',
    provenance: { kind: 'unknown' },
    warnings: [],
    thumbnail: 'none',
    thumbnailReason: '',
  };
}

/** Calls made with this name, for "it was never called" checks. */
export function callsNamed(memory: MemoryApi, name: ApiName): unknown[] {
  return memory.calls.filter((call) => call.name === name).map((call) => call.input);
}
