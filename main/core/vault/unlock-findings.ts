// What an unlock looks for besides the generation (generation.ts): sidecars whose record the
// database does not list. Only those are decrypted, so the cost at unlock is one directory listing
// per kind plus the few files that do not belong; `check` still authenticates every sidecar.
//
// A sidecar the database lists was written by the unlocked user and is covered by `check`. One it
// does not list is either planted (it fails authentication: never used, and named) or real
// evidence the database has lost (an older database put back, or an import cut short).
import type { Case } from '../../../shared/domain';
import type { VaultWarning } from '../../../shared/contract/vault';
import type { GenerationFinding } from './generation';
import {
  listSidecarIds,
  readCaseSidecar,
  readEvidenceSidecar,
  type EvidenceWithBlob,
  type SidecarRead,
} from './sidecars';
import type { Vault } from './vault';

export interface UnlistedSidecars {
  cases: SidecarRead<Case>[];
  evidence: SidecarRead<EvidenceWithBlob>[];
}

/** Sidecars (case and evidence) whose id the open database does not list, read and authenticated. */
export function findUnlistedSidecars(vault: Vault): UnlistedSidecars {
  const verifier = vault.sidecarVerifier();
  const listed = (table: 'cases' | 'evidence'): Set<string> =>
    new Set(
      vault.db
        .prepare<[], { id: string }>(`SELECT id FROM ${table}`)
        .all()
        .map((row) => row.id),
    );
  const cases = listed('cases');
  const evidence = listed('evidence');
  return {
    cases: listSidecarIds(vault.layout, 'case')
      .filter((id) => !cases.has(id))
      .map((id) => readCaseSidecar(vault.layout, verifier, id)),
    evidence: listSidecarIds(vault.layout, 'evidence')
      .filter((id) => !evidence.has(id))
      .map((id) => readEvidenceSidecar(vault.layout, verifier, id)),
  };
}

const GENERATION_WARNINGS = {
  'older-database': 'database-older',
  'other-database': 'database-other',
  missing: 'generation-missing',
  forged: 'generation-forged',
} as const;

/** The unlock's findings as the closed list of warnings the CLI prints and the window shows. */
export function describeUnlockWarnings(
  generation: GenerationFinding,
  unlisted: UnlistedSidecars,
  broughtBack: readonly { subject: string; originalName: string }[] = [],
  recoveryFileProblem: string | null = null,
): VaultWarning[] {
  const warnings: VaultWarning[] = [];
  if (recoveryFileProblem !== null)
    warnings.push({
      code: 'recovery-file',
      items: ['keys/recovery.age'],
      detail: recoveryFileProblem,
    });
  if ('message' in generation)
    warnings.push({ code: GENERATION_WARNINGS[generation.status], detail: generation.message });
  if (broughtBack.length > 0) {
    const items = broughtBack.map((item) => `${item.subject} ("${item.originalName}")`);
    const names = items.join(', ');
    warnings.push({
      code: 'evidence-brought-back',
      items,
      detail: `${String(broughtBack.length)} evidence record(s) were in the vault, whole and authentic, but missing from the database (an import cut short, or an older database put back); they were brought back and logged as evidence.adopted-at-unlock: ${names}`,
    });
  }
  const missing = unlisted.evidence.filter((read) => read.status === 'authentic');
  if (missing.length > 0) {
    const items = missing.map((read) => `evidence:${read.id}`);
    const names = items.join(', ');
    warnings.push({
      code: 'evidence-missing',
      items,
      detail: `${String(missing.length)} evidence record(s) written by this vault are missing from the database and could not be brought back (their stored file is missing or damaged, or their case is unknown, or they repeat evidence already listed): ${names}. Run \`sakshya check\` for each one's reason`,
    });
  }
  const foreign = [
    ...unlisted.cases.map((read) => ({ kind: 'case', read })),
    ...unlisted.evidence.map((read) => ({ kind: 'evidence', read })),
  ].filter((item) => item.read.status !== 'authentic');
  if (foreign.length > 0) {
    const items = foreign.map((item) => `sidecar:${item.kind}/${item.read.id}`);
    const names = items.join(', ');
    warnings.push({
      code: 'sidecar-not-authentic',
      items,
      detail: `${String(foreign.length)} record file(s) in sidecars/ were not written by this vault (planted or damaged): ${names}. They are not evidence and are never used; \`sakshya check\` names each one`,
    });
  }
  return warnings;
}
