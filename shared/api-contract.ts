// The one list of every call between the renderer and main, as `domain:verb`, each with a zod
// schema for its input and its result. The preload, the IPC wrapper, the web transport and the
// renderer's client are all built from this table, so a call cannot exist in one and not the others.
import { z } from 'zod';
import {
  CAPTURED_AT_SOURCES,
  CONFIDENCES,
  CaseInputSchema,
  CasePatchSchema,
  CaseSchema,
  ProvenanceSchema,
} from './domain';
import { BACKUP_CALLS } from './contract/backup';
import { EXPORT_CALLS } from './contract/export';
import { MESSAGES_CALLS } from './contract/messages';
import { PEOPLE_CALLS } from './contract/people';
import { STEPS_CALLS } from './contract/steps';
import { TEXT_CALLS, TextProgressSchema } from './contract/text';
import { TIMELINE_CALLS } from './contract/timeline';
import { VIEWER_CALLS } from './contract/viewer';
import { VaultWarningSchema } from './contract/vault';
import { VaultPlaceIgnoredSchema } from './contract/vault-place';
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
  /** Only when true: a vault is here (keys, evidence, database) but its vault.json is missing. */
  needsRepair: z.literal(true).optional(),
  /** Only while unlocked, and only when the unlock found something wrong (contract/vault.ts). */
  warnings: z.array(VaultWarningSchema).optional(),
  /** Only on a first run whose remembered vault was not opened, and why (contract/vault-place.ts). */
  placeIgnored: VaultPlaceIgnoredSchema.optional(),
});
export type VaultStatus = z.infer<typeof VaultStatusSchema>;

const PassphraseSchema = z.string().min(1).max(1024);
const Empty = z.object({}).strict();

/** The most files (or folders) one import may name; a folder counts once, however deep. */
export const MAX_IMPORT_ITEMS = 10_000;
export const IMPORT_STATUSES = ['imported', 'duplicate', 'skipped', 'failed'] as const;
/**
 * Why a file was not added, as a closed list the renderer can put in either language. The core's
 * own English sentence travels alongside as `reason`, for the lawyer who wants the detail.
 */
export const IMPORT_REASONS = [
  'duplicate',
  'cancelled',
  'locked',
  'empty',
  'too-large',
  'system-file',
  'not-a-file',
  'changed',
  'permission',
  'disk-full',
  'unreadable',
  'other',
] as const;
export type ImportReason = (typeof IMPORT_REASONS)[number];
export const THUMBNAIL_STATES = ['ready', 'none', 'pending'] as const;

/** Upload ids come from the dev/test web transport's POST /api/upload; the desktop app sends paths. */
const UploadIdSchema = z.string().regex(/^[0-9a-f]{32}$/);

export const ImportInputSchema = z
  .object({
    /** Chosen by the caller so it can match progress events and cancel before the call returns. */
    taskId: z.uuid().optional(),
    caseId: z.uuid(),
    paths: z.array(z.string().min(1).max(4096)).max(MAX_IMPORT_ITEMS).optional(),
    uploadIds: z.array(UploadIdSchema).max(MAX_IMPORT_ITEMS).optional(),
    provenance: ProvenanceSchema.optional(),
    dayFirst: z.boolean().optional(),
  })
  .strict()
  .refine((input) => (input.paths?.length ?? 0) + (input.uploadIds?.length ?? 0) > 0, {
    message: 'Give at least one file',
    path: ['paths'],
  })
  .refine(
    (input) => (input.paths?.length ?? 0) + (input.uploadIds?.length ?? 0) <= MAX_IMPORT_ITEMS,
    {
      message: 'Too many files',
      path: ['paths'],
    },
  );

/** The most a pasted picture may weigh, decoded; a phone screenshot is well under 5 MB. */
export const MAX_PASTED_IMAGE_BYTES = 25 * 1024 * 1024;

export const PastedImageInputSchema = z
  .object({
    taskId: z.uuid().optional(),
    caseId: z.uuid(),
    /** e.g. pasted-20240512-214310.png; becomes the evidence's original name. */
    name: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[\w.-]+$/),
    mediaType: z.string().regex(/^image\/[a-z0-9.+-]{1,50}$/),
    /** The picture's bytes as base64; 4 characters carry 3 bytes. */
    dataBase64: z
      .string()
      .min(4)
      .max(Math.ceil(MAX_PASTED_IMAGE_BYTES / 3) * 4)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/),
    provenance: ProvenanceSchema.optional(),
  })
  .strict();

