// Telegram, Instagram, Messenger and e-mail samples (test/fixtures/sources, written from the
// formats' documented fields by make-fixtures.py) through the real pipeline into a real vault: each
// yields exactly its events, links and flags; the same export twice adds nothing; overlapping
// exports give each message once; a damaged file gets a word and never stops the batch.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventsRepository } from '../../../../main/core/db/repositories/events';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { importPaths } from '../../../../main/core/import/pipeline';
import {
  listPeople,
  syncHarasserFromCase,
  tieSender,
} from '../../../../main/core/people/people-service';
import { syncCaseCounterparty } from '../../../../main/core/timeline/counterparties';
import { listTimeline, summariseCounterparty } from '../../../../main/core/timeline/timeline';
import { formatInstantInZone } from '../../../../main/core/time/zoned-time';
import type { Vault } from '../../../../main/core/vault/vault';
import { readChatConversation } from '../../../../main/core/viewer/chat-messages';
import { formatImportWarning } from '../../../../shared/import-warnings';
import { makeTempDir } from '../../../helpers/temp-dir';
import { IST } from './import-vault';
import { lockOpened, makeSourcesVault, SOURCES_DIR } from './sources-vault';

afterEach(lockOpened);

function zipFolder(folder: string, name: string): string {
  const zip = path.join(makeTempDir(), name);
  execFileSync('zip', ['-qr', zip, '.'], { cwd: folder });
  return zip;
}

function listLines(vault: Vault, caseId: string): string[] {
  return new EventsRepository(vault.db)
    .listByCase(caseId)
    .filter((event) => event.kind === 'message' || event.kind === 'system')
    .map(
      (event) =>
        `${formatInstantInZone(event.occurredAt, IST).slice(11, 19)} ${event.kind === 'system' ? '[system] ' : ''}${event.actor ?? ''}: ${event.text}`,
    );
}

function findEvent(vault: Vault, caseId: string, text: string) {
  const event = new EventsRepository(vault.db)
    .listByCase(caseId)
    .find((item) => item.text === text);
  if (event === undefined) throw new Error(`no event "${text}"`);
  return event;
}

function nameOf(vault: Vault, evidenceId: string | undefined): string {
  return new EvidenceRepository(vault.db).require(evidenceId ?? '').originalName;
}

const TELEGRAM_LINES = [
  '19:30:05 Ravi Recovery: Pay your EMI today',
  '21:15:30 Ravi Recovery: आज पैसे भरो वरना https://pay.example/x',
  '21:16:00 Ravi Recovery: ',
  '21:20:00 Ravi Recovery: Final notice before legal action',
  '21:25:00 Meera: I will pay on Friday',
  '21:30:00 [system] Ravi Recovery: phone call',
  '22:40:00 +91 98765 43210: Call me back now',
  '22:41:00 +91 98765 43210: PAY NOW',
  '22:41:00 +91 98765 43210: PAY NOW',
  '22:45:00 Ravi Recovery: ',
];

