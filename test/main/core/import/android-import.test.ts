// Android call logs and SMS from "SMS Backup & Restore" XML, through the real pipeline into a real
// vault: each sample gives exactly its events, flags and links; re-imports add nothing; overlapping
// exports give each message once; damaged and hostile files are kept with a word, never a crash.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { importPaths } from '../../../../main/core/import/pipeline';
import { hasAndroidEvents } from '../../../../main/core/import/android-import';
import { objectPath } from '../../../../main/core/vault/layout';
import { listPeople, tieSender } from '../../../../main/core/people/people-service';
import { readChatConversation } from '../../../../main/core/viewer/chat-messages';
import { listTimeline } from '../../../../main/core/timeline/timeline';
import type { TimelineEntry } from '../../../../main/core/timeline/timeline-entry';
import type { Vault } from '../../../../main/core/vault/vault';
import { formatImportWarning } from '../../../../shared/import-warnings';
import { makeTempDir } from '../../../helpers/temp-dir';
import { writeBackup } from '../../../../bench/sources';
import { makeVault, PASS, reopenVault } from './import-vault';

const SAMPLES = path.join(__dirname, '../../../fixtures/android');
const CALLS = path.join(SAMPLES, 'calls-20240513090000.xml');
const CALLS_READABLE = path.join(SAMPLES, 'calls-readable-only.xml');
const SMS = path.join(SAMPLES, 'sms-20240513090000.xml');
const SMS_LATER = path.join(SAMPLES, 'sms-20240514080000.xml');
const SMS_CUT = path.join(SAMPLES, 'sms-truncated.xml');
const SMS_DOCTYPE = path.join(SAMPLES, 'sms-doctype.xml');
const HARASSER = '+919876543210';
const BROTHER = '+919812345678';

async function makeCase() {
  const made = await makeVault();
  made.vault.updateCase(made.caseId, {
    counterparty: {
      name: 'XYZ Loans',
      kind: 'recovery-agent',
      numbers: ['098765 43210'],
      agentNames: [],
      handles: [],
    },
  });
  return made;
}

function listEntries(vault: Vault, caseId: string, kind: string): TimelineEntry[] {
  return listTimeline(vault.db, { caseId, kinds: [kind], asOf: '2024-06-01T00:00:00Z' });
}

/** '12 07:59 +919876543210 [contact-hours]' */
function describeCall(entry: TimelineEntry): string {
  const flags = entry.flags.map((flag) => flag.ruleId).join(',');
  return `${entry.occurredAtLocal.slice(8, 10)} ${entry.occurredAtLocal.slice(11, 16)} ${entry.number ?? '-'} ${entry.durationSeconds ?? '-'} [${flags}]`;
}