export const ImportResultItemSchema = z.object({
  /**
   * What to call the file: its base name, or its path inside the folder she dropped, or
   * `chat.zip › IMG-0001.jpg` for a file inside a zip. Never a vault path or a temporary path.
   */
  name: z.string(),
  status: z.enum(IMPORT_STATUSES),
  reasonCode: z.enum(IMPORT_REASONS).nullable(),
  /** The core's plain English detail, or null. */
  reason: z.string().nullable(),
  evidenceId: z.string().nullable(),
  sha256: z.string().nullable(),
  mediaType: z.string().nullable(),
  /** ISO 8601 with the case zone's offset. */
  capturedAt: z.string().nullable(),
  capturedAtSource: z.enum(CAPTURED_AT_SOURCES).nullable(),
  warnings: z.array(z.string()),
  /** For a chat export read in this run: how many messages it held. */
  messageCount: z.number().int().nonnegative().nullable(),
  /** Of those, how many were already in the case from another export ("412 messages, 380 already here"). */
  messagesAlreadyHere: z.number().int().nonnegative().optional(),
  /** For a phone's call log read in this run: "87 calls from them, 23 outside the hours the RBI allows". */
  callLog: z
    .object({
      calls: z.number().int().nonnegative(),
      alreadyHere: z.number().int().nonnegative(),
      fromThem: z.number().int().nonnegative(),
      outsideHours: z.number().int().nonnegative(),
    })
    .optional(),
});
export type ImportResultItem = z.infer<typeof ImportResultItemSchema>;

export const EvidenceItemSchema = z.object({
  id: z.string(),
  originalName: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  mediaType: z.string(),
  /** UTC ISO 8601; shown in the case's zone. */
  capturedAt: z.string().nullable(),
  capturedAtSource: z.enum(CAPTURED_AT_SOURCES),
  capturedAtConfidence: z.enum(CONFIDENCES),
  capturedAtDetail: z.string(),
  zoneAssumed: z.boolean(),
  importedAt: z.string(),
  provenance: ProvenanceSchema,
  warnings: z.array(z.string()),
  thumbnail: z.enum(THUMBNAIL_STATES),
  thumbnailReason: z.string(),
});
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

export const ThumbnailSchema = z.object({
  /** data:image/webp;base64,… or null when there is no preview (yet). */
  dataUrl: z.string().nullable(),
  status: z.enum(THUMBNAIL_STATES),
  reason: z.string().optional(),
});
export type Thumbnail = z.infer<typeof ThumbnailSchema>;

