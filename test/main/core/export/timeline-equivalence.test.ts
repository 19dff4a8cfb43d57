// The bundle's data/timeline.csv and the app's timeline pages come from one builder: for a case with
// calls, chat messages, evidence and flags (one of them set aside), the CSV holds exactly the
// entries the pages show, in the same order, with the same flags.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../../../main/core/export/bag-files';
import { exportCase } from '../../../../main/core/export/export-bundle';
import { addCounterparty } from '../../../../main/core/timeline/counterparties';
import { dismissFlag } from '../../../../main/core/timeline/flag-dismissals';
import { addIncident } from '../../../../main/core/timeline/incidents';
import {
  listTimelinePage,
  type TimelinePageEntry,
} from '../../../../main/core/timeline/timeline-page';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeExportVault, unzipBundle } from './export-vault';

/** RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  return rows;
}

/** Every page of the app's timeline, three entries at a time, following the cursors. */
function readAllPages(vault: Parameters<typeof dismissFlag>[0], caseId: string) {
  const entries: TimelinePageEntry[] = [];
  let page = listTimelinePage(vault.db, { caseId, limit: 3 });
  entries.push(...page.entries);
  while (page.hasAfter) {
    const last = page.entries.at(-1);
    if (last === undefined) break;
    page = listTimelinePage(vault.db, { caseId, limit: 3, after: last.cursor });
    entries.push(...page.entries);
  }
  return entries;
}

describe('the bundle timeline and the app timeline', () => {
  it('list the same entries with the same flags in timeline.csv as on the app’s pages', async () => {
    const { vault, caseId } = await makeExportVault();
    addCounterparty(vault, {
      caseId,
      name: 'John (agent)',
      kind: 'recovery-agent',
      numbers: [],
      handles: ['John Doe'],
    });
    const early = addIncident(vault, {
      caseId,
      kind: 'call',
      at: '2024-05-13T06:40:00+05:30',
      number: '+919812345678',
      text: 'Called before seven',
    });
    addIncident(vault, {
      caseId,
      kind: 'message',
      at: '2024-05-13T23:10:00+05:30',
      text: 'Messaged my sister, "pay or else"',
      thirdParty: true,
    });
    dismissFlag(vault, {
      caseId,
      eventId: early.id,
      ruleId: 'contact-hours',
      reason: 'I had asked them to call early that day',
    });

    const pages = readAllPages(vault, caseId);
    const kinds = new Set(pages.map((entry) => entry.kind));
    for (const kind of ['call', 'message', 'photo', 'screenshot']) expect(kinds).toContain(kind);
    const flagged = pages.filter((entry) => entry.flags.some((flag) => flag.dismissal === null));
    expect(flagged.length).toBeGreaterThanOrEqual(2);
    // Messages from the imported WhatsApp chat, tied to the agent by his handle.
    const chat = pages.filter((entry) => entry.kind === 'message' && entry.actor === 'John Doe');
    expect(chat.length).toBeGreaterThan(0);
    expect(chat.every((entry) => entry.counterpartyId !== null)).toBe(true);
    expect(pages.find((entry) => entry.id === early.id)?.flags[0]?.dismissal).not.toBeNull();

    const outFile = path.join(makeTempDir('sakshya-out-'), 'bundle.zip');
    await exportCase(vault, { caseId, outFile });
    const csv = fs.readFileSync(path.join(unzipBundle(outFile), 'data', 'timeline.csv'), 'utf8');
    const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
    expect(header).toEqual([
      'occurred_at',
      'kind',
      'actor',
      'number',
      'text',
      'evidence_numbers',
      'flags',
      'flag_facts',
      'read_from_screenshot',
    ]);

    // The bundle names a chat export 'chat' where the app groups it with documents.
    const isChat = (entry: TimelinePageEntry) => entry.text.startsWith('WhatsApp Chat with');
    const expected = pages.map((entry) => {
      const open = entry.flags.filter((flag) => flag.dismissal === null);
      return [
        entry.occurredAtLocal,
        entry.source === 'evidence' && isChat(entry) ? 'chat' : entry.kind,
        entry.actor,
        entry.number,
        entry.text,
        String(entry.evidenceIds.length),
        open.map((flag) => flag.ruleId).join(' '),
        open.map((flag) => `${flag.rule.en} (${flag.fact}; ${flag.source.title})`).join(' | '),
        '',
      ].map((cell, column) =>
        column === 5 ? cell : (parseCsv(`${csvCell(cell)}\r\n`)[0]?.[0] ?? ''),
      );
    });
    const actual = rows.map((row) =>
      row.map((cell, column) =>
        column === 5 ? String(cell === '' ? 0 : cell.split(' ').length) : cell,
      ),
    );
    expect(actual).toEqual(expected);
  });
});
