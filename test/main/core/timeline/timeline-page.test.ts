// The paged timeline the app reads: pages around a date and by cursor both ways, the same entries
// as listTimeline, filters (kind, counterparty, tag, flagged), search highlights in English and
// Hindi, the activity per local day, and the query plans on their indexes.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobsRepository } from '../../../../main/core/db/repositories/blobs';
import { EventsRepository } from '../../../../main/core/db/repositories/events';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { addCounterparty } from '../../../../main/core/timeline/counterparties';
import { buildSummaryQuery } from '../../../../main/core/timeline/counterparty-summary';
import { addIncident } from '../../../../main/core/timeline/incidents';
import {
  confirmScreenshotMessages,
  storeProposedMessages,
} from '../../../../main/core/ocr/screenshot-messages';
import {
  buildPageQuery,
  createTimelineContext,
  EVIDENCE_KIND_SQL,
  listTimelinePage,
  TIMELINE_SOURCES,
} from '../../../../main/core/timeline/timeline-page';
import {
  listEvidenceTags,
  listTimelineActivity,
} from '../../../../main/core/timeline/timeline-activity';
import { classifyEvidence, listTimeline } from '../../../../main/core/timeline/timeline';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const AS_OF = '2026-12-01T00:00:00Z';

async function openCase(timezone = 'Asia/Kolkata'): Promise<{ vault: Vault; caseId: string }> {
  const { vault } = await Vault.create(path.join(makeTempDir(), 'vault'), 'correct horse battery', {
    scryptLogN: 10,
  });
  return { vault, caseId: vault.createCase({ title: 'QuickCash', timezone }).id };
}

function addMessage(vault: Vault, caseId: string, occurredAt: string, actor: string, text: string) {
  return new EventsRepository(vault.db).insert({ caseId, kind: 'message', occurredAt, actor, text })
    .id;
}

function addEvidence(
  vault: Vault,
  caseId: string,
  name: string,
  capturedAt: string | null,
  tags: string[] = [],
): string {
  const sha256 = createHash('sha256').update(name).digest('hex');
  new BlobsRepository(vault.db).insertIfMissing({ name: sha256, sha256, size: 10 });
  return new EvidenceRepository(vault.db).insert({
    caseId,
    blobName: sha256,
    originalName: name,
    size: 10,
    sha256,
    mediaType: name.endsWith('.pdf') ? 'application/pdf' : 'image/png',
    capturedAt,
    capturedAtSource: capturedAt === null ? 'unknown' : 'exif',
    capturedAtConfidence: 'high',
    metadata: {},
    provenance: { kind: 'captured-by-me' },
    notes: '',
    tags,
  }).id;
}

/** 60 messages a minute apart from 09:00 IST, a dated and an undated screenshot, and a late call. */
function fillCase(vault: Vault, caseId: string): void {
  for (let i = 0; i < 60; i += 1) {
    const at = new Date(Date.parse('2024-05-12T03:30:00.000Z') + i * 60_000).toISOString();
    addMessage(vault, caseId, at, 'Agent', `message ${String(i)} pay today`);
  }
  addEvidence(vault, caseId, 'Screenshot_20240512.png', '2024-05-12T04:00:00.000Z', ['threat']);
  addEvidence(vault, caseId, 'notice.pdf', null);
  addIncident(vault, { caseId, kind: 'call', at: '2024-05-12T21:15', number: '9876543210' });
}

