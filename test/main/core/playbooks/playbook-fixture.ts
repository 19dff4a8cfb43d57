// Small playbooks written by hand, so validator and schedule tests do not depend on the wording of
// the bundled data.
import type { Playbook, PlaybookStep } from '../../../../main/core/playbooks/schema';

export function text(en: string): { en: string; hi: string } {
  return { en, hi: `हिंदी: ${en}` };
}

export function makeStep(id: string, overrides: Partial<PlaybookStep> = {}): PlaybookStep {
  return {
    id,
    title: text(`Title of ${id}`),
    why: text(`Why ${id}`),
    how: { default: [text(`Do ${id}`)] },
    fields: [],
    proof: text(`Proof of ${id}`),
    after: [],
    source: { url: `https://example.org/${id}`, title: `Source for ${id}`, kind: 'official' },
    done: text(`Did ${id}`),
    status: 'confirmed',
    effectiveFrom: '2026-07-01',
    ...overrides,
  };
}

export function makePlaybook(steps: PlaybookStep[], overrides: Partial<Playbook> = {}): Playbook {
  return {
    id: 'test-playbook',
    version: 1,
    effectiveFrom: '2026-07-01',
    title: text('Test playbook'),
    summary: text('A playbook for tests'),
    suggestedFor: ['other'],
    steps,
    ...overrides,
  };
}
