// The database's generation, held outside it too, so an older `sakshya.db` put back (a
// `.before-rebuild-*` copy, a snapshot) is noticed instead of silently dropping later evidence.
//
// The generation is the custody log's head: its sequence number only grows, and its hash commits
// to every entry before it. `generation.json` beside the database holds the last head this vault
// saw, with an HMAC under the generation subkey (keys/subkeys.ts), so someone without the
// passphrase can neither forge a newer one nor roll it back to match an old database: they can
// only delete it, which the database's own 'vault.generation-started' entry then gives away.
//
// It is written when the vault opens (if the database is not older) and when it locks, and after
// rebuild or adoption (an explicit act of the unlocked user). Not after every commit: that would
// cost an atomic write and its fsyncs per commit. So after a crash, what was added since the last
// unlock is not covered, until the next lock.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readCustodyHead } from '../custody/custody-log';
import { writeFileAtomic } from '../fs/atomic-write';
import type { Vault } from './vault';

const FORMAT = 'sakshya-generation/1';
export const GENERATION_STARTED = 'vault.generation-started';

const GenerationFileSchema = z.object({
  format: z.literal(FORMAT),
  seq: z.number().int().nonnegative(),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  writtenAt: z.string(),
  mac: z.string(),
});

export type GenerationFinding =
  | { status: 'ok' | 'not-started' }
  | {
      status: 'older-database' | 'other-database' | 'missing' | 'forged';
      /** Plain words for check and for the warning at unlock. */
      message: string;
    };

export function generationFile(root: string): string {
  return path.join(root, 'generation.json');
}

function describeMacInput(seq: number, head: string): string {
  return `${FORMAT}\n${String(seq)}\n${head}`;
}

/** Compares the open database with the generation recorded outside it. */
export function inspectGeneration(vault: Vault): GenerationFinding {
  const file = generationFile(vault.layout.root);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    const started = vault.db
      .prepare<[string], { seq: number }>('SELECT seq FROM custody_log WHERE action = ? LIMIT 1')
      .get(GENERATION_STARTED);
    if (started === undefined) return { status: 'not-started' };
    return {
      status: 'missing',
      message:
        'generation.json, which records how new the database last was, has been deleted; an older copy of the database may have been put back',
    };
  }
  const parsed = GenerationFileSchema.safeParse(safeParseJson(text));
  if (
    !parsed.success ||
    !vault.verifySubkeyMac(
      'generation-mac',
      describeMacInput(parsed.data.seq, parsed.data.head),
      parsed.data.mac,
    )
  ) {
    return {
      status: 'forged',
      message:
        'generation.json was not written by this vault (its authentication code does not match); it was replaced or damaged',
    };
  }
  const recorded = parsed.data;
  const head = readCustodyHead(vault.db);
  const seq = head?.seq ?? 0;
  if (seq < recorded.seq) {
    return {
      status: 'older-database',
      message: `the database is older than the one this vault last used: its custody log ends at entry ${String(seq)}, but entry ${String(recorded.seq)} was recorded by ${recorded.writtenAt}; evidence added since may be missing from it. Run \`sakshya check\`, then \`sakshya rebuild\` (or \`sakshya rebuild --adopt-orphans\`) to bring it back`,
    };
  }
  const entry = vault.db
    .prepare<[number], { hash: string }>('SELECT hash FROM custody_log WHERE seq = ?')
    .get(recorded.seq);
  if (recorded.seq > 0 && entry?.hash !== recorded.head) {
    return {
      status: 'other-database',
      message: `the database is not the one this vault last used: its custody entry ${String(recorded.seq)} differs from the one recorded by ${recorded.writtenAt}. Run \`sakshya check\`, then \`sakshya rebuild\` to bring the evidence back`,
    };
  }
  return { status: 'ok' };
}

/** Records the database's current head outside it, authenticated; atomic. */
export function writeGeneration(vault: Vault): void {
  const head = readCustodyHead(vault.db);
  const seq = head?.seq ?? 0;
  const hash = head?.hash ?? '0'.repeat(64);
  const mac = vault.macWithSubkey('generation-mac', describeMacInput(seq, hash));
  const data = { format: FORMAT, seq, head: hash, writtenAt: new Date().toISOString(), mac };
  writeFileAtomic(generationFile(vault.layout.root), `${JSON.stringify(data, null, 2)}\n`);
}

/**
 * Makes this database the vault's current generation: an explicit act of the unlocked user (first
 * unlock of an older vault, a rebuild, accepting an older database after adopting its orphans).
 */
export function startGeneration(vault: Vault, reason: string): void {
  vault.record(GENERATION_STARTED, 'vault', { reason });
  writeGeneration(vault);
}

function safeParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
