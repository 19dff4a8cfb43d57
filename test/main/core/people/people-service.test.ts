import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../../../main/core/import/pipeline';
import { loadPeopleIndex } from '../../../../main/core/people/people-index';
import {
  listPeople,
  setChatOwner,
  tieSender,
  untieSender,
} from '../../../../main/core/people/people-service';
import { verifyCustody } from '../../../../main/core/custody/custody-log';
import { SakshyaError } from '../../../../shared/errors';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeVault } from '../import/import-vault';

const CHAT = [
  '12/05/2024, 20:49 - Agent Ravi: Pay today or we call your brother',
  '12/05/2024, 22:01 - +91 98765 43210: Last warning',
  '12/05/2024, 22:05 - Meera: I will pay on Friday',
  '12/05/2024, 22:06 - Rahul: Who is this?',
  '12/05/2024, 22:07 - Agent Ravi: PAY NOW',
];

async function makeCaseWithChat(kind: 'loan-app' | 'person' = 'loan-app') {
  const made = await makeVault();
  made.vault.updateCase(made.caseId, {
    counterparty: {
      name: 'XYZ Loans',
      kind,
      numbers: ['098765 43210'],
      agentNames: [],
      handles: [],
    },
  });
  const file = path.join(makeTempDir(), 'WhatsApp Chat with Agent Ravi.txt');
  fs.writeFileSync(file, `${CHAT.join('\n')}\n`);
  const [result] = await importPaths(made.vault, [file], { caseId: made.caseId });
  return { ...made, chatId: result?.evidenceId ?? '' };
}