describe('Telegram Desktop exports', () => {
  it('reads a single-chat export folder into exactly its messages, with its photo linked', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const results = await importPaths(vault, [path.join(SOURCES_DIR, 'telegram-chat')], {
      caseId,
    });
    const chat = results.find((result) => result.path.endsWith('result.json'));
    expect(chat).toMatchObject({ status: 'imported', chat: { messages: 9, alreadyHere: 0 } });
    expect(chat?.messages).toHaveLength(10);
    expect(listLines(vault, caseId)).toEqual(TELEGRAM_LINES);
    const photo = new EventsRepository(vault.db)
      .listByCase(caseId)
      .find((event) => event.details.messageId === 3);
    expect(photo?.evidenceIds).toHaveLength(1);
    expect(nameOf(vault, photo?.evidenceIds[0])).toBe('photo_1@12-05-2024_21-16-00.jpg');
    expect(photo?.details).toMatchObject({
      channel: 'telegram',
      attachments: [expect.any(String)],
    });
    // A file the export left out is said so, not linked.
    const omitted = new EventsRepository(vault.db)
      .listByCase(caseId)
      .find((event) => event.details.messageId === 10);
    expect(omitted?.details.mediaOmitted).toBe(true);
  });

  it('marks forwarded messages and replies, and reads a date with no unixtime in the case zone', async () => {
    const { vault, caseId } = await makeSourcesVault();
    await importPaths(vault, [path.join(SOURCES_DIR, 'telegram-chat')], { caseId });
    expect(findEvent(vault, caseId, 'Final notice before legal action').details).toMatchObject({
      forwardedFrom: 'QuickCash Loans',
      zoneAssumed: false,
    });
    expect(findEvent(vault, caseId, 'I will pay on Friday').details).toMatchObject({ replyTo: 4 });
    const zoneLess = findEvent(vault, caseId, 'Call me back now');
    expect(zoneLess.occurredAt).toBe('2024-05-12T17:10:00.000Z');
    expect(zoneLess.details).toMatchObject({ zoneAssumed: true, localTime: '2024-05-12T22:40:00' });
  });

  it('flags the harasser by number at once and offers the named sender for tying', async () => {
    const { vault, caseId } = await makeSourcesVault();
    await importPaths(vault, [path.join(SOURCES_DIR, 'telegram-chat')], { caseId });
    const flagged = () =>
      listTimeline(vault.db, { caseId, flaggedOnly: true })
        .filter((entry) => entry.kind === 'message')
        .map((entry) => `${entry.occurredAtLocal.slice(11, 16)} ${entry.actor ?? ''}`);
    // '+91 98765 43210' is the case's '098765-43210': its three late messages break the hours rule.
    expect(flagged()).toEqual([
      '22:40 +91 98765 43210',
      '22:41 +91 98765 43210',
      '22:41 +91 98765 43210',
    ]);
    // Written as a number, the sender counts under that number with the case's calls.
    expect(
      vault.db
        .prepare("SELECT count(*) FROM events WHERE number_e164 = '+919876543210'")
        .pluck()
        .get(),
    ).toBe(3);
    syncCaseCounterparty(vault, caseId);
    expect(summariseCounterparty(vault.db, caseId, `case-${caseId}`).contacts).toBe(3);
    const untied = listPeople(vault, caseId).senders.filter((sender) => sender.tie === null);
    expect(untied.map((sender) => sender.name)).toContain('Ravi Recovery');
    tieSender(vault, { caseId, sender: 'Ravi Recovery', as: 'harasser' });
    // Every one of Ravi's messages came after 7 pm: now all are flagged too.
    expect(flagged()).toEqual([
      '19:30 Ravi Recovery',
      '21:15 Ravi Recovery',
      '21:16 Ravi Recovery',
      '21:20 Ravi Recovery',
      '22:40 +91 98765 43210',
      '22:41 +91 98765 43210',
      '22:41 +91 98765 43210',
      '22:45 Ravi Recovery',
    ]);
    // "Who got in touch" now counts the name she tied with the number the case gave.
    const harasser = `case-${caseId}`;
    expect(summariseCounterparty(vault.db, caseId, harasser).contacts).toBe(8);
    // "Show only these" lists the same, and Telegram's notice of the missed call from him too.
    expect(listTimeline(vault.db, { caseId, counterpartyId: harasser })).toHaveLength(9);
    // Meera's own reply is never the harasser's.
    expect(flagged().some((line) => line.includes('Meera'))).toBe(false);
  });

  it('reads the same export as a zip, and adds nothing when it is imported again', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const zip = zipFolder(path.join(SOURCES_DIR, 'telegram-chat'), 'Telegram Desktop export.zip');
    const [first] = await importPaths(vault, [zip], { caseId });
    expect(first).toMatchObject({ status: 'imported', chat: { messages: 9, alreadyHere: 0 } });
    expect(listLines(vault, caseId)).toEqual(TELEGRAM_LINES);
    const again = await importPaths(vault, [zip], { caseId });
    expect(again.map((result) => result.status)).toEqual(['duplicate']);
    // The unzipped folder holds the very same files: everything is already here.
    const folder = await importPaths(vault, [path.join(SOURCES_DIR, 'telegram-chat')], { caseId });
    expect(folder.every((result) => result.status === 'duplicate')).toBe(true);
    expect(listLines(vault, caseId)).toHaveLength(TELEGRAM_LINES.length);
  });

  it('gives each message once when a later export overlaps an earlier one', async () => {
    const { vault, caseId } = await makeSourcesVault();
    await importPaths(vault, [path.join(SOURCES_DIR, 'telegram-chat')], { caseId });
    const later = makeTempDir();
    const original = JSON.parse(
      fs.readFileSync(path.join(SOURCES_DIR, 'telegram-chat/result.json'), 'utf8'),
    ) as { messages: Record<string, unknown>[] };
    original.messages.push({
      id: 11,
      type: 'message',
      date: '2024-05-13T08:00:00',
      date_unixtime: '1715567400',
      from: 'Ravi Recovery',
      text: [{ type: 'italic', text: 'Good morning' }, ', pay now'],
    });
    fs.writeFileSync(path.join(later, 'result.json'), JSON.stringify(original));
    const [result] = await importPaths(vault, [path.join(later, 'result.json')], { caseId });
    expect(result).toMatchObject({ status: 'imported', chat: { messages: 10, alreadyHere: 9 } });
    expect(listLines(vault, caseId)).toEqual([
      ...TELEGRAM_LINES,
      '08:00:00 Ravi Recovery: Good morning, pay now',
    ]);
  });

  it('reads a whole-account export, every chat with its name on each message', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const [result] = await importPaths(
      vault,
      [path.join(SOURCES_DIR, 'telegram-account/result.json')],
      { caseId },
    );
    expect(result).toMatchObject({ chat: { messages: 2, alreadyHere: 0 } });
    expect(findEvent(vault, caseId, 'आपका लोन बकाया है').details).toMatchObject({
      thread: 'Loan Team',
      channel: 'telegram',
    });
    expect(findEvent(vault, caseId, 'Did they call you again?').details.thread).toBe('Brother');
  });

  it('opens a whole-account export as its chats, each one its own conversation', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const [result] = await importPaths(
      vault,
      [path.join(SOURCES_DIR, 'telegram-account/result.json')],
      { caseId },
    );
    const list = readChatConversation(vault, result?.evidenceId ?? '');
    expect(list.lines).toEqual([]);
    expect(list.channel).toBe('telegram');
    expect(list.threads?.map((thread) => [thread.name, thread.messages, thread.lastLocal])).toEqual(
      [
        ['Loan Team', 1, '2024-05-13T23:05:00+05:30'],
        ['Brother', 1, '2024-05-13T09:00:00+05:30'],
      ],
    );
    const texts = (list.threads ?? []).map((thread) =>
      readChatConversation(vault, result?.evidenceId ?? '', thread.key).lines.map(
        (line) => line.text,
      ),
    );
    expect(texts).toEqual([['आपका लोन बकाया है'], ['Did they call you again?']]);
  });
});

