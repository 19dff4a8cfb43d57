import { describe, expect, it } from 'vitest';
import {
  computeStepSchedule,
  findOrphanRecords,
  selectNextSteps,
  type StepRecords,
  type StepSchedule,
} from '../../../../main/core/playbooks/deadlines';
import { findPlaybook, validatePlaybook } from '../../../../main/core/playbooks/load-playbooks';
import type { Playbook } from '../../../../main/core/playbooks/schema';
import { makePlaybook, makeStep, text } from './playbook-fixture';

function requirePlaybook(id: string): Playbook {
  const playbook = findPlaybook(id);
  if (!playbook) throw new Error(`missing playbook ${id}`);
  return playbook;
}

function entry(schedules: readonly StepSchedule[], stepId: string): StepSchedule {
  const found = schedules.find((schedule) => schedule.stepId === stepId);
  if (!found) throw new Error(`no schedule for ${stepId}`);
  return found;
}

const loan = requirePlaybook('loan-recovery');
const social = requirePlaybook('social-media-threat');
const police = requirePlaybook('police-cyber');

describe('computeStepSchedule', () => {
  it('lists every step, in playbook order, as to do when nothing is recorded', () => {
    const schedules = computeStepSchedule(loan, {}, '2026-07-10');
    expect(schedules.map((s) => s.stepId)).toEqual(loan.steps.map((s) => s.id));
    expect(schedules.every((s) => s.status === 'todo' && s.recordId === null)).toBe(true);
    expect(entry(schedules, 'complain-to-lender').isAvailable).toBe(true);
    expect(entry(schedules, 'complain-to-rbi-ombudsman').blockedBy).toEqual(['complain-to-lender']);
  });

  it('shows the Ombudsman step during the 30-day wait, with the date in both languages', () => {
    const records: StepRecords = { 'complain-to-lender': { status: 'done', doneAt: '2026-05-20' } };
    const ombudsman = entry(
      computeStepSchedule(loan, records, '2026-06-01'),
      'complain-to-rbi-ombudsman',
    );
    expect(ombudsman.blockedBy).toEqual([]);
    expect(ombudsman.isAvailable).toBe(false);
    expect(ombudsman.notBeforeDate).toBe('2026-06-20');
    expect(ombudsman.notBeforeReason?.en).toContain(
      'You can complain to the RBI Ombudsman from 20 June',
    );
    expect(ombudsman.notBeforeReason?.hi).toContain('20 जून');

    const onTheDay = entry(
      computeStepSchedule(loan, records, '2026-06-20'),
      'complain-to-rbi-ombudsman',
    );
    expect(onTheDay.isAvailable).toBe(true);
    expect(onTheDay.notBeforeDate).toBe('2026-06-20');
  });

  it('ends the wait early once the lender has replied, and counts the filing window from the reply', () => {
    const records: StepRecords = {
      'complain-to-lender': {
        status: 'done',
        doneAt: '2026-05-20',
        fields: { 'reply-date': '2026-06-01' },
      },
    };
    const ombudsman = entry(
      computeStepSchedule(loan, records, '2026-06-02'),
      'complain-to-rbi-ombudsman',
    );
    expect(ombudsman.notBeforeDate).toBeNull();
    expect(ombudsman.notBeforeReason).toBeNull();
    expect(ombudsman.isAvailable).toBe(true);
    expect(ombudsman.deadlines).toEqual([
      expect.objectContaining({ date: '2026-08-30', kind: 'window-closes', overdue: false }),
    ]);
  });

  it('uses the conservative 120-day window while the lender has not replied', () => {
    const records: StepRecords = { 'complain-to-lender': { status: 'done', doneAt: '2026-05-20' } };
    const schedules = computeStepSchedule(loan, records, '2026-06-25');
    const windows = entry(schedules, 'complain-to-rbi-ombudsman').deadlines;
    expect(windows.map((d) => d.date)).toEqual([null, '2026-09-17']);
    const lender = entry(schedules, 'complain-to-lender');
    expect(lender.deadlines).toEqual([
      expect.objectContaining({ date: '2026-06-19', kind: 'response-due', overdue: true }),
    ]);
    expect(lender.isOverdue).toBe(false);
  });

  it('marks a step overdue once its window has closed, and puts it first among next steps', () => {
    const records: StepRecords = { 'complain-to-lender': { status: 'done', doneAt: '2026-05-20' } };
    const schedules = computeStepSchedule(loan, records, '2026-09-18');
    const ombudsman = entry(schedules, 'complain-to-rbi-ombudsman');
    expect(ombudsman.isOverdue).toBe(true);
    expect(ombudsman.deadlines.find((d) => d.date === '2026-09-17')?.overdue).toBe(true);
    expect(selectNextSteps(schedules)[0]?.stepId).toBe('complain-to-rbi-ombudsman');

    const stillOpen = computeStepSchedule(loan, records, '2026-09-17');
    expect(entry(stillOpen, 'complain-to-rbi-ombudsman').isOverdue).toBe(false);
  });

  it('stops counting a deadline against a step once the step is done', () => {
    const records: StepRecords = {
      'complain-to-lender': { status: 'done', doneAt: '2026-05-20' },
      'complain-to-rbi-ombudsman': { status: 'done', doneAt: '2026-07-01' },
    };
    const ombudsman = entry(
      computeStepSchedule(loan, records, '2026-12-01'),
      'complain-to-rbi-ombudsman',
    );
    expect(ombudsman.isOverdue).toBe(false);
    expect(ombudsman.isAvailable).toBe(false);
    expect(ombudsman.doneAt).toBe('2026-07-01');
  });

  it('counts 30 days from 31 January into March, one day earlier in a leap year', () => {
    const appealDate = (replyDate: string): string | null => {
      const records: StepRecords = {
        'write-to-grievance-officer': {
          status: 'done',
          doneAt: replyDate,
          fields: { 'reply-date': replyDate },
        },
      };
      const appeal = entry(computeStepSchedule(social, records, replyDate), 'appeal-to-gac');
      return appeal.deadlines.find((d) => d.kind === 'window-closes')?.date ?? null;
    };
    expect(appealDate('2026-01-31')).toBe('2026-03-02');
    expect(appealDate('2024-01-31')).toBe('2024-03-01');
    expect(appealDate('2028-01-31')).toBe('2028-03-01');
  });

  it('lands the 24-hour portal deadline on 29 February in leap years and 1 March otherwise', () => {
    const due = (callDate: string): string | null => {
      const records: StepRecords = { 'call-1930': { status: 'done', doneAt: callDate } };
      return (
        entry(computeStepSchedule(police, records, callDate), 'file-ncrp-complaint').deadlines[0]
          ?.date ?? null
      );
    };
    expect(due('2024-02-28')).toBe('2024-02-29');
    expect(due('2028-02-28')).toBe('2028-02-29');
    expect(due('2028-02-29')).toBe('2028-03-01');
    expect(due('2025-02-28')).toBe('2025-03-01');
  });

  it('keeps a deadline without a date until the step it counts from is done, and drops it if that step does not apply', () => {
    const open = entry(computeStepSchedule(police, {}, '2026-07-10'), 'file-ncrp-complaint');
    expect(open.deadlines).toEqual([expect.objectContaining({ date: null, overdue: false })]);
    const skipped = computeStepSchedule(police, { 'call-1930': { status: 'na' } }, '2026-07-10');
    expect(entry(skipped, 'file-ncrp-complaint').deadlines).toEqual([]);
  });

  it('does not block a step on a dependency marked not applicable', () => {
    const records: StepRecords = { 'check-lending-app': { status: 'na' } };
    const sachet = entry(computeStepSchedule(loan, records, '2026-07-10'), 'report-on-sachet');
    expect(sachet.blockedBy).toEqual([]);
    expect(sachet.isAvailable).toBe(true);
  });

  it('reads a badly formed date as not known yet rather than failing', () => {
    const records: StepRecords = { 'complain-to-lender': { status: 'done', doneAt: '20/05/2026' } };
    const ombudsman = entry(
      computeStepSchedule(loan, records, '2026-07-10'),
      'complain-to-rbi-ombudsman',
    );
    expect(ombudsman.notBeforeDate).toBeNull();
    expect(ombudsman.deadlines.every((d) => d.date === null)).toBe(true);
  });

  it('refuses a "today" that is not a calendar date', () => {
    expect(() => computeStepSchedule(loan, {}, '2026-02-30')).toThrow(/today/);
  });
});

