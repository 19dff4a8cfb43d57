// Whose export is it? Copies of the Instagram and Telegram samples (test/fixtures/sources), with
// the profile file a real "Download your information" export carries added where a test needs
// it, through the real pipeline into a real vault. Her own messages ("मीरा" in the Instagram
// sample) must be tied to "me", drawn on her side of the conversation and never counted as the
// harasser's; when nothing in the export says who she is, nothing is guessed and she is asked.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../../../main/core/import/pipeline';
import { findMetaOwner } from '../../../../main/core/import/source-owner';
import { listPeople, tieSender } from '../../../../main/core/people/people-service';
import { readMetaProfile, readMetaThread } from '../../../../main/core/readers/meta-messages';
import { listTimeline } from '../../../../main/core/timeline/timeline';
import type { Vault } from '../../../../main/core/vault/vault';
import { readChatConversation } from '../../../../main/core/viewer/chat-messages';
import { formatImportWarning } from '../../../../shared/import-warnings';
import { makeTempDir } from '../../../helpers/temp-dir';
import { lockOpened, makeSourcesVault, SOURCES_DIR } from './sources-vault';

afterEach(lockOpened);

const UNKNOWN = formatImportWarning('source-owner-unknown');
const INBOX = 'your_instagram_activity/messages/inbox';
const THREAD = `${INBOX}/quickcash_17841400000000000/message_1.json`;

