import { describe, expect, it } from 'vitest';
import { CaseInputSchema } from '../../../shared/domain';
import {
  caseInputFromDraft,
  checkDraft,
  createEmptyDraft,
} from '../../../renderer/src/lib/case-draft';

describe('case draft', () => {
  it('needs either who is harassing or a case name', () => {
    expect(checkDraft(createEmptyDraft('Asia/Kolkata'))).toBe('needName');
    expect(
      checkDraft({ ...createEmptyDraft('Asia/Kolkata'), title: 'Calls from March' }),
    ).toBeNull();
  });

  it('refuses a timezone the browser does not know', () => {
    expect(checkDraft({ ...createEmptyDraft('Asia/Calcutta-ish'), name: 'QuickCash' })).toBe(
      'badTimezone',
    );
  });

  it('becomes valid contract input, with their name as the title and empty rows dropped', () => {
    const input = caseInputFromDraft({
      ...createEmptyDraft('Asia/Kolkata'),
      name: ' QuickCash ',
      numbers: ['+91 98765 43210', ' ', '+91 98765 43210'],
    });
    expect(input.title).toBe('QuickCash');
    expect(input.counterparty.numbers).toEqual(['+91 98765 43210']);
    expect(input.counterparty.agentNames).toEqual([]);
    expect(CaseInputSchema.safeParse(input).success).toBe(true);
  });
});