describe('custom steps', () => {
  it('schedules a step the user added, after the playbook steps, with its own due date', () => {
    const custom = [
      {
        id: 'custom-visit-bank',
        title: 'Visit the bank branch',
        after: ['complain-to-lender'],
        dueDate: '2026-07-05',
      },
    ];
    const schedules = computeStepSchedule(
      loan,
      { 'complain-to-lender': { status: 'done', doneAt: '2026-07-01' } },
      '2026-07-06',
      custom,
    );
    const visit = entry(schedules, 'custom-visit-bank');
    expect(schedules.at(-1)?.stepId).toBe('custom-visit-bank');
    expect(visit.origin).toBe('custom');
    expect(visit.title).toEqual({ en: 'Visit the bank branch', hi: 'Visit the bank branch' });
    expect(visit.ruleStatus).toBeNull();
    expect(visit.isOverdue).toBe(true);
    expect(selectNextSteps(schedules)[0]?.stepId).toBe('custom-visit-bank');
  });

  it('rejects a custom step that clashes with a step id, waits for an unknown step, or makes a cycle', () => {
    expect(() =>
      computeStepSchedule(loan, {}, '2026-07-01', [{ id: 'complain-to-lender', title: 'x' }]),
    ).toThrow(/already used/);
    expect(() =>
      computeStepSchedule(loan, {}, '2026-07-01', [{ id: 'mine', title: 'x', after: ['ghost'] }]),
    ).toThrow(/unknown step 'ghost'/);
    const looping = [
      { id: 'mine-a', title: 'a', after: ['mine-b'] },
      { id: 'mine-b', title: 'b', after: ['mine-a'] },
    ];
    expect(() => computeStepSchedule(loan, {}, '2026-07-01', looping)).toThrow(
      /mine-a → mine-b → mine-a/,
    );
    expect(() =>
      computeStepSchedule(loan, {}, '2026-07-01', [
        { id: 'mine', title: 'x', dueDate: '2026-02-30' },
      ]),
    ).toThrow(/due date/);
  });

  it('drops the due date of a custom step marked not applicable', () => {
    const custom = [{ id: 'mine', title: 'Mine', dueDate: '2026-07-01' }];
    const mine = entry(
      computeStepSchedule(loan, { mine: { status: 'na' } }, '2026-07-10', custom),
      'mine',
    );
    expect(mine.deadlines).toEqual([]);
    expect(mine.isOverdue).toBe(false);
  });
});

