// Where an entry came from (a WhatsApp chat, an SMS, the phone's call log, typed in by her, a file),
// as a small symbol and a word; the symbol is decoration only.
import { useTranslation } from 'react-i18next';

const ORIGINS = ['whatsapp', 'sms', 'phone-log', 'logged', 'file', 'other'] as const;
type Origin = (typeof ORIGINS)[number];

const SYMBOLS: Record<Origin, string> = {
  whatsapp: '◍',
  sms: '✉',
  'phone-log': '☏',
  logged: '✎',
  file: '▤',
  other: '•',
};

function readOrigin(origin: string | undefined): Origin {
  return (ORIGINS as readonly string[]).includes(origin ?? '') ? (origin as Origin) : 'other';
}

export function OriginLabel({ origin }: { origin: string | undefined }) {
  const { t } = useTranslation();
  const known = readOrigin(origin);
  return (
    <span className="timeline-origin muted small" data-origin={known} data-testid="entry-origin">
      <span aria-hidden="true">{SYMBOLS[known]}</span> {t(`timeline.origins.${known}`)}
    </span>
  );
}