describe('Instagram and Messenger "Download your information" exports', () => {
  it('repairs the Latin-1-escaped Hindi of an Instagram zip, so a Hindi search finds it', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const zip = zipFolder(path.join(SOURCES_DIR, 'instagram'), 'instagram-meera-2024-05-13.zip');
    const results = await importPaths(vault, [zip], { caseId });
    expect(results[0]).toMatchObject({ status: 'imported', chat: { messages: 3, alreadyHere: 0 } });
    expect(listLines(vault, caseId)).toEqual([
      '20:00:00 मीरा: कृपया रुकिए',
      '21:30:00 Ravi Recovery: पैसे भरो वरना घर आएंगे 😡',
      '21:31:00 Ravi Recovery: ',
    ]);
    const found = listTimeline(vault.db, { caseId, search: 'भरो' });
    expect(found.map((entry) => entry.text)).toEqual(['पैसे भरो वरना घर आएंगे 😡']);
    const photo = new EventsRepository(vault.db)
      .listByCase(caseId)
      .find((event) => event.occurredAt === '2024-05-12T16:01:00.000Z');
    expect(photo?.details.channel).toBe('instagram');
    expect(nameOf(vault, photo?.evidenceIds[0])).toBe('445566.jpg');
    const again = await importPaths(vault, [zip], { caseId });
    expect(again.map((result) => result.status)).toEqual(['duplicate']);
  });

  it('opens a thread split over message_1.json and message_2.json as one conversation', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const copy = makeTempDir();
    fs.cpSync(path.join(SOURCES_DIR, 'instagram'), copy, { recursive: true });
    const threadDir = path.join(
      copy,
      'your_instagram_activity/messages/inbox/quickcash_17841400000000000',
    );
    const first = JSON.parse(fs.readFileSync(path.join(threadDir, 'message_1.json'), 'utf8')) as {
      messages: unknown[];
    };
    // Older messages go to the second file, as Meta splits long threads.
    first.messages = [
      { sender_name: 'Ravi Recovery', timestamp_ms: 1715400000000, content: 'older part' },
    ];
    fs.writeFileSync(path.join(threadDir, 'message_2.json'), JSON.stringify(first));
    const results = await importPaths(vault, [zipFolder(copy, 'instagram.zip')], { caseId });
    expect(results[0]).toMatchObject({ chat: { messages: 4, alreadyHere: 0 } });
    const part1 = results.find((result) => result.path.endsWith('message_1.json'));
    const conversation = readChatConversation(vault, part1?.evidenceId ?? '');
    expect(conversation.lines.map((line) => line.text)).toEqual([
      'older part',
      'कृपया रुकिए',
      'पैसे भरो वरना घर आएंगे 😡',
      '',
    ]);
    expect(conversation.channel).toBe('instagram');
  });

  it('opens an Instagram zip as its inbox threads, each one its own conversation', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const copy = makeTempDir();
    fs.cpSync(path.join(SOURCES_DIR, 'instagram'), copy, { recursive: true });
    const inbox = path.join(copy, 'your_instagram_activity/messages/inbox');
    fs.mkdirSync(path.join(inbox, 'agentsunil_17841400000000001'));
    fs.writeFileSync(
      path.join(inbox, 'agentsunil_17841400000000001/message_1.json'),
      JSON.stringify({
        participants: [{ name: 'Agent Sunil' }, { name: 'Meera' }],
        title: 'Agent Sunil',
        messages: [
          { sender_name: 'Agent Sunil', timestamp_ms: 1715700000000, content: 'Last warning' },
          { sender_name: 'Agent Sunil', timestamp_ms: 1715690000000, content: 'Pick up' },
        ],
      }),
    );
    const [zip] = await importPaths(vault, [zipFolder(copy, 'instagram.zip')], { caseId });
    const list = readChatConversation(vault, zip?.evidenceId ?? '');
    expect(list.lines).toEqual([]);
    expect(list.channel).toBe('instagram');
    expect(list.threads?.map((thread) => [thread.name, thread.messages])).toEqual([
      ['Agent Sunil', 2],
      ['Ravi Recovery', 3],
    ]);
    const sunil = readChatConversation(vault, zip?.evidenceId ?? '', list.threads?.[0]?.key);
    expect(sunil.lines.map((line) => line.text)).toEqual(['Pick up', 'Last warning']);
    const quickcash = readChatConversation(vault, zip?.evidenceId ?? '', list.threads?.[1]?.key);
    expect(quickcash.lines.map((line) => line.sender)).toEqual([
      'मीरा',
      'Ravi Recovery',
      'Ravi Recovery',
    ]);
    expect(quickcash.lines[2]?.attachments).toMatchObject([{ name: '445566.jpg' }]);
  });

  it('reads a Messenger thread folder with its voice message linked', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const results = await importPaths(vault, [path.join(SOURCES_DIR, 'messenger')], { caseId });
    const thread = results.find((result) => result.path.endsWith('message_1.json'));
    expect(thread).toMatchObject({ status: 'imported', chat: { messages: 3, alreadyHere: 0 } });
    expect(listLines(vault, caseId)).toEqual([
      '07:30:00 Ravi Agent: सुबह तक पैसे चाहिए ✅',
      '07:31:00 Ravi Agent: ',
      '08:05:00 Meera Sharma: Stop calling me',
    ]);
    const audio = new EventsRepository(vault.db)
      .listByCase(caseId)
      .find((event) => event.occurredAt === '2024-05-12T02:01:00.000Z');
    expect(audio?.details.channel).toBe('messenger');
    expect(nameOf(vault, audio?.evidenceIds[0])).toBe('audio_1.wav');
  });
});

