import { describe, expect, it } from 'vitest';
import {
  computeFlags,
  loadRecoveryConductRules,
  type FlagSubject,
} from '../../../../main/core/timeline/flags';

const RULES = loadRecoveryConductRules();
const AS_OF = '2026-12-01T00:00:00Z';

/** A call from the lender's side at a UTC instant. */
function call(occurredAt: string, overrides: Partial<FlagSubject> = {}): FlagSubject {
  return {
    kind: 'call',
    occurredAt,
    direction: 'incoming',
    thirdParty: false,
    fromRecoveryParty: true,
    ...overrides,
  };
}

function ruleIds(subject: FlagSubject, zone = 'Asia/Kolkata', asOf = AS_OF): string[] {
  return computeFlags(subject, zone, RULES, asOf).map((flag) => flag.ruleId);
}

describe('computeFlags: contact hours', () => {
  // IST is UTC+05:30, so 07:59 IST is 02:29 UTC.
  it.each([
    ['07:59', '2024-05-12T02:29:00Z', true],
    ['08:00', '2024-05-12T02:30:00Z', false],
    ['18:59', '2024-05-12T13:29:00Z', false],
    ['19:00', '2024-05-12T13:30:00Z', false],
    ['19:00:01', '2024-05-12T13:30:01Z', true],
    ['19:01', '2024-05-12T13:31:00Z', true],
  ])('a call at %s IST is flagged: %s', (_label, utc, flagged) => {
    expect(ruleIds(call(utc)).includes('contact-hours')).toBe(flagged);
  });

  it('flags half a second after 7 pm', () => {
    expect(ruleIds(call('2024-05-12T13:30:00.500Z'))).toContain('contact-hours');
  });

  it('reads the hours on the case clock, not UTC', () => {
    // 21:15 UTC is 02:45 the next morning in India but 14:15 in Los Angeles.
    expect(ruleIds(call('2024-05-12T21:15:00Z'), 'Asia/Kolkata')).toContain('contact-hours');
    expect(ruleIds(call('2024-05-12T21:15:00Z'), 'America/Los_Angeles')).not.toContain(
      'contact-hours',
    );
  });

  it('states the rule in English and Hindi with its source and the fact', () => {
    const [flag] = computeFlags(call('2024-05-12T15:45:00Z'), 'Asia/Kolkata', RULES, AS_OF);
    expect(flag).toEqual({
      ruleId: 'contact-hours',
      rule: {
        en: 'RBI rules do not allow recovery calls before 8 am or after 7 pm.',
        hi: expect.stringContaining('शाम 7 बजे') as unknown,
      },
      source: expect.objectContaining({
        url: expect.stringContaining('taxguru.in') as unknown,
      }) as unknown,
      fact: 'call at 21:15:00 on 2024-05-12 (Asia/Kolkata time), outside 08:00–19:00',
    });
  });

  it('does not flag the user’s own calls or messages from people who are not the lender', () => {
    expect(ruleIds(call('2024-05-12T17:00:00Z', { direction: 'outgoing' }))).toEqual([]);
    expect(ruleIds(call('2024-05-12T17:00:00Z', { fromRecoveryParty: false }))).toEqual([]);
  });
});

describe('computeFlags: versions', () => {
  it('cites the 2022 circular before 1 July 2026 and the 2026 directions from then on', () => {
    const before = computeFlags(call('2026-06-30T17:00:00Z'), 'Asia/Kolkata', RULES, AS_OF)[0];
    const after = computeFlags(call('2026-07-01T17:00:00Z'), 'Asia/Kolkata', RULES, AS_OF)[0];
    expect(before?.source.title).toContain('2022');
    expect(after?.source.title).toContain('2026');
  });

  it('uses no version that had not taken effect by the "as of" date', () => {
    const flag = computeFlags(
      call('2026-07-01T17:00:00Z'),
      'Asia/Kolkata',
      RULES,
      '2026-06-01T00:00:00Z',
    )[0];
    expect(flag?.source.title).toContain('2022');
  });

  it('flags nothing from before the first rule took effect', () => {
    expect(ruleIds(call('2021-01-01T17:00:00Z', { kind: 'threat', thirdParty: true }))).toEqual([]);
  });
});

describe('computeFlags: third parties, threats and posts', () => {
  it('flags contact with someone other than the borrower', () => {
    expect(ruleIds(call('2024-05-12T06:00:00Z', { thirdParty: true }))).toEqual([
      'third-party-contact',
    ]);
  });

  it('flags threats and public posts the user marked as such', () => {
    expect(ruleIds(call('2024-05-12T06:00:00Z', { kind: 'threat' }))).toEqual(['threats']);
    expect(ruleIds(call('2024-05-12T06:00:00Z', { kind: 'post' }))).toEqual(['public-humiliation']);
  });
});
