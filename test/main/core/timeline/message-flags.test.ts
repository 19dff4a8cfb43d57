// Flags on chat messages follow the sender's tie: nothing until a sender is tied to the harasser
// (and the timeline says why), then the rules the RBI's text supports, worded as it words them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../../../main/core/import/pipeline';
import { setChatOwner, tieSender } from '../../../../main/core/people/people-service';
import { listTimelinePage } from '../../../../main/core/timeline/timeline-page';
import { makeTempDir } from '../../../helpers/temp-dir';
import type { Vault } from '../../../../main/core/vault/vault';
import { makeVault } from '../import/import-vault';

const AS_OF = '2026-12-01T00:00:00Z';

async function makeLoanCase() {
  const made = await makeVault();
  made.vault.updateCase(made.caseId, {
    counterparty: { name: 'XYZ Loans', kind: 'loan-app', numbers: [], agentNames: [], handles: [] },
  });
  const file = path.join(makeTempDir(), 'WhatsApp Chat with Agent Ravi.txt');
  fs.writeFileSync(
    file,
    [
      '12/05/2024, 15:10 - Agent Ravi: Pay today',
      '12/05/2024, 20:49 - Agent Ravi: We will call your brother',
      '12/05/2024, 22:01 - Agent Ravi: PAY NOW',
      '12/05/2024, 22:03 - Meera: Please stop messaging at night',
      '',
    ].join('\n'),
  );
  const [result] = await importPaths(made.vault, [file], { caseId: made.caseId });
  return { ...made, chatId: result?.evidenceId ?? '' };
}

function flagsByText(vault: Vault, caseId: string) {
  const page = listTimelinePage(vault.db, { caseId, asOf: AS_OF });
  return {
    page,
    flags: Object.fromEntries(
      page.entries
        .filter((entry) => entry.kind === 'message')
        .map((entry) => [entry.text, entry.flags.map((flag) => flag.ruleId)]),
    ),
  };
}

describe('flags on chat messages', () => {
  it('flags nothing before a sender is tied, and the first page says why', async () => {
    const { vault, caseId } = await makeLoanCase();
    const { page, flags } = flagsByText(vault, caseId);
    expect(Object.values(flags).flat()).toEqual([]);
    expect(page.flagHint).toMatchObject({
      code: 'no-senders-tied',
      untiedSenders: 2,
      text: { en: expect.stringMatching(/^No messages are tied to the harasser yet\./) as string },
    });
    // A page read by cursor does not repeat the hint.
    const next = listTimelinePage(vault.db, {
      caseId,
      after: page.entries[0]?.cursor,
      asOf: AS_OF,
    });
    expect(next.flagHint).toBeUndefined();
  });

  it('flags the harasser’s messages after 7 pm once the sender is tied, worded as the RBI words it', async () => {
    const { vault, caseId } = await makeLoanCase();
    tieSender(vault, { caseId, sender: 'Agent Ravi', as: 'harasser' });
    tieSender(vault, { caseId, sender: 'Meera', as: 'me' });
    const { page, flags } = flagsByText(vault, caseId);
    expect(flags).toEqual({
      'Pay today': [],
      'We will call your brother': ['recovery-message-hours'],
      'PAY NOW': ['recovery-message-hours'],
      'Please stop messaging at night': [],
    });
    expect(page.flagHint).toBeNull();
    const late = page.entries.find((entry) => entry.text === 'PAY NOW');
    expect(late?.flags[0]?.fact).toBe(
      'a recovery message at 10:01 pm on 12 May 2024, outside the hours the RBI allows for recovery calls (8 am to 7 pm)',
    );
    expect(late?.sender).toEqual({ personId: `harasser-${caseId}`, role: 'harasser' });
    // Only flagged entries, when asked.
    const flagged = listTimelinePage(vault.db, { caseId, flaggedOnly: true, asOf: AS_OF });
    expect(flagged.entries.map((entry) => entry.text)).toEqual([
      'We will call your brother',
      'PAY NOW',
    ]);
  });

  it('flags contact with a relative when the chat came from the relative’s phone', async () => {
    const { vault, caseId, chatId } = await makeLoanCase();
    tieSender(vault, { caseId, sender: 'Agent Ravi', as: 'harasser' });
    // The chat came from her brother Rahul's phone: the replies in it are his.
    tieSender(vault, { caseId, sender: 'Meera', as: 'other', name: 'Rahul', relation: 'family' });
    setChatOwner(vault, { caseId, evidenceId: chatId, owner: 'other', name: 'Rahul' });
    const { flags, page } = flagsByText(vault, caseId);
    expect(flags['Pay today']).toEqual(['third-party-contact']);
    expect(flags['PAY NOW']).toEqual(['recovery-message-hours', 'third-party-contact']);
    // The relative's own message is his, not contact with him.
    expect(flags['Please stop messaging at night']).toEqual([]);
    expect(page.entries.find((entry) => entry.text === 'Pay today')?.thirdParty).toBe(true);
  });

  it('applies no RBI rule when the harasser is not a lender, loan app or recovery agent', async () => {
    const { vault, caseId } = await makeLoanCase();
    vault.updateCase(caseId, {
      counterparty: {
        name: 'Ex-partner',
        kind: 'person',
        numbers: [],
        agentNames: [],
        handles: [],
      },
    });
    tieSender(vault, { caseId, sender: 'Agent Ravi', as: 'harasser' });
    expect(Object.values(flagsByText(vault, caseId).flags).flat()).toEqual([]);
  });
});
