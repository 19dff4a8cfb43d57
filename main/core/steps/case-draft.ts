// Builds a complaint draft's input from one case's own records: its counterparty, the contacts and
// flagged rule breaches on its timeline, its done steps and its evidence with their SHA-256. Only
// this case is read, so nothing from another case can end up in a letter.
import { EvidenceRepository } from '../db/repositories/evidence';
import {
  generateDraft,
  type Draft,
  type DraftInput,
  type DraftLanguage,
} from '../playbooks/drafts';
import type { DraftKind } from '../playbooks/schema';
import { groupByLocalDay, listTimeline } from '../timeline/timeline';
import type { Vault } from '../vault/vault';
import { listCaseSteps } from './case-steps';

const CONTACT_KINDS = new Set(['call', 'message', 'visit', 'threat', 'post']);

export function buildCaseDraftInput(
  vault: Vault,
  caseId: string,
  lang: DraftLanguage,
  today: string,
): DraftInput {
  const found = vault.getCase(caseId);
  const timeline = listTimeline(vault.db, { caseId });
  const contacts = timeline.filter(
    (entry) => entry.source === 'event' && CONTACT_KINDS.has(entry.kind),
  );
  const openFlags = (entry: (typeof timeline)[number]): typeof entry.flags =>
    entry.flags.filter((flag) => flag.dismissal === null);
  const perDayPeak = Math.max(
    0,
    ...groupByLocalDay(contacts, found.timezone).map((day) => day.entries.length),
  );
  const steps = listCaseSteps(vault, caseId, today)
    .flatMap((playbook) => playbook.steps)
    .filter((step) => step.status === 'done')
    .map((step) => ({ title: step.title[lang], doneAt: step.doneAt, references: step.references }));
  const evidence = new EvidenceRepository(vault.db).listByCase(caseId).map((item, index) => ({
    number: index + 1,
    originalName: item.originalName,
    sha256: item.sha256,
    capturedAt: item.capturedAt,
  }));
  return {
    case: { title: found.title, description: found.description, timezone: found.timezone },
    counterparty: found.counterparty,
    contacts: {
      total: contacts.length,
      firstAt: contacts[0]?.occurredAt ?? null,
      lastAt: contacts.at(-1)?.occurredAt ?? null,
      perDayPeak,
      outOfHours: contacts.filter((entry) =>
        openFlags(entry).some((flag) => flag.ruleId === 'contact-hours'),
      ).length,
      thirdPartyContacts: contacts.filter((entry) => entry.thirdParty).length,
    },
    // Dismissed flags are the user's own judgement that the rule does not apply; they stay out.
    flags: timeline.flatMap((entry) =>
      openFlags(entry).map((flag) => ({
        rule: flag.rule,
        source: { title: flag.source.title, url: flag.source.url },
        fact: flag.fact,
      })),
    ),
    steps,
    evidence,
    preparedOn: today,
  };
}

export function generateCaseDraft(
  vault: Vault,
  caseId: string,
  kind: DraftKind,
  lang: DraftLanguage,
  today: string,
): Draft {
  return generateDraft(kind, lang, buildCaseDraftInput(vault, caseId, lang, today));
}
