// What a check or a refused restore found, one plain sentence each by code; the file's name inside
// the backup (opaque by design) and the core's English sentence wait behind "Technical details".
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BackupFinding } from '../../../../shared/contract/backup';

/** Beyond this many, the rest are counted, not listed: a wiped drive should not scroll forever. */
const MAX_LISTED = 20;

const KNOWN_CODES = [
  'missing',
  'hash-mismatch',
  'size-mismatch',
  'unexpected-file',
  'manifest-damaged',
  'manifest-forged',
  'snapshot-unreadable',
  'key-file-damaged',
  'unreadable',
  'sync-litter',
  'conflict-copy',
  'leftover-temp',
  'rolled-back',
] as const;
type KnownCode = (typeof KNOWN_CODES)[number];

function isKnownCode(code: string): code is KnownCode {
  return (KNOWN_CODES as readonly string[]).includes(code);
}

export function describeFinding(finding: BackupFinding, t: TFunction): string {
  return t(`backup.finding.${isKnownCode(finding.code) ? finding.code : 'other'}`);
}

interface Props {
  findings: readonly BackupFinding[];
  label: string;
}

export function FindingList({ findings, label }: Props) {
  const { t } = useTranslation();
  const shown = findings.slice(0, MAX_LISTED);
  const more = findings.length - shown.length;
  return (
    <>
      <ul className="finding-list" aria-label={label} data-testid="backup-findings">
        {shown.map((finding, index) => (
          <li key={`${finding.code}-${finding.file ?? ''}-${String(index)}`}>
            {describeFinding(finding, t)}
          </li>
        ))}
        {more > 0 && <li className="muted">{t('backup.finding.more', { count: more })}</li>}
      </ul>
      <details className="lawyer-details">
        <summary>{t('backup.details.summary')}</summary>
        <ul className="finding-tech">
          {findings.map((finding, index) => (
            <li key={`${finding.code}-${finding.file ?? ''}-${String(index)}`}>
              <code translate="no">{finding.code}</code>
              {finding.file !== null && (
                <>
                  {' '}
                  <code translate="no">{finding.file}</code>
                </>
              )}
              {' — '}
              <span lang="en">{finding.message}</span>
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