describe('Android call logs from SMS Backup & Restore', () => {
  it('flags exactly the harasser’s calls at 07:59, 19:01 and 21:15 IST and sums them up', async () => {
    const { vault, caseId } = await makeCase();
    const [result, ...rest] = await importPaths(vault, [CALLS], { caseId });
    expect(rest).toEqual([]);
    expect(result).toMatchObject({
      status: 'imported',
      warnings: [],
      calls: { calls: 7, alreadyHere: 0, fromThem: 5, outsideHours: 3 },
    });
    // Five ways of writing one number, all the harasser's; the brother's and her own call are not.
    expect(listEntries(vault, caseId, 'call').map(describeCall)).toEqual([
      `12 07:59 ${HARASSER} 42 [contact-hours]`,
      `12 08:00 ${HARASSER} 0 []`,
      `12 19:00 ${HARASSER} 0 []`,
      `12 19:01 ${HARASSER} 0 [contact-hours]`,
      `12 21:15 ${HARASSER} 185 [contact-hours]`,
      `12 22:30 ${BROTHER} 300 []`,
      `12 22:45 ${HARASSER} 20 []`,
    ]);
    const calls = listEntries(vault, caseId, 'call');
    expect(calls[0]?.sender).toEqual({ personId: `harasser-${caseId}`, role: 'harasser' });
    expect(calls[5]?.sender).toBeNull();
    // The original XML is the evidence, with the hash of its bytes.
    const stored = new EvidenceRepository(vault.db).require(result?.evidenceId ?? '');
    expect(stored.sha256).toBe(execFileSync('sha256sum', [CALLS]).toString().split(' ')[0]);
    expect(stored.originalName).toBe('calls-20240513090000.xml');
    // The backup says when it was made: that is the time this evidence stands for.
    expect(stored.capturedAt).toBe('2024-05-13T03:30:00.000Z');
    expect(result?.capturedAt).toBe('2024-05-13T09:00:00+05:30');
  });

  it('never flags a call from her brother, once his number is tied to him', async () => {
    const { vault, caseId } = await makeCase();
    await importPaths(vault, [SMS], { caseId });
    tieSender(vault, { caseId, sender: BROTHER, as: 'other', name: 'Rahul', relation: 'family' });
    await importPaths(vault, [CALLS], { caseId });
    const brother = listEntries(vault, caseId, 'call').filter((entry) => entry.number === BROTHER);
    expect(brother).toHaveLength(1);
    expect(brother[0]?.flags).toEqual([]);
    expect(brother[0]?.sender?.role).toBe('other');
    const texts = listEntries(vault, caseId, 'message').filter((entry) => entry.actor === BROTHER);
    expect(texts.map((entry) => entry.flags)).toEqual([[]]);
  });

  it('offers every calling number for tying, even one that never sent an SMS', async () => {
    const { vault, caseId } = await makeCase();
    await importPaths(vault, [CALLS], { caseId });
    const senders = listPeople(vault, caseId).senders;
    expect(
      senders.map((sender) => [sender.name, sender.messages, sender.calls, sender.tie?.role]),
    ).toEqual([
      [BROTHER, 0, 1, undefined],
      [HARASSER, 0, 6, 'harasser'],
    ]);
    tieSender(vault, { caseId, sender: BROTHER, as: 'other', name: 'Rahul', relation: 'family' });
    const brother = listEntries(vault, caseId, 'call').filter((entry) => entry.number === BROTHER);
    expect(brother[0]?.sender?.role).toBe('other');
    expect(listPeople(vault, caseId).senders.every((sender) => sender.tie !== null)).toBe(true);
    expect(vault.custody(`case:${caseId}`).map((entry) => entry.action)).toContain('sender.tied');
  });

  it('reads readable_date in the case’s zone when date is missing, and leaves out a call with no time', async () => {
    const { vault, caseId } = await makeCase();
    const [result] = await importPaths(vault, [CALLS_READABLE], { caseId });
    expect(result?.warnings).toEqual([formatImportWarning('android-undated')]);
    expect(result?.calls).toEqual({ calls: 1, alreadyHere: 0, fromThem: 1, outsideHours: 1 });
    expect(listEntries(vault, caseId, 'call').map(describeCall)).toEqual([
      `13 21:40 ${HARASSER} 12 [contact-hours]`,
    ]);
  });
});