describe('e-mail files', () => {
  it('makes one event of an .eml with its attachment linked, tied to the harasser by address', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const eml = path.join(SOURCES_DIR, 'email/final-warning.eml');
    const results = await importPaths(vault, [eml], { caseId });
    expect(results.map((result) => [path.basename(result.path), result.status])).toEqual([
      ['final-warning.eml', 'imported'],
      ['final-warning.eml!', 'imported'].map((part, index) =>
        index === 0 ? 'legal-notice.txt' : part,
      ),
    ]);
    expect(results[0]).toMatchObject({
      mediaType: 'text/plain',
      chat: { messages: 1, alreadyHere: 0 },
      capturedAt: '2024-05-12T22:05:00+05:30',
    });
    const [event] = new EventsRepository(vault.db).listByCase(caseId);
    expect(event).toMatchObject({
      kind: 'message',
      actor: 'recovery@quickcash.example',
      occurredAt: '2024-05-12T16:35:00.000Z',
    });
    expect(event?.text).toBe(
      'अंतिम चेतावनी / Final warning\n\nMeera ji,\nआपका EMI बकाया है। Pay today or we will visit your office.\n-- QuickCash Recovery Desk',
    );
    expect(event?.details).toMatchObject({
      channel: 'email',
      subject: 'अंतिम चेतावनी / Final warning',
      to: ['meera@example.in', 'arjun@example.in'],
      fromName: 'QuickCash Recovery',
    });
    expect(event?.evidenceIds.map((id) => nameOf(vault, id))).toEqual(['legal-notice.txt']);
    // The raw .eml is the original, byte for byte.
    const stored = new EvidenceRepository(vault.db).require(results[0]?.evidenceId ?? '');
    expect(stored.sha256).toBe(
      execFileSync('sha256sum', [eml], { encoding: 'utf8' }).split(' ')[0],
    );
    // The address the case lists (written in another case) counts with the harasser's number.
    syncCaseCounterparty(vault, caseId);
    syncHarasserFromCase(vault, caseId);
    expect(summariseCounterparty(vault.db, caseId, `case-${caseId}`).contacts).toBe(1);
    const [entry] = listTimeline(vault.db, { caseId, kinds: ['message'] });
    expect(entry?.sender?.role).toBe('harasser');
    expect(entry?.flags.map((flag) => flag.ruleId).length).toBeGreaterThan(0);
  });
});