describe('listTimelinePage', () => {
  it('pages forwards and backwards by cursor through exactly the entries listTimeline gives', async () => {
    const { vault, caseId } = await openCase();
    fillCase(vault, caseId);
    const all = listTimeline(vault.db, { caseId, asOf: AS_OF }).map((entry) => entry.id);
    const forwards: string[] = [];
    let page = listTimelinePage(vault.db, { caseId, limit: 7, asOf: AS_OF });
    expect(page.hasBefore).toBe(false);
    forwards.push(...page.entries.map((entry) => entry.id));
    while (page.hasAfter) {
      page = listTimelinePage(vault.db, {
        caseId,
        limit: 7,
        after: page.entries.at(-1)?.cursor,
        asOf: AS_OF,
      });
      forwards.push(...page.entries.map((entry) => entry.id));
    }
    expect(forwards).toHaveLength(all.length);
    expect(new Set(forwards)).toEqual(new Set(all));

    const backwards: string[] = [];
    let back = listTimelinePage(vault.db, { caseId, limit: 9, around: '2099-01-01', asOf: AS_OF });
    expect(back.hasAfter).toBe(false);
    backwards.unshift(...back.entries.map((entry) => entry.id));
    while (back.hasBefore) {
      back = listTimelinePage(vault.db, {
        caseId,
        limit: 9,
        before: back.entries[0]?.cursor,
        asOf: AS_OF,
      });
      backwards.unshift(...back.entries.map((entry) => entry.id));
    }
    expect(backwards).toEqual(forwards);
    vault.lock();
  });

  it('centres a page on a local date and keeps the case clock', async () => {
    const { vault, caseId } = await openCase();
    fillCase(vault, caseId);
    const page = listTimelinePage(vault.db, {
      caseId,
      around: '2024-05-12T21:00',
      limit: 4,
      asOf: AS_OF,
    });
    // Two before 21:00 on 12 May, then the 21:15 call and the undated PDF, placed at its import.
    expect(page.entries.map((entry) => [entry.kind, entry.occurredAtLocal.slice(0, 16)])).toEqual([
      ['message', '2024-05-12T09:58'],
      ['message', '2024-05-12T09:59'],
      ['call', '2024-05-12T21:15'],
      ['document', expect.not.stringMatching(/^2024/) as unknown],
    ]);
    expect(page.entries[2]?.flags.map((flag) => flag.ruleId)).toEqual(['contact-hours']);
    expect(page.hasBefore).toBe(true);
    expect(page.hasAfter).toBe(false);
    vault.lock();
  });

  it('filters by kind, tag, counterparty and flags, evidence kinds included', async () => {
    const { vault, caseId } = await openCase();
    fillCase(vault, caseId);
    const agent = addCounterparty(vault, {
      caseId,
      name: 'Agent',
      kind: 'recovery-agent',
      numbers: ['+91 98765 43210'],
    });
    const kinds = (query: Record<string, unknown>) =>
      listTimelinePage(vault.db, { caseId, asOf: AS_OF, ...query }).entries.map(
        (entry) => entry.kind,
      );
    expect(kinds({ kinds: ['screenshot', 'document'] })).toEqual(['screenshot', 'document']);
    expect(kinds({ tag: 'threat' })).toEqual(['screenshot']);
    expect(kinds({ counterpartyId: agent.id })).toEqual(['call']);
    expect(kinds({ flaggedOnly: true })).toEqual(['call']);
    expect(listEvidenceTags(vault.db, caseId)).toEqual(['threat']);
    vault.lock();
  });

  it('marks the searched words in English and in Hindi, whole words from their start', async () => {
    const { vault, caseId } = await openCase();
    addMessage(
      vault,
      caseId,
      '2024-05-12T10:00:00.000Z',
      'Agent',
      'We will call your OFFICE, officer',
    );
    addMessage(vault, caseId, '2024-05-12T11:00:00.000Z', 'Agent', 'पैसे वापस करो नहीं तो घर आएंगे');
    const marks = (search: string) =>
      listTimelinePage(vault.db, { caseId, search }).entries.map((entry) =>
        entry.highlights.map((range) => entry.text.slice(range.start, range.end)),
      );
    expect(marks('office')).toEqual([['OFFICE', 'officer']]);
    expect(marks('वापस घर')).toEqual([['वापस', 'घर']]);
    expect(marks('नहीं')).toEqual([['नहीं']]);
    vault.lock();
  });

  it('shows messages read from a screenshot as proposed entries of its pages only, without flags, until confirmed', async () => {
    const { vault, caseId } = await openCase();
    addMessage(vault, caseId, '2024-05-12T15:00:00.000Z', 'Agent', 'from the chat export');
    const shot = addEvidence(vault, caseId, 'Screenshot_20240513.png', '2024-05-13T04:50:00.000Z');
    const box = { x: 10, y: 10, width: 100, height: 40 };
    storeProposedMessages(vault, shot, '+91 98765 43210', [
      {
        position: 0,
        side: 'theirs',
        text: 'PAY NOW or we visit your office',
        at: '2024-05-12T16:11:00.000Z',
        localTime: '2024-05-12 21:41',
        dayShown: true,
        timeShown: '9:41 pm',
        box,
      },
      {
        position: 1,
        side: 'mine',
        text: 'Please stop messaging at night',
        at: '2024-05-12T16:33:00.000Z',
        localTime: '2024-05-12 22:03',
        dayShown: true,
        timeShown: '10:03 pm',
        box: { ...box, y: 60 },
      },
    ]);
    const page = listTimelinePage(vault.db, { caseId, withProposed: true, asOf: AS_OF });
    expect(page.entries.map((entry) => [entry.source, entry.occurredAtLocal, entry.text])).toEqual([
      ['event', '2024-05-12T20:30:00+05:30', 'from the chat export'],
      ['proposed', '2024-05-12T21:41:00+05:30', 'PAY NOW or we visit your office'],
      ['proposed', '2024-05-12T22:03:00+05:30', 'Please stop messaging at night'],
      ['evidence', '2024-05-13T10:20:00+05:30', 'Screenshot_20240513.png'],
    ]);
    const [theirs, mine] = page.entries.filter((entry) => entry.source === 'proposed');
    expect(theirs).toMatchObject({
      kind: 'message',
      actor: '+91 98765 43210',
      side: 'theirs',
      evidenceIds: [shot],
      flags: [],
    });
    expect(mine).toMatchObject({ actor: null, side: 'mine' });
    // A page read by cursor goes past them and back.
    const next = listTimelinePage(vault.db, {
      caseId,
      withProposed: true,
      after: theirs?.cursor ?? '',
      limit: 1,
    });
    expect(next.entries.map((entry) => entry.id)).toEqual([mine?.id]);
    // Never in the walk of the whole timeline (CLI, export, drafts), flagged-only, a search or a
    // kind without messages.
    expect(listTimeline(vault.db, { caseId }).map((entry) => entry.source)).toEqual([
      'event',
      'evidence',
    ]);
    for (const filters of [{ flaggedOnly: true }, { search: 'office' }, { kinds: ['call'] }]) {
      const filtered = listTimelinePage(vault.db, { caseId, withProposed: true, ...filters });
      expect(filtered.entries.some((entry) => entry.source === 'proposed')).toBe(false);
    }

    confirmScreenshotMessages(vault, { caseId, ids: [theirs?.id ?? ''] });
    const after = listTimelinePage(vault.db, { caseId, withProposed: true, asOf: AS_OF });
    expect(after.entries.map((entry) => [entry.source, entry.text])).toEqual([
      ['event', 'from the chat export'],
      ['event', 'PAY NOW or we visit your office'],
      ['proposed', 'Please stop messaging at night'],
      ['evidence', 'Screenshot_20240513.png'],
    ]);
    expect(listTimeline(vault.db, { caseId }).map((entry) => entry.text)).toContain(
      'PAY NOW or we visit your office',
    );
    vault.lock();
  });

  it('keeps the page, search and summary queries on their indexes', async () => {
    const { vault, caseId } = await openCase();
    fillCase(vault, caseId);
    const plans: string[][] = [];
    const explain = (sql: string, params: unknown[]) =>
      vault.db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((row) => (row as { detail: string }).detail);
    for (const search of [undefined, 'pay']) {
      const context = createTimelineContext(vault.db, { caseId, search, withProposed: true }, {});
      for (const spec of TIMELINE_SOURCES) {
        const bound = { at: '2024-05-12T04:00:00.000Z', source: 'event', id: 'x' };
        const query = buildPageQuery(spec, context, 'after', bound, 201);
        if (query !== null) plans.push(explain(query.sql, query.params));
      }
    }
    expect(plans.length).toBeGreaterThanOrEqual(5);
    for (const plan of plans) {
      expect(plan.some((detail) => /SCAN t\b/.test(detail))).toBe(false);
      expect(
        plan.some((detail) =>
          / t USING (COVERING )?INDEX|USING PRIMARY KEY|sqlite_autoindex/.test(detail),
        ),
      ).toBe(true);
    }
    const summary = buildSummaryQuery(caseId, 'someone');
    const summaryPlan = explain(summary.sql, summary.params);
    expect(summaryPlan.some((detail) => /SCAN events\b/.test(detail))).toBe(false);
    expect(
      // By number, by handle, by a sender tied to the harasser; recorded on the event is read from
      // the counterparty index (migration 0011). Each reads the matched rows too (not only the
      // index): a typed call the call log also holds is told by its details
      // (SAME_CALL_HIDDEN_SQL), so the index no longer covers the query alone.
      summaryPlan.filter((detail) => /USING (COVERING )?INDEX events_by_contact/.test(detail)),
    ).toHaveLength(3);
    expect(
      summaryPlan.filter((detail) =>
        detail.includes('USING INDEX events_by_counterparty (counterparty_id=? AND case_id=?'),
      ),
    ).toHaveLength(1);
    expect(
      summaryPlan.filter((detail) =>
        detail.includes(
          'USING INDEX events_by_contact (case_id=? AND number_e164=? AND counterparty_id=?',
        ),
      ),
    ).toHaveLength(1);
    vault.lock();
  });
});

