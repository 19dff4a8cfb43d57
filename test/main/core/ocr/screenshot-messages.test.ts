// A WhatsApp screenshot from the harasser's number, imported into a real vault: its messages are
// proposed at their exact instants and count for nothing until confirmed; once confirmed, those
// the harasser sent after 7 pm are flagged, every step is in the custody log, and a message a
// chat export already holds is not added twice.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportCase } from '../../../../main/core/export/export-bundle';
import { importPaths } from '../../../../main/core/import/pipeline';
import { ChatTimeReader } from '../../../../main/core/ocr/chat-times';
import { TextRecognizer } from '../../../../main/core/ocr/recognize';
import {
  confirmScreenshotMessages,
  correctScreenshotMessage,
  listScreenshotMessages,
} from '../../../../main/core/ocr/screenshot-messages';
import { proposeMessagesFromEvidence } from '../../../../main/core/ocr/screenshot-reading';
import { listTimelinePage } from '../../../../main/core/timeline/timeline-page';
import type { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';
import { run, unzipBundle } from '../export/export-vault';
import { makeVault } from '../import/import-vault';

const SCREENSHOT = path.resolve(
  import.meta.dirname,
  '../../../fixtures/chat-screenshots/harasser/Screenshot_20240513-102000_WhatsApp.png',
);
const AS_OF = '2026-12-01T00:00:00Z';
const recognizer = new TextRecognizer();
const times = new ChatTimeReader(recognizer);

afterAll(async () => {
  await recognizer.close();
  await times.close();
});

async function makeHarasserCase(chatExport?: string[]) {
  const made = await makeVault();
  made.vault.updateCase(made.caseId, {
    counterparty: {
      name: 'XYZ Loans',
      kind: 'loan-app',
      numbers: ['+91 98765 43210'],
      agentNames: [],
      handles: [],
    },
  });
  const dir = makeTempDir();
  if (chatExport !== undefined) {
    const file = path.join(dir, 'WhatsApp Chat with +91 98765 43210.txt');
    fs.writeFileSync(file, `${chatExport.join('\n')}\n`);
    await importPaths(made.vault, [file], { caseId: made.caseId });
  }
  const copy = path.join(dir, path.basename(SCREENSHOT));
  fs.copyFileSync(SCREENSHOT, copy);
  const [result] = await importPaths(made.vault, [copy], { caseId: made.caseId });
  const evidenceId = result?.evidenceId ?? '';
  const outcome = await proposeMessagesFromEvidence(made.vault, evidenceId, { recognizer, times });
  return { ...made, evidenceId, outcome };
}

function listMessageEntries(vault: Vault, caseId: string) {
  return listTimelinePage(vault.db, { caseId, asOf: AS_OF })
    .entries.filter((entry) => entry.kind === 'message')
    .map((entry) => ({
      text: entry.text,
      at: entry.occurredAt,
      flags: entry.flags.map((flag) => flag.ruleId),
    }));
}

describe('messages read from a WhatsApp screenshot', () => {
  it('are proposed at their exact instants, then flagged after 7 pm from the harasser’s number once confirmed', async () => {
    const { vault, caseId, evidenceId, outcome } = await makeHarasserCase();
    expect(outcome).toEqual({ status: 'proposed', count: 5 });
    const proposed = listScreenshotMessages(vault.db, { caseId, status: 'proposed' });
    expect(
      proposed.map((one) => [one.localTime, one.side, one.sender, one.text, one.occurredAt]),
    ).toEqual([
      ['2024-05-12 15:10', 'theirs', '+91 98765 43210', 'Pay today', '2024-05-12T09:40:00.000Z'],
      [
        '2024-05-12 20:49',
        'theirs',
        '+91 98765 43210',
        'We will call your brother',
        '2024-05-12T15:19:00.000Z',
      ],
      [
        '2024-05-12 21:41',
        'theirs',
        '+91 98765 43210',
        'PAY NOW or we visit your office',
        '2024-05-12T16:11:00.000Z',
      ],
      [
        '2024-05-12 22:03',
        'mine',
        '+91 98765 43210',
        'Please stop messaging at night',
        '2024-05-12T16:33:00.000Z',
      ],
      [
        '2024-05-13 09:15',
        'theirs',
        '+91 98765 43210',
        'Last warning. Call 98765 43210 now',
        '2024-05-13T03:45:00.000Z',
      ],
    ]);
    // Proposals are the computer's reading: nothing on the timeline counts them yet.
    expect(listMessageEntries(vault, caseId)).toEqual([]);

    const summary = confirmScreenshotMessages(vault, { caseId, all: true });
    expect(summary).toEqual({ confirmed: 5, alreadyHere: 0 });
    expect(listScreenshotMessages(vault.db, { caseId, status: 'proposed' })).toEqual([]);
    expect(listMessageEntries(vault, caseId)).toEqual([
      { text: 'Pay today', at: '2024-05-12T09:40:00.000Z', flags: [] },
      {
        text: 'We will call your brother',
        at: '2024-05-12T15:19:00.000Z',
        flags: ['recovery-message-hours'],
      },
      {
        text: 'PAY NOW or we visit your office',
        at: '2024-05-12T16:11:00.000Z',
        flags: ['recovery-message-hours'],
      },
      { text: 'Please stop messaging at night', at: '2024-05-12T16:33:00.000Z', flags: [] },
      { text: 'Last warning. Call 98765 43210 now', at: '2024-05-13T03:45:00.000Z', flags: [] },
    ]);
    const custody = vault.custody(`evidence:${evidenceId}`).map((entry) => entry.action);
    expect(custody.filter((action) => action === 'messages.proposed')).toHaveLength(1);
    expect(custody.filter((action) => action === 'message.confirmed')).toHaveLength(5);
    // The screenshot is the evidence of each confirmed message.
    const linked = vault.db
      .prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM event_evidence WHERE evidence_id = ?',
      )
      .get(evidenceId);
    expect(linked?.n).toBe(5);
    // The bundle: timeline.csv names the screenshot each was read from, and the report has them
    // in a section of their own (read by pdftotext, an independent reader).
    const outFile = path.join(makeTempDir(), 'bundle.zip');
    await exportCase(vault, { caseId, outFile });
    const bag = unzipBundle(outFile);
    const csv = fs.readFileSync(path.join(bag, 'data', 'timeline.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/,read_from_screenshot$/);
    const late = csv.find((line) => line.includes('PAY NOW or we visit your office'));
    expect(late).toMatch(/,1$/);
    const report = run('pdftotext', ['-layout', path.join(bag, 'data', 'report.pdf'), '-']);
    expect(report).toContain('Messages read from screenshots');
    expect(report).toMatch(/#1 Screenshot_20240513-102000_WhatsApp\.png/);
    // Confirming again is refused, and says why.
    const [first] = listScreenshotMessages(vault.db, { caseId });
    expect(() => confirmScreenshotMessages(vault, { caseId, ids: [first?.id ?? ''] })).toThrow(
      /already confirmed/,
    );
  }, 300_000);

  it('links a message a chat export already holds instead of adding it twice', async () => {
    const { vault, caseId, evidenceId } = await makeHarasserCase([
      '12/05/2024, 20:49 - +91 98765 43210: We will call your brother',
      '12/05/2024, 21:41 - +91 98765 43210: PAY NOW or we visit your office',
    ]);
    expect(confirmScreenshotMessages(vault, { caseId, all: true })).toEqual({
      confirmed: 5,
      alreadyHere: 2,
    });
    const entries = listMessageEntries(vault, caseId);
    expect(entries.map((entry) => entry.text)).toEqual([
      'Pay today',
      'We will call your brother',
      'PAY NOW or we visit your office',
      'Please stop messaging at night',
      'Last warning. Call 98765 43210 now',
    ]);
    const same = listScreenshotMessages(vault.db, { caseId }).filter((one) => one.alreadyHere);
    expect(same.map((one) => one.text)).toEqual([
      'We will call your brother',
      'PAY NOW or we visit your office',
    ]);
    const links = vault.db
      .prepare<[string, string], { n: number }>(
        'SELECT count(*) AS n FROM event_evidence WHERE event_id = ? AND evidence_id = ?',
      )
      .get(same[0]?.eventId ?? '', evidenceId);
    expect(links?.n).toBe(1);
  }, 300_000);

  it('takes a correction of time and text, confirms it, and logs it', async () => {
    const { vault, caseId, evidenceId } = await makeHarasserCase();
    const target = listScreenshotMessages(vault.db, { caseId }).find(
      (one) => one.text === 'Pay today',
    );
    const corrected = correctScreenshotMessage(vault, {
      id: target?.id ?? '',
      at: '2024-05-12T19:30:00+05:30',
      text: 'Pay today or else',
    });
    expect(corrected).toMatchObject({
      status: 'confirmed',
      corrected: true,
      text: 'Pay today or else',
      occurredAt: '2024-05-12T14:00:00.000Z',
      localTime: '2024-05-12 19:30',
    });
    expect(listMessageEntries(vault, caseId)).toEqual([
      {
        text: 'Pay today or else',
        at: '2024-05-12T14:00:00.000Z',
        flags: ['recovery-message-hours'],
      },
    ]);
    expect(vault.custody(`evidence:${evidenceId}`).map((entry) => entry.action)).toContain(
      'message.corrected',
    );
    expect(() => correctScreenshotMessage(vault, { id: target?.id ?? '' })).toThrow(/--at/);
    expect(() => correctScreenshotMessage(vault, { id: 'no-such-message', text: 'x' })).toThrow(
      /No message/,
    );
  }, 300_000);
});