/** What Meta writes: each UTF-8 byte as its own \u00XX character. */
function escapeLikeMeta(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** A copy of the Instagram sample, with the owner's profile file where Instagram writes it. */
function copyInstagram(profile: { name?: string; username?: string } | null): string {
  const copy = makeTempDir();
  fs.cpSync(path.join(SOURCES_DIR, 'instagram'), copy, { recursive: true });
  if (profile !== null) {
    const dir = path.join(copy, 'personal_information', 'personal_information');
    fs.mkdirSync(dir, { recursive: true });
    const map: Record<string, { href: string; value: string; timestamp: number }> = {
      Email: { href: '', value: 'meera@example.in', timestamp: 0 },
    };
    if (profile.username !== undefined)
      map.Username = { href: '', value: escapeLikeMeta(profile.username), timestamp: 0 };
    if (profile.name !== undefined)
      map.Name = { href: '', value: escapeLikeMeta(profile.name), timestamp: 0 };
    // ensure_ascii, as Meta writes it: every escaped byte as \u00XX.
    const json = JSON.stringify(
      { profile_user: [{ title: '', media_map_data: {}, string_map_data: map }] },
      null,
      2,
    ).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    fs.writeFileSync(path.join(dir, 'personal_information.json'), json);
  }
  return copy;
}

function addThread(copy: string, folder: string, participants: string[], from: string): void {
  fs.mkdirSync(path.join(copy, INBOX, folder));
  fs.writeFileSync(
    path.join(copy, INBOX, folder, 'message_1.json'),
    JSON.stringify({
      participants: participants.map((name) => ({ name: escapeLikeMeta(name) })),
      title: from,
      thread_path: `inbox/${folder}`,
      messages: [
        { sender_name: escapeLikeMeta(from), timestamp_ms: 1715700000000, content: 'Last warning' },
      ],
    }),
  );
}

function zipFolder(folder: string, name: string): string {
  const zip = path.join(makeTempDir(), name);
  execFileSync('zip', ['-qr', zip, '.'], { cwd: folder });
  return zip;
}

/** The sample thread's conversation as "sender (side)" lines. */
function readSides(vault: Vault, evidenceId: string, thread?: string): string[] {
  return readChatConversation(vault, evidenceId, thread).lines.map(
    (line) => `${line.sender ?? ''} (${line.outgoing === true ? 'mine' : 'theirs'})`,
  );
}

function findTie(vault: Vault, caseId: string, sender: string) {
  return listPeople(vault, caseId).senders.find((item) => item.name === sender)?.tie ?? null;
}

describe('reading the owner from a Meta profile file', () => {
  it('reads the name and username of an Instagram profile and the name of a Facebook one', () => {
    expect(
      readMetaProfile({
        profile_user: [
          {
            string_map_data: {
              Name: { value: escapeLikeMeta('मीरा') },
              Username: { value: 'meera.s' },
            },
          },
        ],
      }),
    ).toEqual({ name: 'मीरा', username: 'meera.s' });
    expect(readMetaProfile({ profile_v2: { name: { full_name: 'Meera Sharma' } } })).toEqual({
      name: 'Meera Sharma',
      username: null,
    });
    expect(readMetaProfile({ profile_user: [] })).toBeNull();
    expect(readMetaProfile({ participants: [], messages: [] })).toBeNull();
  });

  it('finds her by her username too, and decides nothing when a profile names two participants', () => {
    const thread = (names: string[]) =>
      readMetaThread({ participants: names.map((name) => ({ name })), messages: [] });
    const one = thread(['Ravi Recovery', 'meera.s']);
    const two = thread(['Ravi Recovery', 'Meera']);
    if (one === null || two === null) throw new Error('not read');
    expect(findMetaOwner([one], [{ name: 'Meera S', username: 'Meera.S' }])).toEqual({
      sender: 'meera.s',
      how: 'meta-profile',
    });
    expect(findMetaOwner([one, two], [{ name: 'Meera', username: 'meera.s' }])).toBeNull();
    // One thread and no profile: the other person is in every thread too, so no one is chosen.
    expect(findMetaOwner([two], [])).toBeNull();
  });
});

describe('her own Instagram messages', () => {
  it('are hers when the export folder has her profile: tied to "me", on her side, never flagged', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const folder = copyInstagram({ name: 'मीरा', username: 'meera.s' });
    const results = await importPaths(vault, [folder], { caseId });
    const thread = results.find((result) => result.path.endsWith('message_1.json'));
    expect(thread).toMatchObject({ status: 'imported', chat: { messages: 3, alreadyHere: 0 } });
    expect(thread?.warnings).toEqual([]);
    // The profile itself is kept as evidence, and read as nothing more.
    const profile = results.find((result) => result.path.endsWith('personal_information.json'));
    expect(profile).toMatchObject({ status: 'imported' });
    expect(profile?.chat).toBeUndefined();
    expect(findTie(vault, caseId, 'मीरा')).toMatchObject({ role: 'me', via: 'chat-name' });
    expect(readSides(vault, thread?.evidenceId ?? '')).toEqual([
      'मीरा (mine)',
      'Ravi Recovery (theirs)',
      'Ravi Recovery (theirs)',
    ]);
    const hers = listTimeline(vault.db, { caseId, search: 'कृपया' });
    expect(hers).toHaveLength(1);
    expect(hers[0]?.sender?.role).toBe('me');
    expect(hers[0]?.flags).toEqual([]);
    // The custody log says the import tied her, and from what.
    const tied = vault.custody(`case:${caseId}`).filter((entry) => entry.action === 'sender.tied');
    expect(tied.map((entry) => entry.details)).toEqual([
      expect.objectContaining({
        sender: 'मीरा',
        role: 'me',
        tiedBy: 'import',
        how: 'meta-profile',
        source: 'instagram',
      }),
    ]);
  });

  it('are hers in a zip holding her profile, and importing it again ties nothing twice', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const zip = zipFolder(copyInstagram({ name: 'मीरा' }), 'instagram-meera.zip');
    const [result] = await importPaths(vault, [zip], { caseId });
    expect(result).toMatchObject({ status: 'imported', chat: { messages: 3 } });
    expect(result?.warnings).toEqual([]);
    expect(findTie(vault, caseId, 'मीरा')).toMatchObject({ role: 'me' });
    expect(readSides(vault, result?.evidenceId ?? '')).toEqual([
      'मीरा (mine)',
      'Ravi Recovery (theirs)',
      'Ravi Recovery (theirs)',
    ]);
    const again = await importPaths(vault, [zip], { caseId });
    expect(again.map((item) => item.status)).toEqual(['duplicate']);
    const tied = vault.custody(`case:${caseId}`).filter((entry) => entry.action === 'sender.tied');
    expect(tied).toHaveLength(1);
  });

  it('are hers when she is the one person in every thread of the export, with no profile', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const copy = copyInstagram(null);
    addThread(copy, 'agentsunil_17841400000000001', ['Agent Sunil', 'मीरा'], 'Agent Sunil');
    const [zip] = await importPaths(vault, [zipFolder(copy, 'instagram.zip')], { caseId });
    expect(zip?.warnings).toEqual([]);
    expect(findTie(vault, caseId, 'मीरा')).toMatchObject({ role: 'me' });
    const list = readChatConversation(vault, zip?.evidenceId ?? '');
    const quickcash = list.threads?.find((thread) => thread.name === 'Ravi Recovery');
    expect(readSides(vault, zip?.evidenceId ?? '', quickcash?.key)).toEqual([
      'मीरा (mine)',
      'Ravi Recovery (theirs)',
      'Ravi Recovery (theirs)',
    ]);
    const tied = vault.custody(`case:${caseId}`).find((entry) => entry.action === 'sender.tied');
    expect(tied?.details).toMatchObject({ how: 'every-thread' });
  });

  it('are not guessed from one thread alone: she is asked, and once she answers they are hers', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const results = await importPaths(vault, [copyInstagram(null)], { caseId });
    const thread = results.find((result) => result.path.endsWith('message_1.json'));
    expect(thread?.warnings).toEqual([UNKNOWN]);
    // She is among the senders the Evidence tab asks about, untied.
    const asked = listPeople(vault, caseId).senders.find((item) => item.name === 'मीरा');
    expect(asked).toMatchObject({ messages: 1, tie: null });
    expect(readSides(vault, thread?.evidenceId ?? '')).toEqual([
      'मीरा (theirs)',
      'Ravi Recovery (theirs)',
      'Ravi Recovery (theirs)',
    ]);
    // The question on the Evidence tab (and `sakshya senders tie`) answers it once for the case.
    tieSender(vault, { caseId, sender: 'मीरा', as: 'me' });
    expect(readSides(vault, thread?.evidenceId ?? '')[0]).toBe('मीरा (mine)');
    expect(listTimeline(vault.db, { caseId, search: 'कृपया' })[0]?.sender?.role).toBe('me');
  });

  it('are not taken from two exports dropped together, where only the agent is in every thread', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const hers = copyInstagram(null);
    // Her brother's export: the same agent wrote to him too.
    const his = makeTempDir();
    fs.mkdirSync(path.join(his, INBOX), { recursive: true });
    addThread(his, 'ravi_17841400000000009', ['Ravi Recovery', 'Arjun'], 'Ravi Recovery');
    const results = await importPaths(vault, [hers, his], { caseId });
    const threads = results.filter((result) => result.path.endsWith('message_1.json'));
    expect(threads.map((result) => result.warnings)).toEqual([[UNKNOWN], [UNKNOWN]]);
    expect(findTie(vault, caseId, 'Ravi Recovery')).toBeNull();
    expect(findTie(vault, caseId, 'मीरा')).toBeNull();
  });

  it('never make the harasser "me", even when a profile file names the agent', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const named = vault.getCase(caseId).counterparty;
    vault.updateCase(caseId, { counterparty: { ...named, agentNames: ['Ravi Recovery'] } });
    await importPaths(vault, [copyInstagram({ name: 'Ravi Recovery' })], { caseId });
    expect(findTie(vault, caseId, 'Ravi Recovery')).toMatchObject({ role: 'harasser' });
    const entries = listTimeline(vault.db, { caseId, search: 'भरो' });
    expect(entries[0]?.sender?.role).toBe('harasser');
    expect(entries[0]?.flags.length).toBeGreaterThan(0);
  });

  it('keep the tie she chose herself over what a profile imported later says', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const first = await importPaths(vault, [copyInstagram(null)], { caseId });
    expect(first.some((result) => result.warnings.includes(UNKNOWN))).toBe(true);
    tieSender(vault, { caseId, sender: 'मीरा', as: 'other', name: 'Didi', relation: 'family' });
    const copy = copyInstagram({ name: 'मीरा' });
    await importPaths(vault, [path.join(copy, 'personal_information'), path.join(copy, THREAD)], {
      caseId,
    });
    expect(findTie(vault, caseId, 'मीरा')).toMatchObject({ role: 'other' });
  });
});