describe('playbook updates', () => {
  const v1 = validatePlaybook(
    makePlaybook([
      makeStep('tell-lender', {
        fields: [{ key: 'ref', label: text('Reference'), kind: 'reference' }],
      }),
      makeStep('old-extra'),
    ]),
  );
  const v2 = validatePlaybook(
    makePlaybook(
      [makeStep('complain-to-lender', { formerIds: ['tell-lender'] }), makeStep('new-step')],
      { version: 2 },
    ),
  );
  const records: StepRecords = {
    'tell-lender': { status: 'done', doneAt: '2026-07-02', fields: { ref: 'GRV-77' } },
    'old-extra': { status: 'doing' },
  };

  it('finds a renamed step by its former id', () => {
    expect(findOrphanRecords(v1, records)).toEqual([]);
    const renamed = entry(computeStepSchedule(v2, records, '2026-07-10'), 'complain-to-lender');
    expect(renamed.status).toBe('done');
    expect(renamed.recordId).toBe('tell-lender');
  });

  it('returns the records of removed steps separately instead of dropping them', () => {
    expect(findOrphanRecords(v2, records)).toEqual([
      { recordId: 'old-extra', record: { status: 'doing' } },
    ]);
  });

  it('prefers a record under the new id and keeps the old one as an orphan', () => {
    const both: StepRecords = { ...records, 'complain-to-lender': { status: 'todo' } };
    expect(entry(computeStepSchedule(v2, both, '2026-07-10'), 'complain-to-lender').recordId).toBe(
      'complain-to-lender',
    );
    expect(findOrphanRecords(v2, both).map((o) => o.recordId)).toEqual([
      'tell-lender',
      'old-extra',
    ]);
  });

  it('claims records of custom steps', () => {
    const custom = [{ id: 'mine', title: 'Mine' }];
    expect(
      findOrphanRecords(v2, { mine: { status: 'done', doneAt: '2026-07-01' } }, custom),
    ).toEqual([]);
  });
});

describe('selectNextSteps', () => {
  const playbook = validatePlaybook(
    makePlaybook([
      makeStep('start'),
      makeStep('late', {
        deadlines: [{ label: text('Due'), from: { step: 'start' }, days: 5, kind: 'due' }],
      }),
      makeStep('later', {
        deadlines: [{ label: text('Due'), from: { step: 'start' }, days: 40, kind: 'due' }],
      }),
      makeStep('soon', {
        deadlines: [
          { label: text('Due'), from: { step: 'start' }, days: 20, kind: 'window-closes' },
        ],
      }),
      makeStep('no-deadline'),
      makeStep('blocked', { after: ['no-deadline'] }),
      makeStep('finished'),
    ]),
  );
  const records: StepRecords = {
    start: { status: 'done', doneAt: '2026-07-01' },
    finished: { status: 'done', doneAt: '2026-07-02' },
  };
  const schedules = computeStepSchedule(playbook, records, '2026-07-10');

  it('puts overdue steps first, then open steps by earliest deadline, then those without one', () => {
    expect(selectNextSteps(schedules, 10).map((s) => s.stepId)).toEqual([
      'late',
      'soon',
      'later',
      'no-deadline',
    ]);
  });

  it('shows three steps unless asked for another number', () => {
    expect(selectNextSteps(schedules).map((s) => s.stepId)).toEqual(['late', 'soon', 'later']);
    expect(selectNextSteps(schedules, 1)).toHaveLength(1);
    expect(selectNextSteps(schedules, 0)).toEqual([]);
    expect(() => selectNextSteps(schedules, -1)).toThrow(/limit/);
  });

  it('leaves out done, blocked and waiting steps', () => {
    const ids = selectNextSteps(schedules, 10).map((s) => s.stepId);
    expect(ids).not.toContain('finished');
    expect(ids).not.toContain('blocked');
    expect(ids).not.toContain('start');
  });
});
