// What the timeline shows beside an event: the user's dismissals of its flags, and the evidence it
// was read from. Read for a whole page of events at once.
import { prepareCached } from '../db/statement-cache';
import type { Database } from '../db/types';
import type { TimelineFlag } from './timeline-entry';

export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

export function loadDismissals(
  db: Database,
  eventIds: string[],
): Map<string, TimelineFlag['dismissal']> {
  const map = new Map<string, TimelineFlag['dismissal']>();
  if (eventIds.length === 0) return map;
  const rows = prepareCached<
    string[],
    { event_id: string; rule_id: string; reason: string; dismissed_at: string }
  >(
    db,
    `SELECT event_id, rule_id, reason, dismissed_at FROM flag_dismissals
       WHERE event_id IN (${placeholders(eventIds.length)})`,
  ).all(...eventIds);
  for (const row of rows)
    map.set(`${row.event_id}\u0000${row.rule_id}`, {
      reason: row.reason,
      dismissedAt: row.dismissed_at,
    });
  return map;
}

export function loadEvidenceLinks(db: Database, eventIds: string[]): Map<string, string[]> {
  const links = new Map<string, string[]>();
  if (eventIds.length === 0) return links;
  const rows = prepareCached<string[], { event_id: string; evidence_id: string }>(
    db,
    `SELECT event_id, evidence_id FROM event_evidence WHERE event_id IN (${placeholders(eventIds.length)})
       ORDER BY rowid`,
  ).all(...eventIds);
  for (const row of rows)
    links.set(row.event_id, [...(links.get(row.event_id) ?? []), row.evidence_id]);
  return links;
}
