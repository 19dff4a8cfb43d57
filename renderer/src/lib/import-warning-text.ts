// Import warnings are stored with the evidence as English sentences (shared/import-warnings.ts);
// here a known sentence becomes its words in the window's language. A sentence this version does
// not know is shown as it was stored, never hidden.
import type { TFunction } from 'i18next';
import { matchImportWarning } from '../../../shared/import-warnings';

export function describeImportWarning(text: string, t: TFunction): string {
  const found = matchImportWarning(text);
  if (found === null) return text;
  const { chunk = '', reason = '' } = found.params;
  return t(`viewer.importWarning.${found.code}`, { chunk, reason });
}