export const API = {
  'vault:status': { input: Empty, output: VaultStatusSchema },
  'vault:create': {
    input: z.object({ passphrase: PassphraseSchema }).strict(),
    output: z.object({ recoveryKey: z.string() }),
  },
  'vault:unlock': {
    input: z.object({ passphrase: PassphraseSchema }).strict(),
    output: VaultStatusSchema,
  },
  'vault:lock': { input: Empty, output: VaultStatusSchema },
  'vault:recover': {
    input: z
      .object({ recoveryKey: z.string().min(1).max(200), newPassphrase: PassphraseSchema })
      .strict(),
    output: VaultStatusSchema,
  },
  'vault:changePassphrase': {
    input: z.object({ current: PassphraseSchema, next: PassphraseSchema }).strict(),
    output: VaultStatusSchema,
  },
  /** First run: looks for the remembered vault again (a drive plugged in since the start). */
  'vault:findAgain': { input: Empty, output: VaultStatusSchema },
  /** Puts back a lost vault.json from the key files; opens the vault (see core/vault/repair.ts). */
  'vault:repair': {
    input: z.object({ passphrase: PassphraseSchema }).strict(),
    output: VaultStatusSchema,
  },
  /** An opaque per-vault key the window uses to name reminder records (keys/subkeys.ts). */
  'vault:reminderKey': {
    input: Empty,
    output: z.object({ key: z.string().regex(/^[0-9a-f]{64}$/) }),
  },
  /**
   * Main copies the recovery key and clears the clipboard after `clearAfterSeconds`, unless
   * something else was copied since. `copied` is false where main has no clipboard (web transport).
   */
  'vault:copyRecoveryKey': {
    input: z.object({ recoveryKey: z.string().min(1).max(200) }).strict(),
    output: z.object({ copied: z.boolean(), clearAfterSeconds: z.number().int().nullable() }),
  },
  'case:list': { input: Empty, output: z.array(CaseSchema) },
  'case:get': { input: z.object({ id: z.uuid() }).strict(), output: CaseSchema },
  'case:create': { input: CaseInputSchema, output: CaseSchema },
  'case:update': {
    input: z.object({ id: z.uuid(), patch: CasePatchSchema }).strict(),
    output: CaseSchema,
  },
  'evidence:import': {
    input: ImportInputSchema,
    output: z.object({ taskId: z.string(), results: z.array(ImportResultItemSchema) }),
  },
  'evidence:cancelImport': {
    input: z.object({ taskId: z.uuid() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'evidence:list': {
    input: z.object({ caseId: z.uuid() }).strict(),
    output: z.array(EvidenceItemSchema),
  },
  'evidence:thumbnail': {
    input: z.object({ evidenceId: z.uuid() }).strict(),
    output: ThumbnailSchema,
  },
  /** A pasted picture has no path in Electron, so its bytes travel (base64, capped). */
  'evidence:importPasted': {
    input: PastedImageInputSchema,
    output: z.object({ taskId: z.string(), results: z.array(ImportResultItemSchema) }),
  },
  'settings:get': { input: Empty, output: SettingsSchema },
  'settings:set': { input: SettingsSchema.partial().strict(), output: SettingsSchema },
  // Each feature's calls live in shared/contract/<feature>.ts; they join the one list here.
  ...TIMELINE_CALLS,
  ...VIEWER_CALLS,
  ...STEPS_CALLS,
  ...EXPORT_CALLS,
  ...PEOPLE_CALLS,
  ...BACKUP_CALLS,
  ...TEXT_CALLS,
  ...MESSAGES_CALLS,
} as const;

export type ApiName = keyof typeof API;
export const API_NAMES = Object.keys(API) as ApiName[];
export type ApiInput<N extends ApiName> = z.input<(typeof API)[N]['input']>;
export type ApiParsedInput<N extends ApiName> = z.output<(typeof API)[N]['input']>;
export type ApiOutput<N extends ApiName> = z.output<(typeof API)[N]['output']>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Events pushed from main to the renderer. */
export const EVENTS = {
  'vault:locked': z.object({
    reason: z.enum(['user', 'idle', 'suspend', 'screen-lock', 'shortcut']),
  }),
  progress: z.object({
    taskId: z.string(),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    bytesDone: z.number().nonnegative(),
    bytesTotal: z.number().nonnegative(),
  }),
  /** The background reading of text in pictures ("Reading text in 212 screenshots…"). */
  'text:progress': TextProgressSchema,
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
export type SakshyaCalls = {
  [D in ApiDomain]: {
    [V in VerbOf<ApiName, D>]: `${D}:${V}` extends infer N extends ApiName
      ? (input: ApiInput<N>) => Promise<ApiResult<ApiOutput<N>>>
      : never;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** `window.sakshya`: the calls, plus `files`, how dropped files reach main (not a contract call). */
export type SakshyaApi<PageFile = never, PageSignal = never> = SakshyaCalls & {
  /** Each transport offers what it can. */
  files?: SakshyaFiles<PageFile, PageSignal>;
};

/**
 * `PageFile` and `PageSignal` are the page's File and AbortSignal. shared/ has no DOM types (it
 * runs in Node too), so the renderer (renderer/src/api/page-api.ts) and the preload fill them in.
 */
export interface SakshyaFiles<PageFile, PageSignal> {
  /** Electron: the real paths of dropped or chosen files ('' for one with no path, e.g. pasted). */
  pathsFor?: (files: PageFile[]) => string[];
  /** Web transport (dev/test): sends the bytes to a private temporary folder for `uploadIds`. */
  upload?: (
    file: PageFile,
    name: string,
    signal?: PageSignal,
  ) => Promise<ApiResult<{ uploadId: string }>>;
}

/** Builds the API object from the contract over any transport (IPC in Electron, HTTP in tests). */
export function buildSakshyaApi(invoke: Invoke, subscribe: Subscribe): SakshyaCalls {
  const api: Record<string, Record<string, (input: unknown) => Promise<ApiResult<unknown>>>> = {};
  for (const name of API_NAMES) {
    const [domain = '', verb = ''] = name.split(':');
    api[domain] ??= {};
    api[domain][verb] = (input: unknown) => invoke(name, input ?? {});
  }
  const on = (event: EventName, listener: (payload: unknown) => void) => subscribe(event, listener);
  return Object.freeze({ ...api, on }) as unknown as SakshyaCalls;
}
