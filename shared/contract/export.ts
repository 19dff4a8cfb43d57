// The export calls of the API contract. shared/api-contract.ts spreads this table into the one API list.
// An export streams a signed BagIt zip out of the vault; where it goes is main's choice (the save
// dialog on the desktop, a private folder served as a download in the web transport), so the page
// only ever learns base names, and on the desktop the folder the user picked herself.
import { z } from 'zod';
import type { ApiCallTable } from './call-table';

/** The algorithms some police labs still ask for, on top of SHA-256 which is always there. */
export const EXTRA_HASHES = ['md5', 'sha1'] as const;
export type ExtraHash = (typeof EXTRA_HASHES)[number];

/** A bundle can be split into parts for e-mail or upload limits; smaller than 1 MB helps no one. */
export const MIN_SPLIT_MB = 1;
export const MAX_SPLIT_MB = 100_000;
const MAX_SELECTED = 100_000;

// Same shape as the web transport's upload ids (shared/api-contract.ts); repeated here because that
// file imports this one.
const UploadIdSchema = z.string().regex(/^[0-9a-f]{32}$/);

/** For Part A of the Section 63 certificate, in the user's own words. */
export const DeviceDetailsSchema = z
  .object({
    make: z.string().max(200),
    model: z.string().max(200),
    serial: z.string().max(200),
    ownership: z.string().max(1000),
  })
  .strict();
export type DeviceDetailsInput = z.infer<typeof DeviceDetailsSchema>;

export const ExportRunInputSchema = z
  .object({
    /** Chosen by the caller so it can follow `progress` events and cancel before the call returns. */
    taskId: z.uuid(),
    caseId: z.uuid(),
    /** A selection of the case's evidence; the whole case when left out. */
    evidenceIds: z.array(z.uuid()).min(1).max(MAX_SELECTED).optional(),
    includeChats: z.boolean().optional(),
    extraHashes: z.array(z.enum(EXTRA_HASHES)).max(EXTRA_HASHES.length).optional(),
    splitMb: z.number().int().min(MIN_SPLIT_MB).max(MAX_SPLIT_MB).optional(),
    device: DeviceDetailsSchema.optional(),
    /** Only after SIGNING_KEY_MISSING, when she confirms: sign with a new key. */
    newSigningKey: z.boolean().optional(),
  })
  .strict();

export const ExportedFileSchema = z.object({
  /** The zip's base name, never a vault path. */
  name: z.string(),
  sha256: z.string(),
  size: z.number().int().nonnegative(),
  /** Web transport only: where the page can download it. Null in the desktop app. */
  downloadUrl: z.string().nullable(),
});
export type ExportedFile = z.infer<typeof ExportedFileSchema>;

export const ExportedBundleSchema = z.object({
  bundleId: z.string(),
  /** One file, or the parts of a split bundle in order. */
  files: z.array(ExportedFileSchema),
  itemCount: z.number().int().nonnegative(),
  signingKeyFingerprint: z.string(),
  /** Desktop only: the folder the user chose in the save dialog. */
  folder: z.string().nullable(),
  /** Whether "Show in folder" can work here (the desktop app). */
  canReveal: z.boolean(),
});
export type ExportedBundle = z.infer<typeof ExportedBundleSchema>;

export const VerifyInputSchema = z
  .object({
    taskId: z.uuid().optional(),
    /** Desktop: the bundle's absolute path (a .zip or an extracted folder). */
    path: z.string().min(1).max(4096).optional(),
    /** Web transport: a zip sent through `files.upload`. */
    uploadId: UploadIdSchema.optional(),
    /** The signing-key fingerprint the sender gave apart from the bundle, if she has it. */
    expectKey: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((input) => (input.path === undefined) !== (input.uploadId === undefined), {
    message: 'Give a path or an upload, not both',
    path: ['path'],
  });

export const VerifyProblemSchema = z.object({
  code: z.string(),
  /** The file inside the bundle it concerns, or null for the bundle as a whole. */
  path: z.string().nullable(),
  /** The core's English sentence; the page shows its own words by code where it has them. */
  message: z.string(),
});
export type VerifyProblem = z.infer<typeof VerifyProblemSchema>;

export const VerifyReportSchema = z.object({
  intact: z.boolean(),
  bundleId: z.string().nullable(),
  fileCount: z.number().int().nonnegative(),
  signature: z.enum(['valid', 'invalid', 'missing']),
  signingKeyFingerprint: z.string().nullable(),
  problems: z.array(VerifyProblemSchema),
  /**
   * Who made it, against the fingerprint the sender gave apart from the bundle (core
   * verify-bundle.ts): 'expected' when that key signed it, 'mismatch' when another did (then also a
   * problem), 'unconfirmed' when no fingerprint was given. `signerNote` says it in plain words.
   */
  signer: z.enum(['unconfirmed', 'expected', 'mismatch']),
  expectedKey: z.string().nullable(),
  signerNote: z.string(),
  /**
   * Whether this vault made it, as far as this vault can tell: 'this-vault' when it is this vault's
   * key and the export is in this vault's custody log, 'another-key' when the vault is open and the
   * key is not ours, and 'unknown' when the vault is locked (the CLI's `verify` needs no vault).
   */
  vaultOrigin: z.enum(['this-vault', 'another-key', 'unknown']).optional(),
});
export type VerifyReport = z.infer<typeof VerifyReportSchema>;

export const EXPORT_CALLS = {
  'export:run': {
    input: ExportRunInputSchema,
    /** `bundle` is null when the user closed the save dialog without choosing a place. */
    output: z.object({ bundle: ExportedBundleSchema.nullable() }),
  },
  'export:cancel': {
    input: z.object({ taskId: z.uuid() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'export:verify': { input: VerifyInputSchema, output: VerifyReportSchema },
  'export:reveal': {
    input: z.object({ bundleId: z.string().min(1).max(100) }).strict(),
    output: z.object({ shown: z.boolean() }),
  },
} as const satisfies ApiCallTable;