describe('Android SMS from SMS Backup & Restore', () => {
  it('gives each SMS and MMS its sender, instant, text and direction, with the MMS picture linked', async () => {
    const { vault, caseId } = await makeCase();
    const results = await importPaths(vault, [SMS], { caseId });
    expect(results.map((r) => [r.path.split('/').at(-1), r.status])).toEqual([
      ['sms-20240513090000.xml', 'imported'],
      ['sms-20240513090000.xml › IMG_0001.png', 'imported'],
    ]);
    expect(results[0]).toMatchObject({ chat: { messages: 7, alreadyHere: 0 }, warnings: [] });
    const messages = listEntries(vault, caseId, 'message');
    expect(
      messages.map(
        (m) =>
          `${m.occurredAtLocal.slice(11, 19)} ${m.actor ?? 'me'}: ${m.text} [${m.flags.map((f) => f.ruleId).join(',')}]`,
      ),
    ).toEqual([
      '10:00:00 VM-LOANAP: Your EMI of Rs 4,500 is overdue. Pay at https://example.invalid []',
      `21:05:10 ${HARASSER}: आज शाम तक पैसे जमा करो वरना घर आएंगे [recovery-message-hours]`,
      '21:05:40 me: मैं शुक्रवार को दूंगी []',
      `22:01:05 ${HARASSER}: PAY NOW [recovery-message-hours]`,
      `22:01:05 ${HARASSER}: PAY NOW [recovery-message-hours]`,
      `22:10:00 ${BROTHER}: दीदी, कोई लोन वाला मुझे फ़ोन कर रहा है 🙏 []`,
      `22:20:00 ${HARASSER}: देखो तुम्हारी फ़ोटो [recovery-message-hours]`,
    ]);
    const picture = results[1]?.evidenceId ?? '';
    expect(messages[6]?.evidenceIds).toEqual([picture]);
    const stored = new EvidenceRepository(vault.db).require(picture);
    expect(stored.mediaType).toBe('image/png');
    expect(stored.capturedAt).toBe('2024-05-12T16:50:00.000Z');
    // A Hindi search finds the Hindi message.
    const found = listTimeline(vault.db, { caseId, search: 'पैसे' });
    expect(found.map((entry) => entry.text)).toEqual(['आज शाम तक पैसे जमा करो वरना घर आएंगे']);
  });

  it('gives each message once across overlapping exports and keeps repeats within one', async () => {
    const { vault, caseId } = await makeCase();
    await importPaths(vault, [SMS], { caseId });
    const results = await importPaths(vault, [SMS_LATER], { caseId });
    expect(results[0]).toMatchObject({
      status: 'imported',
      chat: { messages: 6, alreadyHere: 4 },
    });
    // The MMS picture is the same bytes: already here, and still linked to the one message.
    expect(results[1]).toMatchObject({ status: 'duplicate', reasonCode: 'duplicate' });
    const messages = listEntries(vault, caseId, 'message');
    expect(messages).toHaveLength(9);
    expect(messages.filter((m) => m.text === 'PAY NOW')).toHaveLength(2);
    expect(messages.at(-2)?.text).toBe('अंतिम चेतावनी');
    expect(messages.at(-2)?.flags.map((f) => f.ruleId)).toEqual(['recovery-message-hours']);
  });

  it('gives each message once when the overlapping exports are dropped together', async () => {
    const { vault, caseId } = await makeCase();
    const results = await importPaths(vault, [SMS, SMS_LATER], { caseId });
    expect(results.map((r) => r.chat).filter((chat) => chat !== undefined)).toEqual([
      { messages: 7, alreadyHere: 0 },
      { messages: 6, alreadyHere: 4 },
    ]);
    expect(listEntries(vault, caseId, 'message')).toHaveLength(9);
  });

  it('reports every sample as already here when imported twice', async () => {
    const { vault, caseId } = await makeCase();
    const all = [CALLS, CALLS_READABLE, SMS, SMS_LATER, SMS_CUT, SMS_DOCTYPE];
    const first = await importPaths(vault, all, { caseId });
    expect(first.filter((r) => r.status === 'imported')).toHaveLength(7);
    const count = listTimeline(vault.db, { caseId }).length;
    const second = await importPaths(vault, all, { caseId });
    expect(second.map((r) => [path.basename(r.path), r.status, r.reasonCode])).toEqual(
      all.map((file) => [path.basename(file), 'duplicate', 'duplicate']),
    );
    expect(listTimeline(vault.db, { caseId })).toHaveLength(count);
  });
});

describe('Android backups in the viewer and on the timeline', () => {
  it('opens a call log as its calls and an SMS backup as a conversation, each entry saying its source', async () => {
    const { vault, caseId } = await makeCase();
    const [calls] = await importPaths(vault, [CALLS], { caseId });
    const [sms] = await importPaths(vault, [SMS], { caseId });
    const log = readChatConversation(vault, calls?.evidenceId ?? '');
    expect(log.lines).toEqual([]);
    expect(
      log.calls?.map((call) => [call.local.slice(11, 16), call.callType, call.outsideHours]),
    ).toEqual([
      ['07:59', 'incoming', true],
      ['08:00', 'missed', false],
      ['19:00', 'rejected', false],
      ['19:01', 'blocked', true],
      ['21:15', 'incoming', true],
      ['22:30', 'incoming', false],
      ['22:45', 'outgoing', false],
    ]);
    expect(log.calls?.[5]?.contactName).toBe('राहुल भैया');
    // The backup holds three threads: it opens as their list, newest first, and no mixed lines.
    const list = readChatConversation(vault, sms?.evidenceId ?? '');
    expect(list.calls).toBeUndefined();
    expect(list.lines).toEqual([]);
    expect(list.thread).toBeNull();
    expect(list.channel).toBe('sms');
    const threads = list.threads ?? [];
    expect(threads.map((thread) => [thread.name, thread.number, thread.messages])).toEqual([
      ['XYZ Loans', HARASSER, 5],
      ['राहुल भैया', BROTHER, 1],
      [null, 'VM-LOANAP', 1],
    ]);
    expect(threads[0]?.lastLocal).toBe('2024-05-12T22:20:00+05:30');
    const harasser = threads.find((thread) => thread.number === '+919876543210');
    const chat = readChatConversation(vault, sms?.evidenceId ?? '', harasser?.key);
    expect(chat.thread).toBe(harasser?.key);
    expect(chat.lines.map((line) => [line.sender, line.outgoing === true])).toEqual([
      [HARASSER, false],
      [null, true],
      [HARASSER, false],
      [HARASSER, false],
      [HARASSER, false],
    ]);
    expect(chat.lines[4]?.attachments).toMatchObject([
      { name: 'IMG_0001.png', mediaType: 'image/png' },
    ]);
    const brother = threads.find((thread) => thread.name === 'राहुल भैया');
    const other = readChatConversation(vault, sms?.evidenceId ?? '', brother?.key);
    expect(other.lines.map((line) => line.sender)).toEqual([BROTHER]);
    const channels = new Set(
      listTimeline(vault.db, { caseId }).map((entry) => `${entry.kind}:${String(entry.channel)}`),
    );
    expect([...channels].sort()).toEqual([
      'call:call-log',
      'document:null',
      'message:sms',
      'photo:null',
    ]);
  });
});

