// What kind an entry is, as a small symbol and a word; the symbol is decoration only.
import { useTranslation } from 'react-i18next';
import { safeKind } from '../../lib/timeline-text';

const SYMBOLS: Record<string, string> = {
  call: '☎',
  message: '✉',
  visit: '⌂',
  threat: '⚠',
  post: '◎',
  screenshot: '▣',
  photo: '▧',
  document: '▤',
  audio: '♪',
  video: '▶',
  step: '✓',
};

export function KindLabel({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return (
    <span className="timeline-kind" data-kind={kind}>
      <span aria-hidden="true">{SYMBOLS[kind] ?? '•'}</span> {t(`timeline.kinds.${safeKind(kind)}`)}
    </span>
  );
}