describe('the people of a case and the senders of its chats', () => {
  it('lists untied senders first and ties a sender whose name is the case’s number by itself', async () => {
    const { vault, caseId } = await makeCaseWithChat();
    const overview = listPeople(vault, caseId);
    expect(overview.senders).toEqual([
      { name: 'Agent Ravi', messages: 2, tie: null },
      { name: 'Meera', messages: 1, tie: null },
      { name: 'Rahul', messages: 1, tie: null },
      {
        name: '+91 98765 43210',
        messages: 1,
        tie: { personId: `harasser-${caseId}`, role: 'harasser', via: 'phone' },
      },
    ]);
    // The case's counterparty is stored as its harasser, with its number in E.164.
    expect(overview.people).toMatchObject([
      {
        id: `harasser-${caseId}`,
        role: 'harasser',
        name: 'XYZ Loans',
        identifiers: [{ kind: 'phone', value: '+919876543210', tiedBy: 'case' }],
      },
    ]);
    expect(overview.chats).toMatchObject([{ messages: 5, alreadyHere: 0, owner: null }]);
    // One sender is the harasser by number, so flags can follow: no hint needed.
    expect(overview.flagHint).toBeNull();
  });

  it('says why nothing is flagged while no sender is tied to the harasser', async () => {
    const { vault, caseId } = await makeVault();
    const file = path.join(makeTempDir(), 'WhatsApp Chat with Agent Ravi.txt');
    fs.writeFileSync(file, `${CHAT[0] ?? ''}\n${CHAT[4] ?? ''}\n`);
    expect(listPeople(vault, caseId).flagHint).toBeNull();
    await importPaths(vault, [file], { caseId });
    expect(listPeople(vault, caseId).flagHint).toMatchObject({
      code: 'no-senders-tied',
      untiedSenders: 1,
      text: { en: expect.stringMatching(/^No messages are tied to the harasser yet\./) as string },
    });
    tieSender(vault, { caseId, sender: 'Agent Ravi', as: 'harasser' });
    expect(listPeople(vault, caseId).flagHint).toBeNull();
  });

  it('ties senders to the harasser, to me and to a relative, each in the custody log', async () => {
    const { vault, caseId } = await makeCaseWithChat();
    const agent = tieSender(vault, { caseId, sender: 'Agent Ravi', as: 'harasser' });
    expect(agent.person.id).toBe(`harasser-${caseId}`);
    expect(agent.sender.tie).toEqual({
      personId: agent.person.id,
      role: 'harasser',
      via: 'chat-name',
    });
    const me = tieSender(vault, { caseId, sender: 'Meera', as: 'me' });
    expect(me.person).toMatchObject({ role: 'me', relation: null });
    const brother = tieSender(vault, {
      caseId,
      sender: 'Rahul',
      as: 'other',
      name: 'Rahul',
      relation: 'family',
    });
    expect(brother.person).toMatchObject({ role: 'other', name: 'Rahul', relation: 'family' });
    expect(listPeople(vault, caseId).senders.every((sender) => sender.tie !== null)).toBe(true);
    const tied = vault.custody(`case:${caseId}`).filter((entry) => entry.action === 'sender.tied');
    expect(tied.map((entry) => [entry.details.sender, entry.details.role])).toEqual([
      ['Agent Ravi', 'harasser'],
      ['Meera', 'me'],
      ['Rahul', 'other'],
    ]);
    expect(verifyCustody(vault.db)).toEqual([]);
  });

  it('moves a tie made by mistake, and unties it, logging both', async () => {
    const { vault, caseId } = await makeCaseWithChat();
    tieSender(vault, { caseId, sender: 'Rahul', as: 'harasser' });
    const moved = tieSender(vault, { caseId, sender: 'Rahul', as: 'other', relation: 'family' });
    const entry = vault
      .custody(`case:${caseId}`)
      .filter((e) => e.action === 'sender.tied')
      .at(-1);
    expect(entry?.details).toMatchObject({
      sender: 'Rahul',
      previousPersonId: `harasser-${caseId}`,
    });
    expect(moved.sender.tie?.role).toBe('other');
    expect(untieSender(vault, caseId, 'Rahul')).toBe(true);
    expect(untieSender(vault, caseId, 'Rahul')).toBe(false);
    expect(listPeople(vault, caseId).senders.find((s) => s.name === 'Rahul')?.tie).toBeNull();
    expect(vault.custody(`case:${caseId}`).some((e) => e.action === 'sender.untied')).toBe(true);
  });

  it('refuses a sender no message came from, and a person of the wrong role, changing nothing', async () => {
    const { vault, caseId } = await makeCaseWithChat();
    const before = vault.custody().length;
    expect(() => tieSender(vault, { caseId, sender: 'Nobody', as: 'harasser' })).toThrow(
      SakshyaError,
    );
    const me = tieSender(vault, { caseId, sender: 'Meera', as: 'me' }).person;
    const afterMe = vault.custody().length;
    expect(() =>
      tieSender(vault, { caseId, sender: 'Rahul', as: 'harasser', personId: me.id }),
    ).toThrow(/not listed as "harasser"/);
    expect(vault.custody().length).toBe(afterMe);
    expect(afterMe).toBeGreaterThan(before);
  });

  it('records whose phone a chat came from; the harasser’s messages on a relative’s phone are third-party contact', async () => {
    const { vault, caseId, chatId } = await makeCaseWithChat();
    tieSender(vault, { caseId, sender: 'Agent Ravi', as: 'harasser' });
    tieSender(vault, { caseId, sender: 'Rahul', as: 'other', name: 'Rahul', relation: 'family' });
    const chat = setChatOwner(vault, { caseId, evidenceId: chatId, owner: 'other', name: 'Rahul' });
    expect(chat.owner).toMatchObject({ role: 'other', name: 'Rahul', relation: 'family' });
    expect(
      vault.custody(`evidence:${chatId}`).some((e) => e.action === 'chat.owner-recorded'),
    ).toBe(true);
    const index = loadPeopleIndex(vault.db, caseId);
    expect(index.chatOwners.get(chatId)).toBe(chat.owner?.personId);
    expect(() => setChatOwner(vault, { caseId, evidenceId: 'not-a-chat', owner: 'me' })).toThrow(
      /not a chat export/,
    );
  });
});
