// The custody chain's hash recipe and its verification, with no database: export bundles ship the
// entries and the head, and recipients re-verify them with any SHA-256 and JSON tool.
//
// HASH RECIPE (do not change; exported bundles and old vaults depend on it):
//   hash = lowercase hex SHA-256 of the UTF-8 bytes of
//          canonicalJson({ "seq": seq, "at": at, "action": action, "subject": subject,
//                          "details": details, "prev_hash": prevHash })
//   canonicalJson is RFC 8785 (JCS) for our values: object keys sorted by code unit, no whitespace,
//   numbers only as safe integers. `at` is the stored ISO 8601 UTC string verbatim. The first
//   entry's prev_hash is 64 zeros; every later entry's prev_hash is the previous entry's hash.
//   The head (seq, hash) is the newest entry, stored apart from the log so a cut tail shows.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface CustodyHead {
  seq: number;
  hash: string;
}

/** What verification needs of an entry; a CustodyEntry is one, and so is a row read leniently. */
export interface VerifiableCustodyEntry {
  seq: number;
  at: string;
  action: string;
  subject: string;
  details: unknown;
  prevHash: string;
  hash: string;
}

export type CustodyProblemKind =
  'hash-mismatch' | 'broken-link' | 'gap' | 'out-of-order' | 'head-mismatch';

export interface CustodyProblem {
  /** The entry at fault: the changed, missing, moved or inserted one. */
  seq: number;
  kind: CustodyProblemKind;
  message: string;
}

export function computeCustodyHash(entry: Omit<VerifiableCustodyEntry, 'hash'>): string {
  const hashed = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    action: entry.action,
    subject: entry.subject,
    details: entry.details,
    prev_hash: entry.prevHash,
  });
  return createHash('sha256').update(hashed, 'utf8').digest('hex');
}

/**
 * Checks a chain and names the exact entry behind each problem:
 * - an edited entry (any hashed field) no longer matches its hash → `hash-mismatch` at its seq;
 * - a deleted entry leaves a hole in the seq numbers → `gap` at the first missing seq, or
 *   `head-mismatch` at it when the tail was cut;
 * - a moved entry still hashes correctly under the seq its links give it → `out-of-order`;
 *   entries listed out of seq order are also `out-of-order`;
 * - an inserted entry is one no later entry links to → `broken-link` at its seq (or
 *   `head-mismatch` when appended past the head);
 * - an entry whose prev_hash is not the previous entry's hash → `broken-link` at its seq.
 * Pass `head` whenever it is available: without it, a cut tail cannot be seen.
 */
export function verifyCustodyEntries(
  entries: readonly VerifiableCustodyEntry[],
  head?: CustodyHead,
): CustodyProblem[] {
  const problems: CustodyProblem[] = [];
  const report = (seq: number, kind: CustodyProblemKind, message: string): void => {
    problems.push({ seq, kind, message });
  };

  const sorted = checkListOrder(entries, report);
  const computed = sorted.map((entry) => hashOrUndefined(entry, entry.seq));
  const byHash = indexByHash(sorted, computed);
  const recordedSeqs = resolveRecordedSeqs(sorted, byHash);
  const linksTo = (prevHash: string, seq: number): boolean => {
    if (seq === 0) return prevHash === GENESIS_HASH;
    const index = byHash.get(prevHash);
    return index !== undefined && recordedSeqs[index] === seq;
  };

  // Per index: true when the entry itself is changed or badly linked (not merely moved).
  const damaged: boolean[] = [];
  sorted.forEach((entry, index) => {
    const previous = index > 0 ? sorted[index - 1] : undefined;
    const expectedSeq = (previous?.seq ?? 0) + 1;
    const afterGap = entry.seq > expectedSeq;
    if (afterGap) {
      report(
        expectedSeq,
        'gap',
        `${describeRange(expectedSeq, entry.seq - 1, 'is', 'are')} missing from the custody log`,
      );
    }

    let effectiveSeq = entry.seq;
    let isDamaged = false;
    if (computed[index] !== entry.hash) {
      const recorded = recordedSeqs[index];
      if (
        recorded !== undefined &&
        recorded !== entry.seq &&
        hashOrUndefined(entry, recorded) === entry.hash
      ) {
        report(
          entry.seq,
          'out-of-order',
          `the entry at position ${entry.seq} was recorded as entry ${recorded}`,
        );
        effectiveSeq = recorded;
      } else {
        report(entry.seq, 'hash-mismatch', `entry ${entry.seq} was changed after it was recorded`);
        isDamaged = true;
      }
    }

    if (!afterGap) {
      const linked =
        entry.prevHash === (previous?.hash ?? GENESIS_HASH) ||
        (previous !== undefined && entry.prevHash === computed[index - 1]) ||
        linksTo(entry.prevHash, effectiveSeq - 1);
      if (!linked) {
        report(
          entry.seq,
          'broken-link',
          `entry ${entry.seq} does not link to entry ${entry.seq - 1}`,
        );
        isDamaged = true;
      }
    }
    damaged.push(isDamaged);
  });

  findInsertedEntries(sorted, computed, damaged, report);
  if (head !== undefined) checkHead(sorted, head, report);
  return problems.sort((a, b) => a.seq - b.seq);
}

