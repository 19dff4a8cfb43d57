import { describe, expect, it } from 'vitest';
import { COUNTERPARTY_KINDS } from '../../../../shared/domain';
import { SakshyaError } from '../../../../shared/errors';
import { findDependencyCycle } from '../../../../main/core/playbooks/dependency-graph';
import {
  findPlaybook,
  loadPlaybooks,
  suggestPlaybooks,
  validatePlaybook,
} from '../../../../main/core/playbooks/load-playbooks';
import { selectInstructions, type Playbook } from '../../../../main/core/playbooks/schema';
import { makePlaybook, makeStep, text } from './playbook-fixture';

const DEVANAGARI = /[\u0900-\u097F]/;

function rejectionOf(data: unknown): SakshyaError {
  try {
    validatePlaybook(data);
  } catch (error) {
    if (error instanceof SakshyaError) return error;
    throw error;
  }
  throw new Error('expected the playbook to be rejected');
}

function requirePlaybook(id: string): Playbook {
  const playbook = findPlaybook(id);
  if (!playbook) throw new Error(`missing playbook ${id}`);
  return playbook;
}

describe('loadPlaybooks', () => {
  it('loads the four bundled playbooks and every one passes validation', () => {
    const playbooks = loadPlaybooks();
    expect(playbooks.map((p) => p.id)).toEqual([
      'loan-recovery',
      'whatsapp-harassment',
      'social-media-threat',
      'police-cyber',
    ]);
    for (const playbook of playbooks) expect(validatePlaybook(playbook)).toEqual(playbook);
  });

  it('gives every step English and Devanagari Hindi text and a web source', () => {
    for (const playbook of loadPlaybooks()) {
      for (const step of playbook.steps) {
        const texts = [
          step.title,
          step.why,
          step.proof,
          ...step.how.default,
          ...step.fields.map((f) => f.label),
        ];
        for (const entry of texts) {
          expect(entry.en.trim(), `${playbook.id}/${step.id}`).not.toBe('');
          expect(entry.hi, `${playbook.id}/${step.id}`).toMatch(DEVANAGARI);
        }
        expect(step.source.url, `${playbook.id}/${step.id}`).toMatch(/^https?:\/\//);
      }
    }
  });

  it('returns copies, so a caller cannot change the playbooks for everyone else', () => {
    const first = loadPlaybooks();
    const firstStep = first[0]?.steps[0];
    if (!firstStep) throw new Error('no steps');
    firstStep.title.en = 'changed';
    expect(loadPlaybooks()[0]?.steps[0]?.title.en).not.toBe('changed');
  });
});

describe('the bundled content', () => {
  it('has WhatsApp evidence saved before blocking, then reporting, privacy, support and the grievance officer', () => {
    const ids = requirePlaybook('whatsapp-harassment').steps.map((step) => step.id);
    expect(ids.slice(0, 6)).toEqual([
      'save-evidence',
      'block-numbers',
      'report-numbers',
      'tighten-privacy',
      'contact-whatsapp-support',
      'write-to-grievance-officer',
    ]);
    const steps = requirePlaybook('whatsapp-harassment').steps;
    expect(steps.find((s) => s.id === 'block-numbers')?.after).toContain('save-evidence');
    expect(steps.find((s) => s.id === 'report-numbers')?.after).toContain('save-evidence');
  });

  it('gives platform-specific export instructions and falls back to the default list', () => {
    const save = requirePlaybook('whatsapp-harassment').steps[0];
    if (!save) throw new Error('no step');
    expect(selectInstructions(save, 'android').some((line) => line.en.includes('⋮'))).toBe(true);
    expect(selectInstructions(save, 'web')).toBe(save.how.default);
    expect(selectInstructions(save)).toBe(save.how.default);
  });

  it('encodes the IT Rules times: 24 hours and 15 days for the grievance officer, 30 days to appeal', () => {
    const steps = requirePlaybook('social-media-threat').steps;
    const officer = steps.find((s) => s.id === 'write-to-grievance-officer');
    expect(officer?.deadlines?.map((d) => [d.days, d.kind])).toEqual([
      [1, 'response-due'],
      [15, 'response-due'],
    ]);
    const appeal = steps.find((s) => s.id === 'appeal-to-gac');
    expect(appeal?.deadlines?.[0]).toMatchObject({
      days: 30,
      kind: 'window-closes',
      from: { step: 'write-to-grievance-officer', field: 'reply-date' },
    });
  });

  it('waits 30 days for the lender and marks the partly confirmed Ombudsman window as "check the current rule"', () => {
    const steps = requirePlaybook('loan-recovery').steps;
    const ombudsman = steps.find((s) => s.id === 'complain-to-rbi-ombudsman');
    expect(ombudsman?.notBefore).toMatchObject({
      step: 'complain-to-lender',
      days: 30,
      unlessFilled: 'reply-date',
    });
    expect(ombudsman?.status).toBe('check-current-rule');
    expect(ombudsman?.source.url).toContain('rbi.org.in');
    expect(ombudsman?.deadlines?.map((d) => d.days)).toEqual([90, 120]);
    expect(steps.find((s) => s.id === 'complain-to-lender')?.status).toBe('confirmed');
  });

  it('asks for the portal complaint within 24 hours of calling 1930', () => {
    const portal = requirePlaybook('police-cyber').steps.find(
      (s) => s.id === 'file-ncrp-complaint',
    );
    expect(portal?.deadlines?.[0]).toMatchObject({
      from: { step: 'call-1930' },
      days: 1,
      kind: 'due',
    });
    expect(portal?.draft).toBe('cybercrime');
  });
});

describe('suggestPlaybooks', () => {
  it('leads with loan recovery for lenders, agents and loan apps', () => {
    for (const kind of ['lender', 'recovery-agent', 'loan-app'] as const) {
      expect(suggestPlaybooks(kind)[0]).toBe('loan-recovery');
    }
  });

  it('suggests the police route for every kind, and no loan route for a private person', () => {
    for (const kind of COUNTERPARTY_KINDS) expect(suggestPlaybooks(kind)).toContain('police-cyber');
    expect(suggestPlaybooks('person')).toEqual([
      'whatsapp-harassment',
      'social-media-threat',
      'police-cyber',
    ]);
  });
});

describe('validatePlaybook', () => {
  it('accepts a small valid playbook', () => {
    const playbook = makePlaybook([makeStep('a'), makeStep('b', { after: ['a'] })]);
    expect(validatePlaybook(playbook)).toEqual(playbook);
  });

  it('rejects a step without Hindi, or with Hindi in Latin letters', () => {
    const missing = makePlaybook([makeStep('a', { title: { en: 'Title', hi: '' } })]);
    expect(rejectionOf(missing).message).toContain('steps.0.title.hi');
    const latin = makePlaybook([makeStep('a', { why: { en: 'Why', hi: 'Kyon' } })]);
    expect(rejectionOf(latin).message).toContain('Devanagari');
  });

  it('rejects a step without a source link', () => {
    const step: Record<string, unknown> = { ...makeStep('a') };
    delete step.source;
    expect(rejectionOf({ ...makePlaybook([]), steps: [step] }).message).toContain('steps.0.source');
    const badUrl = makePlaybook([
      makeStep('a', { source: { url: 'not a link', title: 'x', kind: 'official' } }),
    ]);
    expect(rejectionOf(badUrl).message).toContain('source.url');
  });

  it('rejects misspelt keys and dates that do not exist', () => {
    expect(
      rejectionOf({ ...makePlaybook([makeStep('a')]), efectiveFrom: '2026-07-01' }).message,
    ).toContain('efectiveFrom');
    expect(
      rejectionOf(makePlaybook([makeStep('a')], { effectiveFrom: '2025-02-29' })).message,
    ).toContain('effectiveFrom');
  });

  it('rejects unknown and duplicate step ids, naming them', () => {
    const unknown = makePlaybook([makeStep('a', { after: ['ghost'] })]);
    expect(rejectionOf(unknown).message).toContain("unknown step id 'ghost'");
    const duplicate = makePlaybook([makeStep('a'), makeStep('a')]);
    expect(rejectionOf(duplicate).message).toContain("step id 'a' is used twice");
    const wait = makePlaybook([makeStep('a', { notBefore: { step: 'nowhere', days: 3 } })]);
    expect(rejectionOf(wait).message).toContain("unknown step id 'nowhere'");
  });

  it('rejects deadlines and waits that count from a missing or non-date field', () => {
    const withField = makeStep('a', {
      fields: [{ key: 'ref', label: text('Ref'), kind: 'reference' }],
    });
    const notDate = makePlaybook([
      withField,
      makeStep('b', {
        deadlines: [
          { label: text('Due'), from: { step: 'a', field: 'ref' }, days: 3, kind: 'due' },
        ],
      }),
    ]);
    expect(rejectionOf(notDate).message).toContain("field 'ref' of 'a' is not a date");
    const missing = makePlaybook([
      withField,
      makeStep('b', { notBefore: { step: 'a', days: 3, unlessFilled: 'nope' } }),
    ]);
    expect(rejectionOf(missing).message).toContain("step 'a' has no field 'nope'");
  });

  it('rejects a wait reason without a {date} slot', () => {
    const playbook = makePlaybook([
      makeStep('a'),
      makeStep('b', { notBefore: { step: 'a', days: 3, reason: text('Wait a bit') } }),
    ]);
    expect(rejectionOf(playbook).message).toContain('{date}');
  });

  it('rejects a dependency cycle and names the steps in it', () => {
    const playbook = makePlaybook([
      makeStep('a', { after: ['c'] }),
      makeStep('b', { after: ['a'] }),
      makeStep('c', { after: ['b'] }),
    ]);
    const error = rejectionOf(playbook);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain(
      "Playbook 'test-playbook' has a dependency cycle: a → c → b → a",
    );
  });

  it('rejects a cycle made through a "not before" wait, and a step that waits for itself', () => {
    const viaWait = makePlaybook([
      makeStep('a', { after: ['b'] }),
      makeStep('b', { notBefore: { step: 'a', days: 30 } }),
    ]);
    expect(rejectionOf(viaWait).message).toContain('a → b → a');
    const selfWait = makePlaybook([makeStep('a', { after: ['a'] })]);
    expect(rejectionOf(selfWait).message).toContain('a → a');
  });

  it('rejects a former id that is still in use', () => {
    const playbook = makePlaybook([makeStep('a'), makeStep('b', { formerIds: ['a'] })]);
    expect(rejectionOf(playbook).message).toContain("former id 'a' is a current step id");
  });
});

describe('findDependencyCycle', () => {
  it('finds nothing in a chain or a diamond', () => {
    expect(
      findDependencyCycle([
        { id: 'a', dependsOn: [] },
        { id: 'b', dependsOn: ['a'] },
        { id: 'c', dependsOn: ['a'] },
        { id: 'd', dependsOn: ['b', 'c'] },
      ]),
    ).toBeNull();
  });

  it('handles a long chain without running out of stack', () => {
    const nodes = Array.from({ length: 20_000 }, (_, i) => ({
      id: `s${i}`,
      dependsOn: i === 0 ? [] : [`s${i - 1}`],
    }));
    expect(findDependencyCycle(nodes)).toBeNull();
    nodes[0] = { id: 's0', dependsOn: ['s19999'] };
    expect(findDependencyCycle(nodes)?.length).toBe(20_001);
  });
});