describe('listTimelineActivity', () => {
  it('counts entries per local day by kind, the same whether or not the zone keeps one offset', async () => {
    for (const timezone of ['Asia/Kolkata', 'Europe/London']) {
      const { vault, caseId } = await openCase(timezone);
      addMessage(vault, caseId, '2024-03-30T23:30:00.000Z', 'Agent', 'a');
      addMessage(vault, caseId, '2024-03-31T00:30:00.000Z', 'Agent', 'b');
      addMessage(vault, caseId, '2024-03-31T23:30:00.000Z', 'Agent', 'c');
      addEvidence(vault, caseId, 'photo.png', '2024-03-31T12:00:00.000Z');
      const expected = new Map<string, Record<string, number>>();
      for (const entry of listTimeline(vault.db, { caseId })) {
        const day = entry.occurredAtLocal.slice(0, 10);
        const counts = expected.get(day) ?? {};
        counts[entry.kind] = (counts[entry.kind] ?? 0) + 1;
        expected.set(day, counts);
      }
      const activity = listTimelineActivity(vault.db, { caseId });
      expect(activity.days).toEqual(
        [...expected.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([day, counts]) => ({ day, counts })),
      );
      vault.lock();
    }
  });
});

describe('EVIDENCE_KIND_SQL', () => {
  it('sorts evidence into the same kinds as classifyEvidence', async () => {
    const { vault } = await openCase();
    const samples: [string, string][] = [
      ['image/png', 'Screenshot_2024.png'],
      ['image/png', 'screen shot 1.png'],
      ['image/jpeg', 'SCR_001.jpg'],
      ['image/jpeg', 'scrap.jpg'],
      ['image/jpeg', 'IMG_2024.jpg'],
      ['audio/ogg', 'voice.opus'],
      ['video/mp4', 'clip.mp4'],
      ['application/pdf', 'screenshot.pdf'],
      ['text/plain', 'chat.txt'],
    ];
    for (const [mediaType, name] of samples) {
      const kind = vault.db
        .prepare<[string, string], string>(
          `SELECT ${EVIDENCE_KIND_SQL} FROM (SELECT ? AS media_type, ? AS original_name) AS t`,
        )
        .pluck()
        .get(mediaType, name);
      expect([name, kind]).toEqual([name, classifyEvidence(mediaType, name)]);
    }
    vault.lock();
  });
});
