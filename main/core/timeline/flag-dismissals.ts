// Setting a rule flag aside, with the user's reason, and taking that back. The flag itself is always
// recomputed from the rules; only the decision is stored, and both directions go in the custody log
// so a reader of the bundle can see who set which flag aside and why.
import { SakshyaError } from '../../../shared/errors';
import type { Vault } from '../vault/vault';
import { loadRecoveryConductRules } from './flags';

export interface FlagRef {
  caseId: string;
  eventId: string;
  ruleId: string;
}

export function dismissFlag(
  vault: Vault,
  input: FlagRef & { reason: string },
): { dismissedAt: string } {
  const reason = input.reason.trim();
  if (reason === '' || reason.length > 2000)
    throw new SakshyaError('INVALID_INPUT', 'A reason of 1 to 2000 characters is needed.');
  const db = vault.db;
  return db.transaction(() => {
    assertFlagTarget(vault, input);
    const dismissedAt = new Date().toISOString();
    db.prepare(
      `INSERT INTO flag_dismissals (event_id, rule_id, reason, dismissed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (event_id, rule_id) DO UPDATE SET reason = excluded.reason, dismissed_at = excluded.dismissed_at`,
    ).run(input.eventId, input.ruleId, reason, dismissedAt);
    vault.record('flag.dismissed', `event:${input.eventId}`, {
      caseId: input.caseId,
      ruleId: input.ruleId,
      reason,
    });
    return { dismissedAt };
  })();
}

export function restoreFlag(vault: Vault, input: FlagRef): { restored: boolean } {
  const db = vault.db;
  return db.transaction(() => {
    assertFlagTarget(vault, input);
    const removed = db
      .prepare('DELETE FROM flag_dismissals WHERE event_id = ? AND rule_id = ?')
      .run(input.eventId, input.ruleId).changes;
    if (removed > 0) {
      vault.record('flag.restored', `event:${input.eventId}`, {
        caseId: input.caseId,
        ruleId: input.ruleId,
      });
    }
    return { restored: removed > 0 };
  })();
}

function assertFlagTarget(vault: Vault, input: FlagRef): void {
  const found = vault.db
    .prepare<[string, string], number>('SELECT 1 FROM events WHERE id = ? AND case_id = ?')
    .pluck()
    .get(input.eventId, input.caseId);
  if (found === undefined)
    throw new SakshyaError('NOT_FOUND', `event ${input.eventId} is not in case ${input.caseId}`);
  if (!loadRecoveryConductRules().rules.some((rule) => rule.id === input.ruleId))
    throw new SakshyaError('INVALID_INPUT', `there is no rule ${input.ruleId}`);
}