/** The connection settings an import widens for its batches (android-rows.ts), as they are now. */
function readBulkSettings(vault: Vault): unknown[] {
  return [
    vault.db.pragma('cache_size', { simple: true }),
    vault.db.pragma('wal_autocheckpoint', { simple: true }),
  ];
}

describe('damaged and hostile backups', () => {
  it('keeps a cut-short backup as evidence with the messages before the cut and a word why', async () => {
    const { vault, caseId } = await makeCase();
    const settings = readBulkSettings(vault);
    const results = await importPaths(vault, [SMS_CUT, SMS_LATER], { caseId, lanes: 1 });
    // The page cache and checkpoint interval widened for the import are back as they were.
    expect(readBulkSettings(vault)).toEqual(settings);
    expect(results[0]).toMatchObject({
      status: 'imported',
      warnings: [formatImportWarning('android-truncated')],
      chat: { messages: 5, alreadyHere: 0 },
    });
    // The batch went on: the next file was read in full.
    expect(results[1]).toMatchObject({ status: 'imported', chat: { messages: 6, alreadyHere: 3 } });
  });

  it('refuses a DOCTYPE: no entity is expanded and no file is read through one', async () => {
    const { vault, caseId } = await makeCase();
    const [result] = await importPaths(vault, [SMS_DOCTYPE], { caseId });
    expect(result).toMatchObject({
      status: 'imported',
      warnings: [formatImportWarning('android-doctype')],
    });
    expect(result?.chat).toEqual({ messages: 0, alreadyHere: 0 });
    expect(listEntries(vault, caseId, 'message')).toEqual([]);
  });

  it('keeps a file named as a backup that is not one, with a word', async () => {
    const { vault, caseId } = await makeCase();
    const file = path.join(makeTempDir(), 'sms-20240513.xml');
    fs.writeFileSync(file, '<?xml version="1.0"?><notes><note>hello</note></notes>\n');
    const [result] = await importPaths(vault, [file], { caseId });
    expect(result).toMatchObject({
      status: 'imported',
      warnings: [formatImportWarning('android-not-a-backup')],
    });
  });

  it('adds nothing from a stored copy swapped by someone without the passphrase, not even its MMS picture', async () => {
    const { vault, caseId } = await makeCase();
    const added = await vault.addFile(caseId, SMS);
    if (added.status !== 'imported') throw new Error('expected a new file');
    // The intruder seals other XML to the vault's public recipient with the standard age tool and
    // puts it in place of the stored copy, before the messages are read from it.
    const fake = path.join(makeTempDir(), 'fake.xml');
    fs.writeFileSync(fake, fs.readFileSync(SMS_LATER));
    const target = objectPath(vault.layout, added.evidence.blobName);
    fs.chmodSync(target, 0o600);
    execFileSync('age', ['-r', vault.recipient, '-o', target, fake]);
    const settings = readBulkSettings(vault);
    const [result] = await importPaths(vault, [SMS], { caseId });
    // The import failed, and still put back the connection settings it widened.
    expect(readBulkSettings(vault)).toEqual(settings);
    expect(result?.status).toBe('duplicate');
    expect(result?.chat).toBeUndefined();
    expect(result?.warnings.at(-1)).toContain('does not match its hash');
    expect(listEntries(vault, caseId, 'message')).toEqual([]);
    expect(hasAndroidEvents(vault, added.evidence.id)).toBe(false);
    // The planted copy's MMS picture was never read: the copy is checked whole first.
    expect(fs.readFileSync(SMS_LATER, 'utf8')).toContain('<mms ');
    expect(new EvidenceRepository(vault.db).listByCase(caseId).map((e) => e.id)).toEqual([
      added.evidence.id,
    ]);
  });

  it('finishes an import that was cut short, counting nothing twice', async () => {
    const { vault, caseId } = await makeCase();
    // The file is evidence already (as after a crash between its commit and its events), and an
    // event an interrupted read left behind is still there, with no custody entry closing it.
    const added = await vault.addFile(caseId, SMS);
    if (added.status !== 'imported') throw new Error('expected a new file');
    vault.db
      .prepare(
        `INSERT INTO events (id, case_id, kind, occurred_at, actor, number, text, details, created_at, direction)
         VALUES ('left-over', ?, 'message', '2024-05-12T15:35:10.000Z', ?, ?, 'आज शाम तक पैसे जमा करो वरना घर आएंगे', ?, '2024-05-13T00:00:00.000Z', 'incoming')`,
      )
      .run(
        caseId,
        HARASSER,
        HARASSER,
        JSON.stringify({ source: 'android-backup', sourceEvidenceId: added.evidence.id }),
      );
    const [result] = await importPaths(vault, [SMS], { caseId });
    expect(result).toMatchObject({
      status: 'duplicate',
      chat: { messages: 7, alreadyHere: 0 },
    });
    expect(listEntries(vault, caseId, 'message')).toHaveLength(7);
    const [again] = await importPaths(vault, [SMS], { caseId });
    expect(again?.chat).toBeUndefined();
    expect(listEntries(vault, caseId, 'message')).toHaveLength(7);
  });
});

