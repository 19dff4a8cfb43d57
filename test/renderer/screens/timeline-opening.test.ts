import { describe, expect, it } from 'vitest';
import { findOpeningDay } from '../../../renderer/src/screens/TimelineTab';

const summary = (firstContact: string | null, contacts: number) => ({
  counterparty: {
    id: 'c',
    caseId: 'k',
    name: 'QuickCash',
    kind: 'loan-app' as const,
    numbers: [],
    handles: [],
  },
  summary: {
    counterpartyId: 'c',
    contacts,
    firstContact,
    lastContact: firstContact,
    peakDay: null,
    thirdPartyContacts: 0,
  },
});
const activity = (days: string[]) => ({
  timezone: 'Asia/Kolkata',
  days: days.map((day) => ({ day, counts: { photo: 1 } })),
});

describe('where the timeline opens', () => {
  it('opens on the first contact from the counterparty, not on a 2003 photo', () => {
    const day = findOpeningDay(
      [summary('2024-05-12T14:10:00+05:30', 8)],
      activity(['2003-12-14', '2024-05-12', '2024-05-13']),
    );
    expect(day).toEqual({ from: '2024-05-12', why: 'contacts' });
  });

  it('without contacts, opens on the first day with entries in the last 90 days that have any', () => {
    expect(
      findOpeningDay(
        [summary(null, 0)],
        activity(['2003-12-14', '2024-02-01', '2024-03-10', '2024-05-13']),
      ),
      // Not "when the contacts began": there were none.
    ).toEqual({ from: '2024-03-10', why: 'recent' });
    expect(findOpeningDay([], activity([]))).toBeNull();
  });
});
