// A draft built from a real case, as Meera's evening leaves it: a chat imported twice, its sender
// tied to the lender, the lender step done with a reference. The draft must read as she would
// write it, in English and entirely in Hindi.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../../../main/core/import/pipeline';
import { tieSender } from '../../../../main/core/people/people-service';
import {
  buildCaseDraftInput,
  generateCaseDraft,
  suggestAnnexure,
} from '../../../../main/core/steps/case-draft';
import { setCaseStep } from '../../../../main/core/steps/case-steps';
import { makeTempDir } from '../../../helpers/temp-dir';
import { PHOTOS_DIR } from '../import/fixtures';
import { makeVault } from '../import/import-vault';

const CHAT = [
  '12/05/2024, 15:10 - Agent Ravi: Pay today',
  '12/05/2024, 20:49 - Agent Ravi: We will call your brother',
  '12/05/2024, 22:01 - Agent Ravi: PAY NOW',
  '12/05/2024, 22:03 - Meera: Please stop',
];

async function makeMeerasCase() {
  const { vault, caseId } = await makeVault();
  vault.updateCase(caseId, {
    description: 'Agents of the app message me at night.',
    counterparty: {
      name: 'QuickCash',
      kind: 'loan-app',
      numbers: ['+91 98765 43210'],
      agentNames: [],
      handles: ['@quickcash_recovery'],
    },
  });
  const first = path.join(makeTempDir(), 'WhatsApp Chat with Agent Ravi.txt');
  fs.writeFileSync(first, `${CHAT.join('\n')}\n`);
  // The same chat exported again, later, with one more message: overlapping.
  const second = path.join(makeTempDir(), 'WhatsApp Chat with Agent Ravi (2).txt');
  fs.writeFileSync(
    second,
    `${[...CHAT, '13/05/2024, 07:40 - Agent Ravi: Last warning'].join('\n')}\n`,
  );
  const photo = path.join(makeTempDir(), 'Screenshot_2024-05-12.jpg');
  fs.copyFileSync(path.join(PHOTOS_DIR, 'noexif.jpg'), photo);
  const results = await importPaths(vault, [first, second, photo], { caseId });
  tieSender(vault, { caseId, sender: 'Agent Ravi', as: 'harasser' });
  tieSender(vault, { caseId, sender: 'Meera', as: 'me' });
  setCaseStep(vault, caseId, 'loan-recovery/complain-to-lender', {
    status: 'done',
    date: '2024-05-20',
    refs: { 'reference-number': 'GRV-12345', officer: 'grievance@quickcash.example' },
  });
  return { vault, caseId, results };
}

describe('a draft built from the case', () => {
  it('counts each message once and only the harasser’s, and flags the messages after 7 pm', async () => {
    const { vault, caseId, results } = await makeMeerasCase();
    expect(results[1]?.chat).toEqual({ messages: 5, alreadyHere: 4 });
    const input = buildCaseDraftInput(vault, caseId, 'en', '2024-06-01');
    // Four messages from the agent (the repeated export adds one); her own reply is not a contact.
    expect(input.contacts).toMatchObject({ total: 4, outOfHours: 3 });
    const body = generateCaseDraft(vault, caseId, 'police', 'en', '2024-06-01').body;
    expect(body).toContain(
      'Between 12 May 2024 and 13 May 2024, I recorded 4 calls and messages from them.',
    );
    expect(body).toContain(
      'A recovery message at 10:01 pm on 12 May 2024, outside the hours the RBI allows for recovery calls (8 am to 7 pm).',
    );
    expect(body).toContain(
      '- I complained to the lender in writing on 20 May 2024; complaint or ticket number GRV-12345; grievance officer (name or email) grievance@quickcash.example.',
    );
    // No raw timestamps, zone codes or field keys.
    expect(body).not.toMatch(
      /\d{4}-\d{2}-\d{2}|\d\d:\d\d:\d\d|Asia\/|\bIST\b|reference-number|\bofficer:/,
    );
  });

  it('lists in the annexure only what she ticks, suggesting the harasser’s chats', async () => {
    const { vault, caseId, results } = await makeMeerasCase();
    const suggested = suggestAnnexure(vault, caseId);
    expect(suggested.map((item) => [item.originalName, item.reason])).toEqual([
      ['WhatsApp Chat with Agent Ravi.txt', 'harasser-chat'],
      ['WhatsApp Chat with Agent Ravi (2).txt', 'harasser-chat'],
    ]);
    const byDefault = generateCaseDraft(vault, caseId, 'police', 'en', '2024-06-01').body;
    expect(byDefault).not.toContain('Screenshot_2024-05-12.jpg');
    const photoId = results[2]?.evidenceId ?? '';
    const ticked = generateCaseDraft(vault, caseId, 'police', 'en', '2024-06-01', {
      evidenceIds: [photoId],
    }).body;
    expect(ticked).toContain('1. Screenshot_2024-05-12.jpg');
    expect(ticked).not.toContain('WhatsApp Chat with Agent Ravi.txt');
  });

  it('writes the Hindi draft entirely in Hindi, apart from names, numbers and references', async () => {
    const { vault, caseId } = await makeMeerasCase();
    const input = buildCaseDraftInput(vault, caseId, 'hi', '2024-06-01');
    const { title, body } = generateCaseDraft(vault, caseId, 'police', 'hi', '2024-06-01');
    // Names, numbers and references of this case, and the few standard abbreviations a Hindi
    // letter uses as they are (RBI, FIR, the SHA-256 hash's name).
    const allowed = [
      // Her own words, as she wrote them.
      input.case.description,
      input.counterparty.name,
      ...input.counterparty.numbers,
      ...input.counterparty.handles,
      ...input.evidence.flatMap((item) => [item.originalName, item.sha256]),
      'GRV-12345',
      'grievance@quickcash.example',
      'Agent Ravi',
      'SHA-256',
      'RBI',
      'FIR',
    ];
    let rest = `${title}\n${body}`.replace(/https?:\/\/\S+/g, ' ');
    for (const value of allowed) rest = rest.split(value).join(' ');
    const latinWords = rest.match(/[A-Za-z][A-Za-z'-]*/g) ?? [];
    expect(latinWords.join(' ')).toBe('');
    expect(body).toContain('मैंने 20 मई 2024 को लोन देने वाली संस्था को लिखित शिकायत दी');
    expect(body).toContain('12 मई 2024 को रात 10:01 बजे वसूली का संदेश');
  });
});