// Seven batches (android-import.ts writes 5,000 records per transaction), so the kill can land
// after any of several of them, whenever the child's timer gets its turn.
const TOTAL = 35_000;

/**
 * Every message event of the case is in the search index: its own number (each generated message
 * ends with '#N', a word no other message holds) finds exactly it, and the user's search finds a
 * sample of them through the timeline.
 */
function expectEveryMessageFound(vault: Vault, caseId: string, atLeast: number): void {
  const events = vault.db
    .prepare<[string], { id: string; text: string }>(
      `SELECT id, text FROM events WHERE case_id = ? AND kind = 'message'`,
    )
    .all(caseId);
  expect(events.length).toBeGreaterThanOrEqual(atLeast);
  const search = vault.db
    .prepare<[string, string], string>(
      `SELECT d.source_id FROM timeline_fts f JOIN timeline_fts_docs d ON d.doc = f.rowid
       WHERE timeline_fts MATCH ? AND d.case_id = ?`,
    )
    .pluck();
  const missing = events.filter((event) => {
    const word = /(\d+)$/.exec(event.text)?.[1];
    return word === undefined || !search.all(`"${word}"`, caseId).includes(event.id);
  });
  expect(missing).toEqual([]);
  for (const event of events.filter((_, index) => index % 5000 === 0)) {
    const word = /(\d+)$/.exec(event.text)?.[1] ?? '';
    const found = listTimeline(vault.db, { caseId, search: word });
    expect(found.map((entry) => entry.id)).toContain(event.id);
  }
}

describe('an Android import killed part-way', () => {
  it('gives each message exactly once after a kill between its batches and a second import, and a search finds every message the kill left', async () => {
    const { vault, dir, caseId } = await makeCase();
    vault.lock();
    const file = path.join(makeTempDir(), 'sms-20240601000000.xml');
    await writeBackup(file, TOTAL);
    const child = path.join(__dirname, '../../../helpers/android-crash-child.ts');
    const seen = await new Promise<number>((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', child], {
        env: { ...process.env, CRASH_VAULT_DIR: dir, CRASH_PASSPHRASE: PASS, CRASH_FILE: file },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let most = 0;
      proc.stdout.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) {
          const events = /^events (\d+)$/.exec(line);
          if (events !== null) most = Math.max(most, Number(events[1]));
          // Some batches are in, the rest (and the closing entry) are not.
          if (most > 0 && most < TOTAL) proc.kill('SIGKILL');
        }
      });
      proc.on('exit', () => {
        resolve(most);
      });
      proc.on('error', reject);
    });
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(TOTAL);
    const reopened = await reopenVault(dir);
    expectEveryMessageFound(reopened, caseId, seen);
    const [result] = await importPaths(reopened, [file], { caseId });
    expect(result?.chat).toEqual({ messages: TOTAL, alreadyHere: 0 });
    const count = reopened.db
      .prepare<[string], number>(
        `SELECT count(*) FROM events WHERE case_id = ? AND kind = 'message'`,
      )
      .pluck()
      .get(caseId);
    expect(count).toBe(TOTAL);
    expectEveryMessageFound(reopened, caseId, TOTAL);
    const [again] = await importPaths(reopened, [file], { caseId });
    expect(again?.status).toBe('duplicate');
    expect(again?.chat).toBeUndefined();
  }, 240_000);
});