type Report = (seq: number, kind: CustodyProblemKind, message: string) => void;

/** Reports entries listed out of seq order or twice; returns the first of each seq, sorted. */
function checkListOrder(
  entries: readonly VerifiableCustodyEntry[],
  report: Report,
): VerifiableCustodyEntry[] {
  const bySeq = new Map<number, VerifiableCustodyEntry>();
  let highest = 0;
  for (const entry of entries) {
    if (bySeq.has(entry.seq)) {
      report(entry.seq, 'out-of-order', `entry ${entry.seq} appears more than once`);
      continue;
    }
    if (entry.seq < highest) {
      report(entry.seq, 'out-of-order', `entry ${entry.seq} is listed after entry ${highest}`);
    }
    bySeq.set(entry.seq, entry);
    highest = Math.max(highest, entry.seq);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function hashOrUndefined(entry: VerifiableCustodyEntry, seq: number): string | undefined {
  try {
    return computeCustodyHash({ ...entry, seq });
  } catch {
    // Details that canonical JSON cannot encode (e.g. a fraction) can only come from tampering.
    return undefined;
  }
}

/** Stored hashes first; recomputed ones too, so an entry whose hash field was edited stays findable. */
function indexByHash(
  sorted: readonly VerifiableCustodyEntry[],
  computed: readonly (string | undefined)[],
): Map<string, number> {
  const byHash = new Map<string, number>();
  sorted.forEach((entry, index) => {
    if (!byHash.has(entry.hash)) byHash.set(entry.hash, index);
  });
  computed.forEach((hash, index) => {
    if (hash !== undefined && !byHash.has(hash)) byHash.set(hash, index);
  });
  return byHash;
}

/**
 * The seq each entry had when it was recorded, worked out from prev_hash links back to genesis
 * (undefined when the links do not reach it). This tells a moved entry from an edited one.
 */
function resolveRecordedSeqs(
  sorted: readonly VerifiableCustodyEntry[],
  byHash: ReadonlyMap<string, number>,
): (number | undefined)[] {
  const memo = new Map<number, number | null>();
  for (let start = 0; start < sorted.length; start += 1) {
    const path: number[] = [];
    const onPath = new Set<number>();
    let current: number | undefined = start;
    let base: number | null = null;
    while (current !== undefined) {
      const known = memo.get(current);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (onPath.has(current)) break;
      onPath.add(current);
      path.push(current);
      const prevHash: string | undefined = sorted[current]?.prevHash;
      if (prevHash === GENESIS_HASH) {
        base = 0;
        break;
      }
      current = prevHash === undefined ? undefined : byHash.get(prevHash);
    }
    for (let i = path.length - 1; i >= 0; i -= 1) {
      base = base === null ? null : base + 1;
      const index = path[i];
      if (index !== undefined) memo.set(index, base);
    }
  }
  return sorted.map((_, index) => memo.get(index) ?? undefined);
}

/**
 * An entry that no later entry links to was slipped in between two others. Skipped where the next
 * entry is itself damaged or missing: that entry's own problem already explains the missing link.
 */
function findInsertedEntries(
  sorted: readonly VerifiableCustodyEntry[],
  computed: readonly (string | undefined)[],
  damaged: readonly boolean[],
  report: Report,
): void {
  const linkedHashes = new Set(sorted.map((entry) => entry.prevHash));
  sorted.forEach((entry, index) => {
    if (sorted[index + 1]?.seq !== entry.seq + 1 || damaged[index + 1] === true) return;
    const recomputed = computed[index];
    const isLinked =
      linkedHashes.has(entry.hash) || (recomputed !== undefined && linkedHashes.has(recomputed));
    if (!isLinked) {
      report(
        entry.seq,
        'broken-link',
        `no entry links to entry ${entry.seq}: it was inserted into the log`,
      );
    }
  });
}

function checkHead(
  sorted: readonly VerifiableCustodyEntry[],
  head: CustodyHead,
  report: Report,
): void {
  const last = sorted.at(-1);
  const lastSeq = last?.seq ?? 0;
  const lastHash = last?.hash ?? GENESIS_HASH;
  if (head.seq > lastSeq) {
    report(
      lastSeq + 1,
      'head-mismatch',
      `the log ends at entry ${lastSeq} but its head records entry ${head.seq}: ${describeRange(lastSeq + 1, head.seq, 'is', 'are')} missing from the end`,
    );
  } else if (head.seq < lastSeq) {
    report(
      head.seq + 1,
      'head-mismatch',
      `${describeRange(head.seq + 1, lastSeq, 'was', 'were')} added after the head (entry ${head.seq}) without updating it`,
    );
  } else if (head.hash !== lastHash) {
    report(head.seq, 'head-mismatch', `entry ${head.seq} does not match the hash its head records`);
  }
}

function describeRange(
  first: number,
  last: number,
  singularVerb: string,
  pluralVerb: string,
): string {
  return first === last
    ? `entry ${first} ${singularVerb}`
    : `entries ${first} to ${last} ${pluralVerb}`;
}
