import { describe, expect, it } from 'vitest';
import { generateDraft, type DraftInput } from '../../../../main/core/playbooks/drafts';
import { DRAFT_KINDS } from '../../../../main/core/playbooks/schema';

const MEERA: DraftInput = {
  case: {
    title: 'QuickCash harassment',
    description:
      'Agents of QuickCash call me up to 30 times a day and message my brother and my principal.',
    timezone: 'Asia/Kolkata',
  },
  counterparty: {
    name: 'QuickCash Finance',
    kind: 'loan-app',
    agentNames: ['Ravi Verma'],
    numbers: ['+91 98765 43210', '+91 91234 56780'],
    handles: ['@quickcash_recovery'],
  },
  complainant: { name: 'Meera Joshi', phone: '+91 90000 11111' },
  contacts: {
    total: 212,
    firstAt: '2026-03-01T03:30:00Z',
    lastAt: '2026-03-20T16:10:00Z',
    perDayPeak: 30,
    outOfHours: 41,
    thirdPartyContacts: 6,
  },
  flags: [
    {
      rule: {
        en: 'RBI rules do not allow recovery calls before 8 am or after 7 pm.',
        hi: 'RBI के नियम सुबह 8 बजे से पहले या शाम 7 बजे के बाद वसूली के लिए कॉल की अनुमति नहीं देते।',
      },
      source: {
        title: 'RBI circular RBI/2022-23/108',
        url: 'https://taxguru.in/rbi/recovery-agents-2022',
      },
      fact: 'On 3 March 2026 at 21:40, +91 98765 43210 called me.',
    },
    {
      rule: {
        en: 'Agents must not contact your family, friends or colleagues.',
        hi: 'एजेंट आपके परिवार, दोस्तों या सहकर्मियों से संपर्क नहीं कर सकते।',
      },
      source: { title: 'RBI draft directions 2026', url: 'https://rbi.org.in/draft-2026-recovery' },
      fact: 'On 4 March 2026, +91 91234 56780 messaged my brother.',
    },
  ],
  steps: [
    {
      title: 'Complained to QuickCash',
      doneAt: '2026-03-05',
      references: { 'reference-number': 'QC-GRV-4411' },
    },
  ],
  evidence: [
    {
      number: 1,
      originalName: 'call-log-march.png',
      sha256: 'a1'.repeat(32),
      capturedAt: '2026-03-03T16:10:00Z',
    },
    {
      number: 2,
      originalName: 'WhatsApp Chat with Ravi.zip',
      sha256: 'b2'.repeat(32),
      capturedAt: null,
    },
  ],
};

const ARJUN: DraftInput = {
  case: {
    title: 'Instagram threats',
    description: 'An account posted my photo with my phone number and asked people to call me.',
    timezone: 'Asia/Kolkata',
  },
  counterparty: {
    name: 'Unknown Instagram user',
    kind: 'person',
    agentNames: [],
    numbers: ['+91 88888 77777'],
    handles: ['@shame_page_99'],
  },
  complainant: { name: 'Arjun Rao', email: 'arjun@example.in' },
  contacts: {
    total: 9,
    firstAt: '2026-04-10T05:00:00Z',
    lastAt: '2026-04-12T05:00:00Z',
    perDayPeak: 5,
    outOfHours: 0,
    thirdPartyContacts: 0,
  },
  flags: [
    {
      rule: {
        en: 'Platforms must decide a grievance within 15 days.',
        hi: 'प्लेटफ़ॉर्म को 15 दिन में शिकायत पर फ़ैसला करना होता है।',
      },
      source: { title: 'IT Rules 3(2)', url: 'https://itlaw.in/rule-3-2-example' },
      fact: 'The post at instagram.com/p/XYZ123 is still up.',
    },
  ],
  steps: [
    {
      title: 'Reported the post',
      doneAt: '2026-04-11',
      references: { 'report-references': 'IG-REP-2299' },
    },
  ],
  evidence: [
    {
      number: 'E-7',
      originalName: 'post-screenshot.jpg',
      sha256: 'c3'.repeat(32),
      capturedAt: '2026-04-10T05:00:00Z',
    },
  ],
};