describe('one person across sources', () => {
  it('merges the number, the Telegram name and the e-mail address once she ties them to the harasser', async () => {
    const { vault, caseId } = await makeSourcesVault();
    vault.updateCase(caseId, {
      counterparty: { name: 'QuickCash', kind: 'recovery-agent', numbers: ['098765-43210'] },
    });
    await importPaths(
      vault,
      [path.join(SOURCES_DIR, 'telegram-chat'), path.join(SOURCES_DIR, 'email')],
      { caseId },
    );
    syncCaseCounterparty(vault, caseId);
    const harasser = `case-${caseId}`;
    // Only the number is known: three Telegram messages from it.
    expect(summariseCounterparty(vault.db, caseId, harasser).contacts).toBe(3);
    tieSender(vault, { caseId, sender: 'recovery@quickcash.example', as: 'harasser' });
    tieSender(vault, { caseId, sender: 'Ravi Recovery', as: 'harasser' });
    const kinds = vault.db
      .prepare("SELECT kind, value FROM person_identifiers WHERE tied_by = 'user' ORDER BY kind")
      .all();
    expect(kinds).toEqual([
      { kind: 'chat-name', value: 'Ravi Recovery' },
      { kind: 'email', value: 'recovery@quickcash.example' },
    ]);
    // Number (3), Telegram name (5 messages) and e-mail (1): one person, nine contacts.
    expect(summariseCounterparty(vault.db, caseId, harasser).contacts).toBe(9);
    const mail = listTimeline(vault.db, { caseId, kinds: ['message'] }).find((entry) =>
      entry.text.startsWith('अंतिम चेतावनी'),
    );
    expect(mail?.sender?.role).toBe('harasser');
  });
});

