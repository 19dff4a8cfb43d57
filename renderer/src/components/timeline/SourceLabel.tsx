// Where an entry came from, as a small symbol and a word (WhatsApp, Telegram, e-mail…); the symbol
// is decoration only, the word says it.
import { useTranslation } from 'react-i18next';
import { ENTRY_CHANNELS, type EntryChannel } from '../../../../shared/contract/timeline';

const SYMBOLS: Record<EntryChannel, string> = {
  whatsapp: '◉',
  telegram: '➤',
  instagram: '◎',
  messenger: '◌',
  email: '@',
  sms: '✉',
  'call-log': '☎',
  typed: '✎',
};

export function SourceLabel({ channel }: { channel: string | null | undefined }) {
  const { t } = useTranslation();
  const known = ENTRY_CHANNELS.find((item) => item === channel);
  if (known === undefined) return null;
  return (
    <span className="timeline-source small muted" data-channel={known} data-testid="entry-source">
      <span aria-hidden="true">{SYMBOLS[known]}</span> {t(`timeline.channels.${known}`)}
    </span>
  );
}