/** Strings that belong to exactly one fixture, and must never appear in the other's drafts. */
function distinctiveStrings(input: DraftInput, lang: 'en' | 'hi'): string[] {
  return [
    input.case.description,
    input.counterparty.name,
    ...input.counterparty.numbers,
    ...input.counterparty.handles,
    ...input.counterparty.agentNames,
    ...input.flags.flatMap((flag) => [flag.fact, flag.source.url, flag.rule[lang]]),
    ...input.steps.flatMap((step) => Object.values(step.references)),
    ...input.evidence.flatMap((item) => [item.sha256, item.originalName]),
    input.complainant?.name ?? '',
  ].filter((value) => value !== '');
}

describe('generateDraft', () => {
  it("puts a case's numbers, flagged breaches with citations and evidence hashes into every draft", () => {
    for (const kind of DRAFT_KINDS) {
      for (const lang of ['en', 'hi'] as const) {
        const { body } = generateDraft(kind, lang, MEERA);
        for (const number of MEERA.counterparty.numbers)
          expect(body, `${kind}/${lang}`).toContain(number);
        for (const flag of MEERA.flags) {
          expect(body).toContain(flag.fact);
          expect(body).toContain(flag.rule[lang]);
          // The Hindi draft cites a source by its address; its title is English.
          if (lang === 'en') expect(body).toContain(flag.source.title);
          expect(body).toContain(flag.source.url);
        }
        for (const item of MEERA.evidence) {
          expect(body).toContain(`SHA-256: ${item.sha256}`);
          expect(body).toContain(item.originalName);
        }
        expect(body).toContain('QC-GRV-4411');
      }
    }
  });

  it('never carries anything from another case', () => {
    const pairs: [DraftInput, DraftInput][] = [
      [MEERA, ARJUN],
      [ARJUN, MEERA],
    ];
    for (const [own, other] of pairs) {
      const foreign = [...distinctiveStrings(other, 'en'), ...distinctiveStrings(other, 'hi')];
      for (const kind of DRAFT_KINDS) {
        for (const lang of ['en', 'hi'] as const) {
          const { title, body } = generateDraft(kind, lang, own);
          for (const value of distinctiveStrings(own, lang))
            expect(body, `${kind}/${lang}`).toContain(value);
          for (const value of foreign) {
            expect(body, `${kind}/${lang} leaked ${value}`).not.toContain(value);
            expect(title, `${kind}/${lang} leaked ${value}`).not.toContain(value);
          }
        }
      }
    }
  });

  it('writes the Hindi draft in Hindi, with the rule in Hindi', () => {
    const { title, body } = generateDraft('police', 'hi', MEERA);
    expect(title).toBe('पुलिस शिकायत: QuickCash Finance द्वारा उत्पीड़न');
    expect(body).toContain('विषय:');
    expect(body).toContain('भारतीय नागरिक सुरक्षा संहिता, 2023 की धारा 173');
    expect(body).toContain(MEERA.flags[0]?.rule.hi);
    expect(body).not.toContain(MEERA.flags[0]?.rule.en);
    expect(body).toContain('1 मार्च 2026 से 20 मार्च 2026 तक');
    expect(body).toContain('तारीख और समय: 3 मार्च 2026, रात 9:40 बजे');
  });

  it('shows dates and times in words on the case’s clock, with no zone code', () => {
    const inIndia = generateDraft('ncw', 'en', MEERA).body;
    expect(inIndia).toContain('Date and time: 3 March 2026, 9:40 pm');
    expect(inIndia).toContain('Between 1 March 2026 and 20 March 2026');
    const inLondon = generateDraft('ncw', 'en', {
      ...MEERA,
      case: { ...MEERA.case, timezone: 'Europe/London' },
    }).body;
    expect(inLondon).toContain('Date and time: 3 March 2026, 4:10 pm');
    for (const body of [inIndia, inLondon]) {
      expect(body).not.toMatch(/\bIST\b|Europe\/London|Asia\/|\d{4}-\d{2}-\d{2}|\d\d:\d\d:\d\d/);
    }
    // Her own step keeps her words; a reference reads as words, never as a field key.
    expect(inIndia).toContain(
      'On 5 March 2026: Complained to QuickCash; reference number QC-GRV-4411.',
    );
  });

  it('writes a finished playbook step in the past tense, with its date and reference', () => {
    const steps = [
      {
        title: "Complain in writing to the lender's Grievance Officer",
        done: 'complained to the lender in writing',
        doneAt: '2024-05-20',
        references: { 'Complaint or ticket number': 'GRV-12345' },
      },
    ];
    expect(generateDraft('police', 'en', { ...MEERA, steps }).body).toContain(
      '- I complained to the lender in writing on 20 May 2024; complaint or ticket number GRV-12345.',
    );
    const hindi = [
      {
        title: 'लोन देने वाली संस्था के शिकायत अधिकारी को लिखित शिकायत दें',
        done: 'लोन देने वाली संस्था को लिखित शिकायत दी',
        doneAt: '2024-05-20',
        references: { 'शिकायत या टिकट नंबर': 'GRV-12345' },
      },
    ];
    expect(generateDraft('police', 'hi', { ...MEERA, steps: hindi }).body).toContain(
      '- मैंने 20 मई 2024 को लोन देने वाली संस्था को लिखित शिकायत दी; शिकायत या टिकट नंबर: GRV-12345।',
    );
  });

  it('leaves clear placeholders where the complainant has not given details', () => {
    const noComplainant: DraftInput = {
      ...ARJUN,
      complainant: undefined,
      preparedOn: '2026-04-15',
    };
    const en = generateDraft('lender', 'en', noComplainant).body;
    expect(en).toContain('[Your name]');
    expect(en).toContain('[Your address]');
    expect(en).toContain('[Loan account number]');
    expect(en).toContain('Date: 15 April 2026');
    const hi = generateDraft('lender', 'hi', noComplainant).body;
    expect(hi).toContain('[आपका नाम]');
    expect(hi).toContain('दिनांक: 15 अप्रैल 2026');
    expect(generateDraft('police', 'en', ARJUN).body).toContain('[Police station]');
  });

  it('returns the portal limit as unconfirmed for cybercrime.gov.in, and none for letters', () => {
    const portal = generateDraft('cybercrime', 'en', ARJUN);
    expect(portal.limit).toEqual({ chars: 1500, confirmed: false });
    expect(portal.charCount).toBe(portal.body.length);
    expect(portal.body).not.toContain('Sir or Madam');
    for (const kind of ['police', 'lender', 'ombudsman', 'ncw'] as const) {
      expect(generateDraft(kind, 'en', ARJUN).limit).toBeNull();
    }
  });

  it('says so when no evidence is attached', () => {
    expect(generateDraft('ncw', 'en', { ...ARJUN, evidence: [] }).body).toContain(
      'No files are attached yet.',
    );
    expect(generateDraft('ncw', 'hi', { ...ARJUN, evidence: [] }).body).toContain(
      'अभी कोई फ़ाइल संलग्न नहीं है।',
    );
  });

  it('gives the same draft for the same input', () => {
    expect(generateDraft('ombudsman', 'hi', MEERA)).toEqual(
      generateDraft('ombudsman', 'hi', MEERA),
    );
  });

  it('refuses malformed input such as a hash that is not SHA-256', () => {
    const bad: DraftInput = {
      ...ARJUN,
      evidence: [{ number: 1, originalName: 'x.jpg', sha256: 'not-a-hash', capturedAt: null }],
    };
    expect(() => generateDraft('police', 'en', bad)).toThrow(/evidence\.0\.sha256/);
    expect(() => generateDraft('court' as 'police', 'en', ARJUN)).toThrow(/unknown draft kind/);
  });

  it('shows a time it cannot read as given, rather than dropping it', () => {
    const odd: DraftInput = {
      ...ARJUN,
      steps: [{ title: 'Called the bank', doneAt: 'last Tuesday', references: {} }],
    };
    expect(generateDraft('police', 'en', odd).body).toContain('last Tuesday: Called the bank');
  });
});
