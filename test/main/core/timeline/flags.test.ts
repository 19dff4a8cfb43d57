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
        url: 'https://www.rbi.org.in/Scripts/NotificationUser.aspx?Id=12378&Mode=0',
        kind: 'official',
      }) as unknown,
      fact: 'a recovery call at 9:15 pm on 12 May 2024, outside the hours the RBI allows (8 am to 7 pm)',
      factHi: '12 मई 2024 को रात 9:15 बजे वसूली के लिए कॉल, RBI के तय समय के बाहर (सुबह 8 से शाम 7 बजे तक)',
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

describe('computeFlags: what each rule covers', () => {
  it('flags a recovery message at night against the hours the RBI gives for calls, worded so', () => {
    // 22:01 IST on 12 May 2024.
    const flags = computeFlags(
      call('2024-05-12T16:31:00Z', { kind: 'message' }),
      'Asia/Kolkata',
      RULES,
      AS_OF,
    );
    expect(flags.map((flag) => flag.ruleId)).toEqual(['recovery-message-hours']);
    const [flag] = flags;
    expect(flag?.fact).toBe(
      'a recovery message at 10:01 pm on 12 May 2024, outside the hours the RBI allows for recovery calls (8 am to 7 pm)',
    );
    expect(flag?.factHi).toBe(
      '12 मई 2024 को रात 10:01 बजे वसूली का संदेश, उस समय के बाहर जब RBI वसूली के लिए कॉल की अनुमति देता है (सुबह 8 से शाम 7 बजे तक)',
    );
    // Never a misstatement: the 2022 text speaks of calls, so the flag never says messages are barred by hours.
    expect(flag?.rule.en).toContain('recovery calls only from 8 am to 7 pm');
    expect(flag?.rule.en).not.toMatch(/do not allow recovery messages/);
  });

  it('does not flag a message in the day, the user’s own message, or a message from someone else', () => {
    expect(ruleIds(call('2024-05-12T06:00:00Z', { kind: 'message' }))).toEqual([]);
    expect(
      ruleIds(call('2024-05-12T16:31:00Z', { kind: 'message', direction: 'outgoing' })),
    ).toEqual([]);
    expect(
      ruleIds(call('2024-05-12T16:31:00Z', { kind: 'message', fromRecoveryParty: false })),
    ).toEqual([]);
  });

  it('lets the 2026 version cover messages itself, so a message is flagged once', () => {
    expect(ruleIds(call('2026-07-02T16:31:00Z', { kind: 'message' }))).toEqual(['contact-hours']);
  });

  it('does not flag a visit at night under the 2022 circular, which speaks of calls', () => {
    expect(ruleIds(call('2024-05-12T16:31:00Z', { kind: 'visit' }))).toEqual([]);
  });

  it('names the kinds of contact each version covers, with an official source where one exists', () => {
    for (const rule of RULES.rules) {
      for (const version of rule.versions) {
        expect(Array.isArray(version.covers)).toBe(true);
        if (version.source.url.includes('rbi.org.in')) expect(version.source.kind).toBe('official');
        expect(version.source.url).not.toContain('taxguru');
      }
    }
  });
});
