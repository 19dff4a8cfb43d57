import { describe, expect, it } from 'vitest';
import {
  appendCustody,
  computeCustodyHash,
  GENESIS_HASH,
  listCustody,
  readCustodyHead,
  verifyCustody,
  type CustodyProblem,
} from '../../../../main/core/custody/custody-log';
import type { Database } from '../../../../main/core/db/types';
import { captureError, expectSakshyaCode, openTestDatabase } from '../db/test-database';

const LENGTH = 5;

/** A database whose log holds LENGTH valid entries, with fixed times. */
function openWithChain(): Database {
  const { db } = openTestDatabase();
  for (let i = 1; i <= LENGTH; i += 1) {
    appendCustody(db, {
      action: i === 1 ? 'case.created' : 'evidence.added',
      subject: i === 1 ? 'case:c1' : `evidence:e${i}`,
      details: { caseId: 'c1', size: i * 1000, tags: ['a', 'b'], ok: true, none: null },
      at: new Date(Date.UTC(2026, 10, 23, 20, 44, i)),
    });
  }
  return db;
}

/** What a tamperer with the key does first: remove the append-only guards. */
function dropCustodyTriggers(db: Database): void {
  const names = db
    .prepare<[], string>(
      "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('custody_log', 'custody_head')",
    )
    .pluck()
    .all();
  for (const name of names) db.exec(`DROP TRIGGER "${name}"`);
}

function summarize(problems: readonly CustodyProblem[]): { seq: number; kind: string }[] {
  return problems.map(({ seq, kind }) => ({ seq, kind }));
}

describe('appendCustody', () => {
  it('builds a hash chain from the genesis hash and moves the head along', () => {
    const db = openWithChain();
    const entries = listCustody(db);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    entries.forEach((entry, index) => {
      if (index > 0) expect(entry.prevHash).toBe(entries[index - 1]?.hash);
      expect(entry.hash).toBe(computeCustodyHash(entry));
    });
    expect(entries[2]).toMatchObject({
      at: '2026-11-23T20:44:03.000Z',
      action: 'evidence.added',
      subject: 'evidence:e3',
      details: { caseId: 'c1', size: 3000, tags: ['a', 'b'], ok: true, none: null },
    });
    expect(readCustodyHead(db)).toEqual({ seq: 5, hash: entries[4]?.hash });
    expect(verifyCustody(db)).toEqual([]);
  });

  it('returns the entry exactly as it is stored', () => {
    const { db } = openTestDatabase();
    const entry = appendCustody(db, {
      action: 'vault.created',
      subject: 'vault',
      details: { b: 1, a: 'x' },
    });
    expect(listCustody(db)).toEqual([entry]);
  });

  it('filters entries by subject', () => {
    const db = openWithChain();
    expect(listCustody(db, { subject: 'evidence:e4' }).map((e) => e.seq)).toEqual([4]);
    expect(listCustody(db, { subject: 'nothing' })).toEqual([]);
  });

  it('commits and rolls back together with the caller’s transaction', () => {
    const { db } = openTestDatabase();
    db.transaction(() => {
      appendCustody(db, { action: 'case.created', subject: 'case:1' });
    })();
    expect(() => {
      db.transaction(() => {
        appendCustody(db, { action: 'case.updated', subject: 'case:1' });
        throw new Error('the change it records failed');
      })();
    }).toThrow('the change it records failed');
    expect(listCustody(db).map((e) => e.action)).toEqual(['case.created']);
    expect(readCustodyHead(db)?.seq).toBe(1);
    expect(verifyCustody(db)).toEqual([]);
  });

  it('refuses details that are not canonical JSON and writes nothing', () => {
    const { db } = openTestDatabase();
    expectSakshyaCode(
      captureError(() => appendCustody(db, { action: 'x', subject: 'y', details: { ratio: 0.5 } })),
      'INTERNAL',
    );
    expect(listCustody(db)).toEqual([]);
  });

  it('is refused by the database when it tries to update or delete entries', () => {
    const db = openWithChain();
    expect(() =>
      db.prepare("UPDATE custody_log SET subject = 'case:other' WHERE seq = 2").run(),
    ).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM custody_log WHERE seq = 5').run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE custody_head SET seq = 4').run()).toThrow(/custody_head/);
    expect(verifyCustody(db)).toEqual([]);
  });
});

