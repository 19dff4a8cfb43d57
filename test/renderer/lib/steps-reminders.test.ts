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
    const key = await hashStepKey('case-1', 'loan-recovery/complain-to-lender');
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(key).toBe(await hashStepKey('case-1', 'loan-recovery/complain-to-lender'));
    expect(key).not.toBe(await hashStepKey('case-2', 'loan-recovery/complain-to-lender'));
    expect(readRemembered({ getItem: () => 'not json' })).toEqual([]);
    expect(readRemembered({ getItem: () => '["a@2024-06-20", 4]' })).toEqual(['a@2024-06-20']);
  });
});
