import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashStepKey,
  planReminders,
  readRemembered,
  type ReminderCandidate,
} from '../../../renderer/src/lib/steps-reminders';

const TODAY = '2024-06-20';

function candidate(key: string, reason: ReminderCandidate['reason'], date: string | null) {
  return { key, reason, date };
}

describe('step reminders', () => {
  it('announces overdue steps and those due or opening today, but not later or undated ones', () => {
    const plan = planReminders(
      [
        candidate('late', 'overdue', '2024-06-01'),
        candidate('today', 'due', TODAY),
        candidate('opens', 'opens', TODAY),
        candidate('later', 'due', '2024-06-21'),
        candidate('now', 'open', null),
      ],
      TODAY,
      [],
    );
    expect(plan.announce).toEqual(['late', 'today', 'opens']);
    expect(plan.remembered).toEqual([`late@${TODAY}`, `today@${TODAY}`, `opens@${TODAY}`]);
  });

  it('announces each step at most once a day, again the next day, and forgets older days', () => {
    const first = planReminders([candidate('late', 'overdue', '2024-06-01')], TODAY, []);
    const again = planReminders(
      [candidate('late', 'overdue', '2024-06-01')],
      TODAY,
      first.remembered,
    );
    expect(again.announce).toEqual([]);
    const tomorrow = planReminders(
      [candidate('late', 'overdue', '2024-06-01')],
      '2024-06-21',
      first.remembered,
    );
    expect(tomorrow).toEqual({ announce: ['late'], remembered: ['late@2024-06-21'] });
  });

  it('keeps no readable case or step in storage, and survives a damaged store', async () => {
    const vaultKey = 'ab'.repeat(32);
    const key = await hashStepKey(vaultKey, 'case-1', 'loan-recovery/complain-to-lender');
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(key).toBe(await hashStepKey(vaultKey, 'case-1', 'loan-recovery/complain-to-lender'));
    expect(key).not.toBe(await hashStepKey(vaultKey, 'case-2', 'loan-recovery/complain-to-lender'));
    expect(readRemembered({ getItem: () => 'not json' })).toEqual([]);
    expect(readRemembered({ getItem: () => '["a@2024-06-20", 4]' })).toEqual(['a@2024-06-20']);
  });

  it('keys each record with the vault: without its key, a guessed case and step cannot be matched', async () => {
    const record = await hashStepKey('ab'.repeat(32), 'case-1', 'loan-recovery/complain-to-lender');
    // The same ids under another vault's key, or unkeyed (what an intruder can compute), differ.
    expect(record).not.toBe(
      await hashStepKey('cd'.repeat(32), 'case-1', 'loan-recovery/complain-to-lender'),
    );
    const unkeyed = createHash('sha256')
      .update('case-1\nloan-recovery/complain-to-lender')
      .digest('hex')
      .slice(0, 32);
    expect(record).not.toBe(unkeyed);
    // An independent HMAC-SHA256 (node:crypto) gives the same record: it is the standard construction.
    const expected = createHmac('sha256', Buffer.from('ab'.repeat(32), 'hex'))
      .update('case-1\nloan-recovery/complain-to-lender')
      .digest('hex')
      .slice(0, 32);
    expect(record).toBe(expected);
  });
});
