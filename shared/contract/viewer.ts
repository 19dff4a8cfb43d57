// The viewer calls of the API contract. shared/api-contract.ts spreads this table into the one API list.
// Everything here is what the viewer's details panel shows about one item; no vault path, blob name
// or key ever travels in it.
import { z } from 'zod';
import { CAPTURED_AT_SOURCES, CONFIDENCES, ProvenanceSchema } from '../domain';
import type { ApiCallTable } from './call-table';

/** The shortest reason accepted for correcting a time: a word or two, not a keystroke. */
export const MIN_TIME_REASON = 5;
export const MAX_TIME_REASON = 2000;
export const MAX_NOTES = 10_000;
export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 60;

export const CapturedTimeSchema = z.object({
  /** UTC ISO 8601, or null when nothing says when. */
  at: z.string().nullable(),
  /** The same instant on the case's wall clock with its offset: '2024-05-12T21:43:10+05:30'. */
  local: z.string().nullable(),
  source: z.enum(CAPTURED_AT_SOURCES),
  confidence: z.enum(CONFIDENCES),
  detail: z.string(),
});
export type CapturedTime = z.infer<typeof CapturedTimeSchema>;

export const ExifHighlightsSchema = z.object({
  /** As the file writes it: '2024:05:12 21:43:10'. */
  dateOriginal: z.string().nullable(),
  offset: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  orientation: z.string().nullable(),
  lens: z.string().nullable(),
  /** '1/120 s', 'f/1.8', 'ISO 100', '4.2 mm': already readable in either language. */
  exposure: z.string().nullable(),
  aperture: z.string().nullable(),
  iso: z.string().nullable(),
  focalLength: z.string().nullable(),
});
export type ExifHighlights = z.infer<typeof ExifHighlightsSchema>;

export const CUSTODY_SUMMARY_KINDS = [
  'added',
  'restored',
  'time-corrected',
  'notes-changed',
  'chat-imported',
  'other',
] as const;

export const ViewerCustodyEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  action: z.string(),
  kind: z.enum(CUSTODY_SUMMARY_KINDS),
  /** A plain English sentence for the lawyer; the window puts `kind` in the reader's language. */
  summary: z.string(),
});
export type ViewerCustodyEntry = z.infer<typeof ViewerCustodyEntrySchema>;

export const EvidenceDetailsSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  /** The case's zone, in which every time here is shown. */
  timezone: z.string(),
  originalName: z.string(),
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
  sha256: z.string(),
  /** True for a picture the viewer can show (the browser's own formats, HEIC, TIFF, AVIF). */
  isImage: z.boolean(),
  captured: CapturedTimeSchema.extend({ zoneAssumed: z.boolean() }),
  /** What Sakshya had worked out before the first correction; null when never corrected. */
  original: CapturedTimeSchema.nullable(),
  /** The latest correction: when it was made and why. */
  correction: z.object({ at: z.string(), reason: z.string() }).nullable(),
  importedAt: z.string(),
  device: z.object({
    make: z.string().nullable(),
    model: z.string().nullable(),
    software: z.string().nullable(),
  }),
  exif: ExifHighlightsSchema,
  gps: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  provenance: ProvenanceSchema,
  notes: z.string(),
  tags: z.array(z.string()),
  warnings: z.array(z.string()),
  custody: z.array(ViewerCustodyEntrySchema),
});
export type EvidenceDetails = z.infer<typeof EvidenceDetailsSchema>;

export const VIEW_NONE_REASONS = [
  'not-an-image',
  'unreadable',
  'too-large',
  'changed',
  'not-playable',
] as const;

export const EvidenceViewSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('image'),
    /** data:image/…;base64,… decrypted in memory only. */
    dataUrl: z.string(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    /** True when the original (HEIC, TIFF…) was turned into a picture the window can draw. */
    converted: z.boolean(),
    /** True when the original was too large to send whole, so a smaller copy is shown. */
    downscaled: z.boolean(),
  }),
  z.object({
    kind: z.literal('audio'),
    /** data:audio/…;base64,… decrypted in memory only: a voice note or a call recording. */
    dataUrl: z.string(),
    mediaType: z.string(),
  }),
  z.object({
    kind: z.literal('none'),
    reasonCode: z.enum(VIEW_NONE_REASONS),
    reason: z.string(),
    /** For a recording the window cannot play (AMR, 3GP): its length, when the file gives it. */
    durationSeconds: z.number().nonnegative().nullable().optional(),
  }),
]);
export type EvidenceView = z.infer<typeof EvidenceViewSchema>;