describe('her own Telegram messages', () => {
  it('are hers in a whole-account export, by the user id its personal_information gives', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const copy = makeTempDir();
    const account = JSON.parse(
      fs.readFileSync(path.join(SOURCES_DIR, 'telegram-account', 'result.json'), 'utf8'),
    ) as { chats: { list: { name: string; messages: object[] }[] } };
    const loan = account.chats.list.find((chat) => chat.name === 'Loan Team');
    loan?.messages.push({
      id: 2,
      type: 'message',
      date: '2024-05-13T23:10:00',
      date_unixtime: '1715622000',
      from: 'Meera',
      from_id: 'user42',
      text: 'Please stop messaging me at night',
    });
    fs.writeFileSync(path.join(copy, 'result.json'), JSON.stringify(account));
    const [result] = await importPaths(vault, [path.join(copy, 'result.json')], { caseId });
    expect(result).toMatchObject({ status: 'imported', chat: { messages: 3 } });
    expect(findTie(vault, caseId, 'Meera')).toMatchObject({ role: 'me' });
    const list = readChatConversation(vault, result?.evidenceId ?? '');
    const key = list.threads?.find((thread) => thread.name === 'Loan Team')?.key;
    expect(readSides(vault, result?.evidenceId ?? '', key)).toEqual([
      'Loan Team Bot (theirs)',
      'Meera (mine)',
    ]);
  });

  it('are left untied in a single-chat export, which does not say whose it is, and she is asked', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const results = await importPaths(vault, [path.join(SOURCES_DIR, 'telegram-chat')], {
      caseId,
    });
    const chat = results.find((result) => result.path.endsWith('result.json'));
    expect(chat?.warnings).toEqual([UNKNOWN]);
    expect(findTie(vault, caseId, 'Meera')).toBeNull();
  });
});
