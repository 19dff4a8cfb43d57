// Messages read from chat screenshots (issue 20): each one proposed "as shown in screenshot X",
// with the instant its visible time stands for on the case's clock, until the user confirms it
// (then an event like a chat export's message stands for it, or the chat-export message it
// repeats) or corrects it. Proposals are the computer's reading and never count on their own.
// Frozen once shipped: the checks are spelled out here.
import type { Migration } from '../types';

function utcTimestamp(column: string): string {
  return `(${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z' AND datetime(${column}) IS NOT NULL)`;
}

const SCHEMA = `
CREATE TABLE screenshot_messages (
  id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 100),
  case_id     TEXT NOT NULL REFERENCES cases (id),
  evidence_id TEXT NOT NULL REFERENCES evidence (id),
  -- Top to bottom among the screenshot's bubbles, from 0.
  position    INTEGER NOT NULL CHECK (position BETWEEN 0 AND 10000),
  side        TEXT NOT NULL CHECK (side IN ('theirs', 'mine')),
  -- The chat's title as read (a name or a number); the sender of 'theirs' messages.
  sender      TEXT CHECK (sender IS NULL OR length(sender) BETWEEN 1 AND 500),
  text        TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
  occurred_at TEXT NOT NULL CHECK ${utcTimestamp('occurred_at')},
  -- The day and time as the screen gave them, "YYYY-MM-DD HH:MM" on the case's clock.
  local_time  TEXT NOT NULL CHECK (local_time GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-2][0-9]:[0-5][0-9]'),
  time_shown  TEXT NOT NULL CHECK (length(time_shown) BETWEEN 1 AND 40),
  day_shown   INTEGER NOT NULL CHECK (day_shown IN (0, 1)),
  -- The bubble in the screenshot's pixels: {"x","y","width","height"}.
  box         TEXT NOT NULL CHECK (json_valid(box) AND json_type(box) = 'object'),
  status      TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed')),
  corrected   INTEGER NOT NULL DEFAULT 0 CHECK (corrected IN (0, 1)),
  -- The event standing for a confirmed message: its own, or the chat-export message it repeats.
  event_id    TEXT REFERENCES events (id),
  already_here INTEGER NOT NULL DEFAULT 0 CHECK (already_here IN (0, 1)),
  proposed_at TEXT NOT NULL CHECK ${utcTimestamp('proposed_at')},
  decided_at  TEXT CHECK (decided_at IS NULL OR ${utcTimestamp('decided_at')}),
  CHECK ((status = 'confirmed') = (event_id IS NOT NULL AND decided_at IS NOT NULL)),
  CHECK (already_here = 0 OR status = 'confirmed'),
  UNIQUE (evidence_id, position)
) STRICT;
CREATE INDEX screenshot_messages_by_case ON screenshot_messages (case_id, status, occurred_at);
`;

export const migration0009ScreenshotMessages: Migration = {
  version: 9,
  name: 'screenshot-messages',
  up(db) {
    db.exec(SCHEMA);
  },
};