export const ChatLineSchema = z.object({
  /** The timeline entry of this line, to show it in its place on the timeline. */
  eventId: z.string(),
  /** UTC ISO 8601. */
  at: z.string(),
  /** The case's clock with its offset: '2024-05-12T22:01:00+05:30'. */
  local: z.string(),
  /** The name or number as the chat writes it; null for the chat's own notices. */
  sender: z.string().nullable(),
  text: z.string(),
  isSystem: z.boolean(),
  /** True for a message she sent: an SMS backup says so; in a chat export, the sender she said is her. */
  outgoing: z.boolean().optional(),
  /** Files the message sent: the stored evidence when the export held it, else only its name. */
  attachments: z.array(
    z.object({
      name: z.string(),
      evidenceId: z.string().nullable(),
      mediaType: z.string().nullable(),
    }),
  ),
});
export type ChatLine = z.infer<typeof ChatLineSchema>;

/** One call of a phone's call log (an Android backup), for the viewer's table. */
export const CallLogRowSchema = z.object({
  eventId: z.string(),
  at: z.string(),
  local: z.string(),
  number: z.string(),
  contactName: z.string().nullable(),
  /** incoming, outgoing, missed, voicemail, rejected, blocked, answered-elsewhere, unknown. */
  callType: z.string(),
  durationSeconds: z.number().nullable(),
  fromHarasser: z.boolean(),
  outsideHours: z.boolean(),
});
export type CallLogRow = z.infer<typeof CallLogRowSchema>;

/** One thread of an export that holds several (an SMS backup, a Telegram account, a Meta zip). */
export const ChatThreadSchema = z.object({
  /** Opaque; handed back to open this thread. */
  key: z.string(),
  /** The other person as she knows them (a tied person, the phone's contact name, the chat's title). */
  name: z.string().nullable(),
  /** The number as the export writes it, for an SMS thread. */
  number: z.string().nullable(),
  messages: z.number().int().nonnegative(),
  /** UTC ISO 8601 of the last line, and the same on the case's clock. */
  lastAt: z.string(),
  lastLocal: z.string(),
});
export type ChatThread = z.infer<typeof ChatThreadSchema>;

export const ChatConversationSchema = z.object({
  evidenceId: z.string(),
  timezone: z.string(),
  /** Empty when the file is not a chat export that was read as one. */
  lines: z.array(ChatLineSchema),
  /** For a phone's call log: its calls, shown as a sortable table instead of a conversation. */
  calls: z.array(CallLogRowSchema).optional(),
  /** True when the chat was too long to send whole (the first lines are sent). */
  cut: z.boolean(),
  /** Where the conversation came from (WhatsApp, Telegram, Instagram…); see ENTRY_CHANNELS. */
  channel: z.string().nullable().optional(),
  /** Present when the export holds more than one thread: newest first. */
  threads: z.array(ChatThreadSchema).optional(),
  /** The thread whose lines these are; null while none is chosen (then there are no lines). */
  thread: z.string().nullable().optional(),
});
export type ChatConversation = z.infer<typeof ChatConversationSchema>;

const EvidenceIdInput = z.object({ evidenceId: z.uuid() }).strict();

const ChatInputSchema = z
  .object({ evidenceId: z.uuid(), thread: z.string().min(1).max(1000).optional() })
  .strict();

export const SetTimeInputSchema = z
  .object({
    evidenceId: z.uuid(),
    /** '2024-05-12T21:43' (read in the case's zone) or ISO 8601 with an offset. */
    at: z.string().min(10).max(40),
    reason: z.string().trim().min(MIN_TIME_REASON).max(MAX_TIME_REASON),
  })
  .strict();

export const SetNotesInputSchema = z
  .object({
    evidenceId: z.uuid(),
    notes: z.string().max(MAX_NOTES),
    tags: z.array(z.string().trim().min(1).max(MAX_TAG_LENGTH)).max(MAX_TAGS),
  })
  .strict();

export const VIEWER_CALLS = {
  'evidence:get': { input: EvidenceIdInput, output: EvidenceDetailsSchema },
  'evidence:view': { input: EvidenceIdInput, output: EvidenceViewSchema },
  'evidence:chat': { input: ChatInputSchema, output: ChatConversationSchema },
  'evidence:setTime': { input: SetTimeInputSchema, output: EvidenceDetailsSchema },
  'evidence:setNotes': { input: SetNotesInputSchema, output: EvidenceDetailsSchema },
} as const satisfies ApiCallTable;
