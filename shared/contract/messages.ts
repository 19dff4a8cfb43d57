// The calls on messages read from chat screenshots. shared/api-contract.ts spreads this table into
// the one API list. A message is proposed "as shown in screenshot X" until the user confirms it
// (one by one or all at once) or corrects it; only then does it count like a chat export's message.
import { z } from 'zod';
import type { ApiCallTable } from './call-table';

const Id = z.string().min(1).max(100);

export const ScreenshotMessageSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  /** The screenshot it was read from. */
  evidenceId: z.string(),
  /** Top to bottom among the screenshot's bubbles, from 0. */
  position: z.number().int(),
  side: z.enum(['theirs', 'mine']),
  /** The chat's title as read (a name or a number). */
  sender: z.string().nullable(),
  text: z.string(),
  /** UTC ISO 8601. */
  occurredAt: z.string(),
  /** "YYYY-MM-DD HH:MM" on the case's clock, as the screen gave it. */
  localTime: z.string(),
  timeShown: z.string(),
  /** False when no day separator was above it and the capture day was assumed. */
  dayShown: z.boolean(),
  /** The bubble, in the screenshot's pixels, to highlight it. */
  box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  status: z.enum(['proposed', 'confirmed']),
  corrected: z.boolean(),
  eventId: z.string().nullable(),
  /** Confirmed, and a chat export already had it: linked, not added twice. */
  alreadyHere: z.boolean(),
  proposedAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type ScreenshotMessageView = z.infer<typeof ScreenshotMessageSchema>;

export const MESSAGES_CALLS = {
  'messages:list': {
    input: z
      .object({
        caseId: Id,
        evidenceId: Id.optional(),
        status: z.enum(['proposed', 'confirmed']).optional(),
      })
      .strict(),
    output: z.array(ScreenshotMessageSchema),
  },
  'messages:confirm': {
    input: z.union([
      z.object({ caseId: Id, all: z.literal(true) }).strict(),
      z.object({ caseId: Id, ids: z.array(Id).min(1).max(10_000) }).strict(),
    ]),
    output: z.object({ confirmed: z.number().int(), alreadyHere: z.number().int() }),
  },
  'messages:correct': {
    input: z
      .object({
        id: Id,
        /** ISO 8601 with its zone ('2024-05-12T21:43:00+05:30' or '…Z'). */
        at: z.string().max(40).optional(),
        text: z.string().trim().min(1).max(20_000).optional(),
      })
      .strict(),
    output: ScreenshotMessageSchema,
  },
} as const satisfies ApiCallTable;
