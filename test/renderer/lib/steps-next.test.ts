import { describe, expect, it } from 'vitest';
import { countStepProgress, orderNextSteps, type StepView } from '../../../shared/contract/steps';
import { describeProgress, formatStepDate } from '../../../renderer/src/lib/steps-format';

function step(ref: string, extra: Partial<StepView> = {}): StepView {
  return {
    ref,
    playbookId: ref.split('/')[0] ?? '',
    origin: 'playbook',
    title: { en: ref, hi: `कदम ${ref}` },
    why: null,
    appliesWhen: null,
    how: [],
    howByPlatform: [],
    fields: [],
    proofHint: null,
    source: null,
    ruleStatus: 'confirmed',
    effectiveFrom: null,
    draftKind: null,
    status: 'todo',
    doneAt: null,
    references: {},
    notes: '',
    proofEvidenceIds: [],
    blockedBy: [],
    notBeforeDate: null,
    notBeforeReason: null,
    deadlines: [],
    isAvailable: true,
    isOverdue: false,
    ...extra,
  };
}

const due = (date: string, overdue = false) => ({
  label: { en: 'Due', hi: 'तय तारीख़' },
  date,
  kind: 'due' as const,
  overdue,
});

describe('the order of Next steps', () => {
  it('puts overdue steps first, then dated ones by date, then open ones in playbook order, three at most', () => {
    const steps = [
      step('a/open-first'),
      step('a/due-later', { deadlines: [due('2024-07-10')] }),
      step('a/late', { isOverdue: true, deadlines: [due('2024-06-01', true)] }),
      step('a/opens-soon', {
        isAvailable: false,
        notBeforeDate: '2024-06-20',
        notBeforeReason: { en: 'You can complain from 20 June.', hi: '20 जून से' },
      }),
      step('a/open-second'),
    ];
    const next = orderNextSteps(steps);
    expect(next.map((item) => [item.ref, item.reason, item.date])).toEqual([
      ['a/late', 'overdue', '2024-06-01'],
      ['a/opens-soon', 'opens', '2024-06-20'],
      ['a/due-later', 'due', '2024-07-10'],
    ]);
    expect(
      orderNextSteps(steps, 5)
        .map((item) => item.ref)
        .slice(3),
    ).toEqual(['a/open-first', 'a/open-second']);
  });

  it('leaves out finished steps and steps still waiting for another step', () => {
    const steps = [
      step('a/done', { status: 'done' }),
      step('a/not-needed', { status: 'na' }),
      step('a/blocked', {
        isAvailable: false,
        blockedBy: [{ ref: 'a/done', title: { en: 'x', hi: 'क' } }],
        notBeforeDate: null,
      }),
      step('a/doing', { status: 'doing' }),
    ];
    expect(orderNextSteps(steps).map((item) => item.ref)).toEqual(['a/doing']);
  });
});

describe('the progress bar', () => {
  it('counts done and not needed as finished, out of every step', () => {
    const progress = countStepProgress([
      step('a/1', { status: 'done' }),
      step('a/2', { status: 'na' }),
      step('a/3', { status: 'doing' }),
      step('a/4', { isAvailable: false }),
    ]);
    expect(progress).toEqual({ done: 1, notNeeded: 1, total: 4 });
    expect(describeProgress(progress)).toEqual({ finished: 2, total: 4, percent: 50 });
    expect(describeProgress({ done: 0, notNeeded: 0, total: 0 }).percent).toBe(0);
  });
});

describe('step dates in words', () => {
  it('says the day and month, adding the year only when it is not this year, in either language', () => {
    expect(formatStepDate('2024-06-19', 'en', '2024-05-01')).toBe('19 June');
    expect(formatStepDate('2025-01-02', 'en', '2024-05-01')).toBe('2 January 2025');
    expect(formatStepDate('2024-06-19', 'hi', '2024-05-01')).toBe('19 जून');
  });
});
