// The one list of every call between the renderer and main, as `domain:verb`, each with a zod
// schema for its input and its result. The preload, the IPC wrapper, the web transport and the
// renderer's client are all built from this table, so a call cannot exist in one and not the others.
import { z } from 'zod';
import { CaseInputSchema, CasePatchSchema, CaseSchema } from './domain';
import type { ApiError } from './errors';

export const LANGUAGES = ['en', 'hi'] as const;
export const THEMES = ['system', 'light', 'dark'] as const;

export const SettingsSchema = z.object({
  autoLockMinutes: z.number().int().min(1).max(240),
  language: z.enum(LANGUAGES),
  theme: z.enum(THEMES),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = { autoLockMinutes: 10, language: 'en', theme: 'system' };

export const VaultStatusSchema = z.object({
  exists: z.boolean(),
  unlocked: z.boolean(),
});
export type VaultStatus = z.infer<typeof VaultStatusSchema>;

const PassphraseSchema = z.string().min(1).max(1024);
const Empty = z.object({}).strict();

export const API = {
  'vault:status': { input: Empty, output: VaultStatusSchema },
  'vault:create': {
    input: z.object({ passphrase: PassphraseSchema }).strict(),
    output: z.object({ recoveryKey: z.string() }),
  },
  'vault:unlock': { input: z.object({ passphrase: PassphraseSchema }).strict(), output: VaultStatusSchema },
  'vault:lock': { input: Empty, output: VaultStatusSchema },
  'vault:recover': {
    input: z.object({ recoveryKey: z.string().min(1).max(200), newPassphrase: PassphraseSchema }).strict(),
    output: VaultStatusSchema,
  },
  'vault:changePassphrase': {
    input: z.object({ current: PassphraseSchema, next: PassphraseSchema }).strict(),
    output: VaultStatusSchema,
  },
  'case:list': { input: Empty, output: z.array(CaseSchema) },
  'case:get': { input: z.object({ id: z.uuid() }).strict(), output: CaseSchema },
  'case:create': { input: CaseInputSchema, output: CaseSchema },
  'case:update': {
    input: z.object({ id: z.uuid(), patch: CasePatchSchema }).strict(),
    output: CaseSchema,
  },
  'settings:get': { input: Empty, output: SettingsSchema },
  'settings:set': { input: SettingsSchema.partial().strict(), output: SettingsSchema },
} as const;

export type ApiName = keyof typeof API;
export const API_NAMES = Object.keys(API) as ApiName[];
export type ApiInput<N extends ApiName> = z.input<(typeof API)[N]['input']>;
export type ApiParsedInput<N extends ApiName> = z.output<(typeof API)[N]['input']>;
export type ApiOutput<N extends ApiName> = z.output<(typeof API)[N]['output']>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Events pushed from main to the renderer. */
export const EVENTS = {
  'vault:locked': z.object({ reason: z.enum(['user', 'idle', 'suspend', 'screen-lock', 'shortcut']) }),
  progress: z.object({
    taskId: z.string(),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    bytesDone: z.number().nonnegative(),
    bytesTotal: z.number().nonnegative(),
  }),
} as const;
export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

type DomainOf<N extends string> = N extends `${infer D}:${string}` ? D : never;
type VerbOf<N extends string, D extends string> = N extends `${D}:${infer V}` ? V : never;
export type ApiDomain = DomainOf<ApiName>;

export type Invoke = (name: ApiName, input: unknown) => Promise<ApiResult<unknown>>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/**
 * The shape of `window.sakshya`: `sakshya.vault.unlock({ passphrase })` and so on, one method per
 * contract entry, plus `on` for events. No channel strings or transport objects are visible.
 */
export type SakshyaApi = {
  [D in ApiDomain]: {
    [V in VerbOf<ApiName, D>]: `${D}:${V}` extends infer N extends ApiName
      ? (input: ApiInput<N>) => Promise<ApiResult<ApiOutput<N>>>
      : never;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Builds the API object from the contract over any transport (IPC in Electron, HTTP in tests). */
export function buildSakshyaApi(invoke: Invoke, subscribe: Subscribe): SakshyaApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<ApiResult<unknown>>>> = {};
  for (const name of API_NAMES) {
    const [domain = '', verb = ''] = name.split(':');
    api[domain] ??= {};
    api[domain][verb] = (input: unknown) => invoke(name, input ?? {});
  }
  const on = (event: EventName, listener: (payload: unknown) => void) => subscribe(event, listener);
  return Object.freeze({ ...api, on }) as unknown as SakshyaApi;
}
