// Whose export is this? Instagram and Messenger threads list their participants without saying
// which of them made the export, and a Telegram chat names senders only by their display name, so
// her own messages would be drawn and counted as the other side's. An export tells it three ways,
// tried in this order:
//   1. Telegram's whole-account export gives `personal_information.user_id`: the sender whose
//      `from_id` is "user" + that id is her.
//   2. Meta's profile file (personal_information.json, profile_information.json) gives her name
//      and username: the participant of a thread so named is her.
//   3. Meta threads of one export all have her in them: a participant common to every thread of
//      that export (and only one such, in two threads or more) is her.
// When none decides, nothing is guessed: her name stays untied, the thread's result says so, and
// the Evidence tab asks "Who is this?" as for any untied sender. A sender she has already tied
// (to anyone), or that the case already knows (the harasser's agent names), keeps that tie.
import path from 'node:path';
import { formatImportWarning } from '../../../shared/import-warnings';
import type { MetaProfile, MetaThread } from '../readers/meta-messages';
import { listMyChatNames, tieOwnAccount } from '../people/people-service';
import type { Vault } from '../vault/vault';
import type { SourceFound } from './source-import';
import type { ImportFileResult } from './import-types';

export type OwnerEvidence = 'telegram-user-id' | 'meta-profile' | 'every-thread';

export interface OwnerDecision {
  /** Her name as the export writes it on her messages. */
  sender: string;
  how: OwnerEvidence;
  channel: 'telegram' | 'instagram' | 'messenger';
}

/** Her name among the Meta threads' participants, by her profile or by being in every thread. */
export function findMetaOwner(
  threads: readonly MetaThread[],
  profiles: readonly MetaProfile[],
): { sender: string; how: OwnerEvidence } | null {
  const byProfile = findOwnerByProfile(threads, profiles);
  if (byProfile === 'ambiguous') return null;
  return byProfile ?? findOwnerInEveryThread(threads);
}

/**
 * The one participant a profile names; null when none is; 'ambiguous' when profiles name more than
 * one (two people's exports dropped together), which then decides nothing at all.
 */
export function findOwnerByProfile(
  threads: readonly MetaThread[],
  profiles: readonly MetaProfile[],
): { sender: string; how: OwnerEvidence } | 'ambiguous' | null {
  const everyone = new Set(threads.flatMap((thread) => thread.participants));
  const named = new Set<string>();
  for (const profile of profiles) {
    for (const value of [profile.name, profile.username]) {
      if (value === null) continue;
      const wanted = value.normalize('NFC').toLocaleLowerCase();
      for (const participant of everyone)
        if (participant.normalize('NFC').toLocaleLowerCase() === wanted) named.add(participant);
    }
  }
  const [only] = named;
  if (named.size > 1) return 'ambiguous';
  return only === undefined ? null : { sender: only, how: 'meta-profile' };
}

/**
 * The one participant of every thread, in two threads or more of ONE export: threads from two
 * people's exports (hers and her brother's) may have only the agent who wrote to both in common.
 */
export function findOwnerInEveryThread(
  threads: readonly MetaThread[],
): { sender: string; how: OwnerEvidence } | null {
  const withOthers = threads.filter((thread) => thread.participants.length >= 2);
  if (withOthers.length < 2) return null;
  let common = new Set(withOthers[0]?.participants ?? []);
  for (const thread of withOthers.slice(1))
    common = new Set(thread.participants.filter((name) => common.has(name)));
  const [only] = common;
  return common.size === 1 && only !== undefined ? { sender: only, how: 'every-thread' } : null;
}

/**
 * The folder a loose thread file's export starts at ('…/instagram-meera' for
 * '…/instagram-meera/your_instagram_activity/messages/inbox/ravi_1/message_1.json').
 */
export function findExportRoot(file: string): string {
  const clean = file.replace(/\\/g, '/');
  const found = /^(.*?)(?:\/your_[^/]+)?\/messages\/[^/]+\/[^/]+\/message_\d+\.json$/i.exec(clean);
  return found?.[1] ?? path.posix.dirname(path.posix.dirname(clean));
}

export interface OwnerSource {
  found: SourceFound | null;
  result: ImportFileResult;
  /** Which export the file belongs to: the zip, or the export folder a loose file sits in. */
  root: string;
}

/** The owners the given exports (one batch, or one zip) make known. */
export function decideOwners(sources: readonly OwnerSource[]): OwnerDecision[] {
  const decisions: OwnerDecision[] = [];
  const threads = new Map<'instagram' | 'messenger', { thread: MetaThread; root: string }[]>();
  const profiles: MetaProfile[] = [];
  for (const { found, root } of sources) {
    if (found?.kind === 'telegram') {
      for (const sender of found.owners)
        decisions.push({ sender, how: 'telegram-user-id', channel: 'telegram' });
    } else if (found?.kind === 'meta') {
      threads.set(found.channel, [
        ...(threads.get(found.channel) ?? []),
        { thread: found.thread, root },
      ]);
    } else if (found?.kind === 'meta-profile') profiles.push(found.profile);
  }
  for (const [channel, list] of threads) {
    const byProfile = findOwnerByProfile(
      list.map((item) => item.thread),
      profiles,
    );
    if (byProfile === 'ambiguous') continue;
    if (byProfile !== null) {
      decisions.push({ ...byProfile, channel });
      continue;
    }
    for (const root of new Set(list.map((item) => item.root))) {
      const owner = findOwnerInEveryThread(
        list.filter((item) => item.root === root).map((item) => item.thread),
      );
      if (owner !== null) decisions.push({ ...owner, channel });
    }
  }
  return decisions;
}

/**
 * Ties each owner found to "me" (tied_by 'import', with a custody entry), then marks each Meta
 * thread in which no participant is known to be her: its result says she is asked.
 */
export function recordOwners(vault: Vault, caseId: string, items: readonly OwnerSource[]): void {
  for (const decision of decideOwners(items))
    tieOwnAccount(vault, caseId, decision.sender, { how: decision.how, source: decision.channel });
  const mine = new Set(listMyChatNames(vault, caseId));
  for (const { found, result } of items) {
    const people = listUndecidedPeople(found);
    if (people.length < 2 || people.some((name) => mine.has(name))) continue;
    const warning = formatImportWarning('source-owner-unknown');
    if (!result.warnings.includes(warning)) result.warnings.push(warning);
  }
}

/** Who is in a chat whose export does not say which of them she is (else nobody). */
function listUndecidedPeople(found: SourceFound | null): string[] {
  if (found?.kind === 'meta') return found.thread.participants;
  if (found?.kind !== 'telegram' || found.ownerKnown) return [];
  const senders = new Set<string>();
  for (const message of found.messages)
    if (!message.isSystem && message.sender !== null) senders.add(message.sender);
  return [...senders];
}
