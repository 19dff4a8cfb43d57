// The text-reading calls of the API contract (issue 20): the text read from one picture, with each
// word's box (for highlighting on the picture) and the facts found in it; tying a read number to a
// person; and the background reading's state, which can be cancelled.
import { z } from 'zod';
import type { ApiCallTable } from './call-table';
import { PERSON_RELATIONS, PERSON_ROLES, PersonSchema } from './people';

const Id = z.string().min(1).max(100);

const BoxSchema = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });

export const EvidenceTextSchema = z.object({
  evidenceId: z.string(),
  /** 'not-a-screenshot': a camera photo left unread; `text:readAnyway` reads it. */
  status: z.enum([
    'pending',
    'read',
    'no-text',
    'not-read-yet',
    'failed',
    'not-a-picture',
    'not-a-screenshot',
  ]),
  lang: z.enum(['eng', 'hin', 'eng+hin']).nullable(),
  text: z.string(),
  confidence: z.number().nullable(),
  /** Why there is no text (English; the window shows its own words for each status). */
  reason: z.string(),
  /** The picture's size the boxes refer to (0 when nothing was read). */
  width: z.number(),
  height: z.number(),
  words: z.array(z.object({ text: z.string(), bbox: BoxSchema })),
  /** Indexes into words of those matching the search given, for highlighting. */
  matches: z.array(z.number().int().nonnegative()),
  facts: z.array(
    z.object({
      kind: z.enum(['phone', 'upi', 'amount', 'url', 'email']),
      value: z.string(),
      shown: z.string(),
      person: z.object({ id: z.string(), name: z.string(), role: z.string() }).nullable(),
    }),
  ),
});
export type EvidenceText = z.infer<typeof EvidenceTextSchema>;

export const TextProgressSchema = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** 'waiting': queued until the import goes quiet (core/ocr/import-quiet.ts), not read yet. */
  state: z.enum(['waiting', 'reading', 'done', 'stopped', 'cancelled']),
});
export type TextProgressPayload = z.infer<typeof TextProgressSchema>;

export const TEXT_CALLS = {
  'evidence:text': {
    input: z.object({ evidenceId: Id, search: z.string().max(500).optional() }).strict(),
    output: EvidenceTextSchema,
  },
  'text:status': {
    input: z.object({}).strict(),
    output: TextProgressSchema,
  },
  'text:cancel': {
    input: z.object({}).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** Reads one picture that was skipped (a camera photo) or read before, because the user asked. */
  'text:readAnyway': {
    input: z.object({ evidenceId: Id }).strict(),
    output: z.object({ queued: z.boolean() }),
  },
  'people:tieNumber': {
    input: z
      .object({
        caseId: Id,
        number: z.string().min(3).max(40),
        as: z.enum(PERSON_ROLES),
        personId: Id.optional(),
        name: z.string().trim().min(1).max(200).optional(),
        relation: z.enum(PERSON_RELATIONS).optional(),
      })
      .strict(),
    output: PersonSchema,
  },
} as const satisfies ApiCallTable;
