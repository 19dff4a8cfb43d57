// Builds a complaint draft's input from one case's own records: its counterparty, the contacts from
// the harasser and the flagged rule breaches on its timeline (each message counted once), its done
// steps in the past tense, and the evidence she ticked for the annexure. Only this case is read, so
// nothing from another case can end up in a letter.
import { EvidenceRepository } from '../db/repositories/evidence';
import { PeopleRepository } from '../db/repositories/people';
import { loadPeopleIndex } from '../people/people-index';
import { findPlaybook } from '../playbooks/load-playbooks';
import {
  generateDraft,
  type Draft,
  type DraftInput,
  type DraftLanguage,
} from '../playbooks/drafts';
import type { DraftKind } from '../playbooks/schema';
import { groupByLocalDay, listTimeline } from '../timeline/timeline';
import type { TimelineEntry } from '../timeline/timeline-entry';
import type { Vault } from '../vault/vault';
import { listCaseSteps } from './case-steps';

const CONTACT_KINDS = new Set(['call', 'message', 'visit', 'threat', 'post']);
/** Flags that mean "outside the hours the RBI allows", for calls and for messages. */
const HOURS_RULES = new Set(['contact-hours', 'recovery-message-hours']);

/** A contact from the harasser's side: logged by hand (calls, visits…), or a message tied to them. */
function isContactFromThem(entry: TimelineEntry): boolean {
  if (entry.source !== 'event' || !CONTACT_KINDS.has(entry.kind)) return false;
  return entry.kind !== 'message' || entry.sender?.role === 'harasser';
}

function openFlags(entry: TimelineEntry): TimelineEntry['flags'] {
  return entry.flags.filter((flag) => flag.dismissal === null);
}

export interface AnnexureSuggestion {
  evidenceId: string;
  originalName: string;
  /** 'flagged': linked to an entry with a flag; 'harasser-chat': a chat export with their messages. */
  reason: 'flagged' | 'harasser-chat';
}

/**
 * The evidence to offer for the annexure, ticked in advance: files linked to flagged entries, and
 * the chat exports holding messages from senders tied to the harasser. Case order (by import).
 */
export function suggestAnnexure(vault: Vault, caseId: string): AnnexureSuggestion[] {
  const reasons = new Map<string, AnnexureSuggestion['reason']>();
  for (const entry of listTimeline(vault.db, { caseId })) {
    if (openFlags(entry).length === 0) continue;
    for (const id of entry.evidenceIds) if (!reasons.has(id)) reasons.set(id, 'flagged');
  }
  const people = loadPeopleIndex(vault.db, caseId);
  const harasserSenders = new PeopleRepository(vault.db)
    .listSenderNames(caseId)
    .filter((name) => people.resolveSender(name)?.role === 'harasser');
  const chatOf = vault.db.prepare<[string, string], string>(
    `SELECT DISTINCT json_extract(details, '$.chatEvidenceId') FROM events
     WHERE case_id = ? AND kind = 'message' AND actor = ? AND json_extract(details, '$.chatEvidenceId') IS NOT NULL`,
  );
  for (const sender of harasserSenders) {
    for (const id of chatOf.pluck().all(caseId, sender)) {
      if (!reasons.has(id)) reasons.set(id, 'harasser-chat');
    }
  }
  return new EvidenceRepository(vault.db)
    .listByCase(caseId)
    .filter((item) => reasons.has(item.id))
    .map((item) => ({
      evidenceId: item.id,
      originalName: item.originalName,
      reason: reasons.get(item.id) ?? 'flagged',
    }));
}

function describeDoneSteps(vault: Vault, caseId: string, lang: DraftLanguage, today: string) {
  return listCaseSteps(vault, caseId, today).flatMap((playbook) => {
    const definition = findPlaybook(playbook.playbookId);
    return playbook.steps
      .filter((step) => step.status === 'done')
      .map((step) => {
        const defined = definition?.steps.find((item) => item.id === step.stepId);
        // Field keys become the field's own label in the draft's language, never the raw key.
        const references = Object.fromEntries(
          Object.entries(step.references).map(([key, value]) => [
            defined?.fields.find((field) => field.key === key)?.label[lang] ??
              key.replaceAll('-', ' '),
            value,
          ]),
        );
        return {
          title: step.title[lang],
          done: defined?.done[lang],
          doneAt: step.doneAt,
          references,
        };
      });
  });
}

export function buildCaseDraftInput(
  vault: Vault,
  caseId: string,
  lang: DraftLanguage,
  today: string,
  options: { evidenceIds?: readonly string[] } = {},
): DraftInput {
  const found = vault.getCase(caseId);
  const timeline = listTimeline(vault.db, { caseId });
  const contacts = timeline.filter(isContactFromThem);
  const perDayPeak = Math.max(
    0,
    ...groupByLocalDay(contacts, found.timezone).map((day) => day.entries.length),
  );
  // The annexure holds what she ticked, in that order; without a choice, what is suggested.
  const byId = new Map(
    new EvidenceRepository(vault.db).listByCase(caseId).map((item) => [item.id, item]),
  );
  const chosen =
    options.evidenceIds ?? suggestAnnexure(vault, caseId).map((item) => item.evidenceId);
  const evidence = chosen
    .map((id) => byId.get(id))
    .filter((item) => item !== undefined)
    .map((item, index) => ({
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
        openFlags(entry).some((flag) => HOURS_RULES.has(flag.ruleId)),
      ).length,
      thirdPartyContacts: contacts.filter((entry) => entry.thirdParty).length,
    },
    // Dismissed flags are the user's own judgement that the rule does not apply; they stay out.
    flags: timeline.flatMap((entry) =>
      openFlags(entry).map((flag) => ({
        ruleId: flag.ruleId,
        rule: flag.rule,
        source: { title: flag.source.title, url: flag.source.url },
        fact: flag.fact,
        factHi: flag.factHi,
      })),
    ),
    steps: describeDoneSteps(vault, caseId, lang, today),
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
  options: { evidenceIds?: readonly string[] } = {},
): Draft {
  return generateDraft(kind, lang, buildCaseDraftInput(vault, caseId, lang, today, options));
}
