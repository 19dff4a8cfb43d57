import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  computeCustodyHash,
  GENESIS_HASH,
  verifyCustodyEntries,
  type VerifiableCustodyEntry,
} from '../../../../main/core/custody/custody-verify';

/** Builds a valid chain in memory, the way a recipient of an export would see it. */
function buildChain(length: number): VerifiableCustodyEntry[] {
  const entries: VerifiableCustodyEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const body = {
      seq,
      at: `2026-11-23T20:44:${String(seq).padStart(2, '0')}.000Z`,
      action: 'evidence.added',
      subject: `evidence:${seq}`,
      details: { size: seq * 100, name: `file-${seq}.jpg` },
      prevHash,
    };
    const hash = computeCustodyHash(body);
    entries.push({ ...body, hash });
    prevHash = hash;
  }
  return entries;
}

function headOf(entries: readonly VerifiableCustodyEntry[]): { seq: number; hash: string } {
  const last = entries.at(-1);
  return { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
}

describe('computeCustodyHash', () => {
  it('hashes the documented canonical JSON, so anyone can re-verify it', () => {
    const entry = {
      seq: 1,
      at: '2026-11-23T20:44:12.123Z',
      action: 'case.created',
      subject: 'case:42',
      details: { title: 'Calls', count: 2 },
      prevHash: GENESIS_HASH,
    };
    const canonical =
      '{"action":"case.created","at":"2026-11-23T20:44:12.123Z","details":{"count":2,"title":"Calls"},' +
      `"prev_hash":"${GENESIS_HASH}","seq":1,"subject":"case:42"}`;
    expect(computeCustodyHash(entry)).toBe(
      createHash('sha256').update(canonical, 'utf8').digest('hex'),
    );
  });
});

describe('verifyCustodyEntries', () => {
  it('accepts an intact chain and an empty one', () => {
    const chain = buildChain(5);
    expect(verifyCustodyEntries(chain, headOf(chain))).toEqual([]);
    expect(verifyCustodyEntries([], { seq: 0, hash: GENESIS_HASH })).toEqual([]);
  });

  it('names an entry listed out of order', () => {
    const chain = buildChain(5);
    const shuffled = [chain[0], chain[1], chain[3], chain[2], chain[4]].map((e) => e!);
    const problems = verifyCustodyEntries(shuffled, headOf(chain));
    expect(problems.map(({ seq, kind }) => ({ seq, kind }))).toEqual([
      { seq: 3, kind: 'out-of-order' },
    ]);
  });

  it('names an entry listed twice', () => {
    const chain = buildChain(3);
    const problems = verifyCustodyEntries([...chain, chain[1]!], headOf(chain));
    expect(problems.map(({ seq, kind }) => ({ seq, kind }))).toEqual([
      { seq: 2, kind: 'out-of-order' },
    ]);
  });

  it('names an entry whose details cannot be canonical JSON instead of throwing', () => {
    const chain = buildChain(3);
    const tampered = chain.map((e) => (e.seq === 2 ? { ...e, details: { size: 1.5 } } : e));
    const problems = verifyCustodyEntries(tampered, headOf(chain));
    expect(problems.map(({ seq, kind }) => ({ seq, kind }))).toEqual([
      { seq: 2, kind: 'hash-mismatch' },
    ]);
  });

  it('names a cut tail only when the head is given', () => {
    const chain = buildChain(4);
    const cut = chain.slice(0, 3);
    expect(verifyCustodyEntries(cut)).toEqual([]);
    const problems = verifyCustodyEntries(cut, headOf(chain));
    expect(problems.map(({ seq, kind }) => ({ seq, kind }))).toEqual([
      { seq: 4, kind: 'head-mismatch' },
    ]);
  });

  it('names a gap at the start of the log', () => {
    const chain = buildChain(4);
    const problems = verifyCustodyEntries(chain.slice(2), headOf(chain));
    expect(problems.map(({ seq, kind }) => ({ seq, kind }))).toEqual([{ seq: 1, kind: 'gap' }]);
  });
});