describe('bad input and repeated imports', () => {
  it('keeps a cut-short export and a mangled mail as files with a word, and imports the rest', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const dir = makeTempDir();
    const full = fs.readFileSync(path.join(SOURCES_DIR, 'telegram-chat/result.json'));
    fs.writeFileSync(path.join(dir, 'result.json'), full.subarray(0, Math.floor(full.length / 2)));
    const thread = fs.readFileSync(
      path.join(
        SOURCES_DIR,
        'instagram/your_instagram_activity/messages/inbox/quickcash_17841400000000000/message_1.json',
      ),
    );
    fs.writeFileSync(path.join(dir, 'message_1.json'), thread.subarray(0, 300));
    fs.writeFileSync(path.join(dir, 'z-broken.eml'), 'this is not a mail at all\n\x01\x02');
    const results = await importPaths(
      vault,
      [dir, path.join(SOURCES_DIR, 'email/final-warning.eml')],
      { caseId },
    );
    const byName = new Map(results.map((result) => [path.basename(result.path), result]));
    const damaged = formatImportWarning('source-export-damaged');
    expect(byName.get('result.json')).toMatchObject({ status: 'imported', warnings: [damaged] });
    expect(byName.get('message_1.json')).toMatchObject({ status: 'imported', warnings: [damaged] });
    expect(byName.get('z-broken.eml')).toMatchObject({ status: 'imported', warnings: [damaged] });
    expect(byName.get('final-warning.eml')).toMatchObject({ chat: { messages: 1 } });
    expect(listLines(vault, caseId)).toHaveLength(1);
  });

  it('reports every sample as already here when all of them are imported twice', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const samples = [
      path.join(SOURCES_DIR, 'telegram-chat'),
      path.join(SOURCES_DIR, 'telegram-account'),
      path.join(SOURCES_DIR, 'instagram'),
      path.join(SOURCES_DIR, 'messenger'),
      path.join(SOURCES_DIR, 'email'),
    ];
    const first = await importPaths(vault, samples, { caseId });
    expect(first.filter((result) => result.status !== 'imported')).toEqual([]);
    const events = new EventsRepository(vault.db).listByCase(caseId).length;
    const second = await importPaths(vault, samples, { caseId });
    expect(second.map((result) => result.status)).toEqual(second.map(() => 'duplicate'));
    expect(second).toHaveLength(first.filter((result) => !result.path.includes('!/')).length);
    expect(new EventsRepository(vault.db).listByCase(caseId)).toHaveLength(events);
  });
});
