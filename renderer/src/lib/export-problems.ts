// What a bundle check found, in words Meera and her lawyer can read in either language. The core
// names each problem with a code (main/core/export/verify-bundle.ts; its sentence is English only);
// the page maps codes to its own texts and falls back to a plain "does not match" for a new one.
import type { VerifyReport } from '../../../shared/contract/export';

export const PROBLEM_KINDS = [
  'changed',
  'missing',
  'extra',
  'manifest',
  'tagChanged',
  'oxum',
  'custody',
  'signatureInvalid',
  'signatureMissing',
  'signerMismatch',
  'structure',
  'other',
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

const BY_CODE: Partial<Record<string, ProblemKind>> = {
  'hash-mismatch': 'changed',
  'missing-file': 'missing',
  'extra-file': 'extra',
  'manifest-line': 'manifest',
  tagmanifest: 'tagChanged',
  oxum: 'oxum',
  'custody-chain': 'custody',
  bagit: 'structure',
  zip: 'structure',
  'signer-mismatch': 'signerMismatch',
};

export function classifyProblem(code: string, signature: VerifyReport['signature']): ProblemKind {
  if (code === 'signature')
    return signature === 'missing' ? 'signatureMissing' : 'signatureInvalid';
  return BY_CODE[code] ?? 'other';
}