describe('verifyCustody after tampering', () => {
  const editedFields: [string, string, unknown][] = [
    ['at', 'at', '2020-01-01T00:00:00.000Z'],
    ['action', 'action', 'evidence.removed'],
    ['subject', 'subject', 'evidence:someone-else'],
    ['details', 'details', '{"caseId":"c1","size":1}'],
    ['prev_hash', 'prev_hash', 'e'.repeat(64)],
    ['hash', 'hash', 'd'.repeat(64)],
  ];

  it.each(editedFields)('names the entry whose %s was edited', (_label, column, value) => {
    const db = openWithChain();
    dropCustodyTriggers(db);
    db.prepare(`UPDATE custody_log SET ${column} = ? WHERE seq = 3`).run(value);
    const problems = verifyCustody(db);
    expect(summarize(problems)).toContainEqual({ seq: 3, kind: 'hash-mismatch' });
    expect(problems.every((p) => p.seq === 3)).toBe(true);
  });

  it('names an entry whose seq was edited', () => {
    const db = openWithChain();
    dropCustodyTriggers(db);
    db.prepare('UPDATE custody_log SET seq = 99 WHERE seq = 3').run();
    const problems = verifyCustody(db);
    expect(problems[0]).toMatchObject({ seq: 3, kind: 'gap' });
  });

  it('names an entry deleted from the middle', () => {
    const db = openWithChain();
    dropCustodyTriggers(db);
    db.prepare('DELETE FROM custody_log WHERE seq = 3').run();
    expect(summarize(verifyCustody(db))).toEqual([{ seq: 3, kind: 'gap' }]);
  });

  it('names an entry deleted from the end', () => {
    const db = openWithChain();
    dropCustodyTriggers(db);
    db.prepare('DELETE FROM custody_log WHERE seq = 5').run();
    expect(summarize(verifyCustody(db))).toEqual([{ seq: 5, kind: 'head-mismatch' }]);
  });

  it('names the first of several entries cut from the end', () => {
    const db = openWithChain();
    dropCustodyTriggers(db);
    db.prepare('DELETE FROM custody_log WHERE seq >= 4').run();
    expect(summarize(verifyCustody(db))).toEqual([{ seq: 4, kind: 'head-mismatch' }]);
  });

  it('names two entries that swapped places', () => {
    const db = openWithChain();
    dropCustodyTriggers(db);
    db.transaction(() => {
      db.prepare('UPDATE custody_log SET seq = 1000 WHERE seq = 2').run();
      db.prepare('UPDATE custody_log SET seq = 2 WHERE seq = 3').run();
      db.prepare('UPDATE custody_log SET seq = 3 WHERE seq = 1000').run();
    })();
    expect(summarize(verifyCustody(db))).toEqual([
      { seq: 2, kind: 'out-of-order' },
      { seq: 3, kind: 'out-of-order' },
    ]);
  });

  it('names a well-forged entry appended without moving the head', () => {
    const db = openWithChain();
    dropCustodyTriggers(db);
    const last = listCustody(db).at(-1)!;
    const forged = {
      seq: 6,
      at: last.at,
      action: 'evidence.added',
      subject: 'evidence:forged',
      details: {},
      prevHash: last.hash,
    };
    db.prepare(
      'INSERT INTO custody_log (seq, at, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      forged.seq,
      forged.at,
      forged.action,
      forged.subject,
      '{}',
      forged.prevHash,
      computeCustodyHash(forged),
    );
    expect(summarize(verifyCustody(db))).toEqual([{ seq: 6, kind: 'head-mismatch' }]);
  });

  it('names a well-forged entry slipped into the middle', () => {
    const db = openWithChain();
    dropCustodyTriggers(db);
    const second = listCustody(db)[1]!;
    db.transaction(() => {
      for (const seq of [5, 4, 3])
        db.prepare('UPDATE custody_log SET seq = ? WHERE seq = ?').run(seq + 1, seq);
      const forged = {
        seq: 3,
        at: second.at,
        action: 'evidence.added',
        subject: 'evidence:forged',
        details: {},
        prevHash: second.hash,
      };
      db.prepare(
        'INSERT INTO custody_log (seq, at, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(
        forged.seq,
        forged.at,
        forged.action,
        forged.subject,
        '{}',
        forged.prevHash,
        computeCustodyHash(forged),
      );
    })();
    const problems = summarize(verifyCustody(db));
    expect(problems[0]).toEqual({ seq: 3, kind: 'broken-link' });
    expect(problems).toContainEqual({ seq: 6, kind: 'head-mismatch' });
  });

  it('reports a missing head', () => {
    const db = openWithChain();
    dropCustodyTriggers(db);
    db.prepare('DELETE FROM custody_head').run();
    expect(summarize(verifyCustody(db))).toEqual([{ seq: 5, kind: 'head-mismatch' }]);
    expectSakshyaCode(
      captureError(() => appendCustody(db, { action: 'x', subject: 'y' })),
      'INTEGRITY_FAILURE',
    );
  });
});
