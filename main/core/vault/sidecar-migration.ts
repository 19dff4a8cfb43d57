// Sidecars written before they carried a MAC (sidecars.ts) cannot be told apart from planted
// ones, so rebuild refuses them. Once, at the first unlock by this version, the unlocked user's
// database (authenticated by its own key) is taken as the truth: every case and evidence sidecar
// is written again from its row, with a MAC, and the custody log says so. A sidecar without a
// MAC whose record is not in the database is left alone: `check` names it, rebuild refuses it.
import { CasesRepository } from '../db/repositories/cases';
import { EvidenceRepository } from '../db/repositories/evidence';
import { writeCaseSidecar, writeEvidenceSidecarsSync } from './sidecars';
import type { Vault } from './vault';

export const SIDECARS_AUTHENTICATED = 'vault.sidecars-authenticated';
const BATCH = 256;

/** True when this vault's sidecars were (re)written with MACs: at creation or by a migration. */
export function hasAuthenticatedSidecars(vault: Vault): boolean {
  return (
    vault.db
      .prepare<[string], { seq: number }>('SELECT seq FROM custody_log WHERE action = ? LIMIT 1')
      .get(SIDECARS_AUTHENTICATED) !== undefined
  );
}

/** Re-authenticates every sidecar from the database, once; null when it was already done. */
export function authenticateOldSidecars(vault: Vault): { cases: number; evidence: number } | null {
  if (hasAuthenticatedSidecars(vault)) return null;
  const keys = vault.sidecarKeys();
  const cases = new CasesRepository(vault.db).list();
  for (const record of cases) writeCaseSidecar(vault.layout, keys, record);
  const evidence = new EvidenceRepository(vault.db).listAll();
  for (let at = 0; at < evidence.length; at += BATCH) {
    writeEvidenceSidecarsSync(vault.layout, keys, evidence.slice(at, at + BATCH));
  }
  const counts = { cases: cases.length, evidence: evidence.length };
  vault.record(SIDECARS_AUTHENTICATED, 'vault', counts);
  return counts;
}
