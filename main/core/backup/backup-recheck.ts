// Which objects already in the backup folder a backup hashes again although their stamps are the
// ones it recorded (trust review N1). A stamp (size, times, inode) cannot be put back on ext4, where
// nobody can set a change time; on NTFS (written from Windows, or through ntfs-3g/ntfs3) someone who
// can write the backup folder can overwrite an object in place and set all four back, so the stamp
// alone would trust garbage until a verify. So each backup hashes:
//   - a sample of the trusted objects, drawn with crypto randomness (nobody can know which), up to
//     RECHECK_BYTES_PER_RUN;
//   - every object, when FULL_RECHECK_EVERY_RUNS generations or FULL_RECHECK_EVERY_DAYS days have
//     passed since the last full check of that folder (or none is recorded), so every object is
//     hashed again within that many backups or days, whatever the sample drew.
// The record of the last full check lives in the vault's encrypted database, so nobody without the
// passphrase can put it off.
import crypto from 'node:crypto';
import { z } from 'zod';
import { SettingsRepository } from '../db/repositories/settings';
import type { Vault } from '../vault/vault';
import type { ManifestEntry } from './backup-layout';

/** A hash of 64 MiB costs ~50 ms from the page cache, ~2 s from a slow USB stick. */
export const RECHECK_BYTES_PER_RUN = 64 * 1024 * 1024;
export const FULL_RECHECK_EVERY_RUNS = 10;
export const FULL_RECHECK_EVERY_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

const FULL_CHECK_KEY = 'backup.fullCheck';
const MAX_FOLDERS = 32;
const FullCheckSchema = z.record(
  z.string(),
  z.object({ seq: z.number().int().nonnegative(), at: z.string() }),
);

export interface RecheckPlan {
  /** Objects (by SHA-256) hashed again this run, stamp or not. */
  objects: Set<string>;
  /** True when this run hashes every object (then recorded as the last full check). */
  full: boolean;
}

/**
 * The objects this run (generation `seq`, into `backupRoot`) hashes again among `entries` (the
 * last generation's). `budgetBytes` is RECHECK_BYTES_PER_RUN unless a test or the user says.
 */
export function planRechecks(
  vault: Vault,
  backupRoot: string,
  { seq, entries, budgetBytes = RECHECK_BYTES_PER_RUN, now = Date.now() }: RecheckInput,
): RecheckPlan {
  const last = new SettingsRepository(vault.db).get(FULL_CHECK_KEY, FullCheckSchema, {})[
    backupRoot
  ];
  const full =
    last === undefined ||
    seq - last.seq >= FULL_RECHECK_EVERY_RUNS ||
    !(now - Date.parse(last.at) < FULL_RECHECK_EVERY_DAYS * DAY_MS);
  const unique = new Map(entries.map((entry) => [entry.sha256, entry.size]));
  if (full) return { objects: new Set(unique.keys()), full };
  return { objects: drawSample(unique, budgetBytes), full };
}

interface RecheckInput {
  seq: number;
  entries: readonly ManifestEntry[];
  budgetBytes?: number | undefined;
  now?: number;
}

/**
 * Objects in a random order (Fisher-Yates with crypto.randomInt), taken while they fit in the
 * budget; one bigger than what is left is skipped (the full check covers it).
 */
export function drawSample(sizes: ReadonlyMap<string, number>, budgetBytes: number): Set<string> {
  const names = [...sizes.keys()];
  for (let i = names.length - 1; i > 0; i -= 1) {
    const j = crypto.randomInt(i + 1);
    const here = names[i];
    const there = names[j];
    if (here === undefined || there === undefined) continue;
    names[i] = there;
    names[j] = here;
  }
  const chosen = new Set<string>();
  let left = budgetBytes;
  for (const name of names) {
    const size = sizes.get(name) ?? 0;
    if (size > left) continue;
    chosen.add(name);
    left -= size;
    if (left <= 0) break;
  }
  return chosen;
}

/** After a published run that hashed every object: the next full check is counted from here. */
export function rememberFullCheck(
  vault: Vault,
  backupRoot: string,
  seq: number,
  now = Date.now(),
): void {
  const settings = new SettingsRepository(vault.db);
  const others = Object.entries(settings.get(FULL_CHECK_KEY, FullCheckSchema, {})).filter(
    ([root]) => root !== backupRoot,
  );
  const entry = { seq, at: new Date(now).toISOString() };
  settings.set(
    FULL_CHECK_KEY,
    Object.fromEntries([...others, [backupRoot, entry] as const].slice(-MAX_FOLDERS)),
  );
}
