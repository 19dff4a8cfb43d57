// The threads inside one export (an SMS backup, a Telegram account, an Instagram or Messenger zip):
// a calm list, newest first, each with the other person's name or number, how many messages and the
// date of the last one. Choosing one opens it in the same conversation view as a WhatsApp chat.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatThread } from '../../../../shared/contract/viewer';
import { readLanguage } from '../../i18n';
import { formatCaseDateTime } from '../../lib/format-date';
import { showPhoneNumber } from '../../lib/show-phone-number';
import { SourceLabel } from '../timeline/SourceLabel';

export interface ChatThreadListProps {
  threads: ChatThread[];
  timezone: string;
  channel: string | null | undefined;
  onChoose: (thread: ChatThread) => void;
}

export function ChatThreadList({ threads, timezone, channel, onChoose }: ChatThreadListProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const language = readLanguage(i18n);
  return (
    <section className="chat-threads" aria-labelledby={id} data-testid="chat-threads">
      <h3 id={id} className="chat-title">
        {t('viewer.threads.title', { count: threads.length })} <SourceLabel channel={channel} />
      </h3>
      <p className="muted">{t('viewer.threads.hint')}</p>
      <ul className="chat-thread-list">
        {threads.map((thread) => {
          const number = thread.number === null ? null : showPhoneNumber(thread.number);
          const who = thread.name ?? number ?? t('viewer.threads.unnamed');
          const last = formatCaseDateTime(thread.lastAt, timezone, language);
          return (
            <li key={thread.key}>
              <button
                type="button"
                className="chat-thread"
                data-testid="chat-thread"
                onClick={() => {
                  onChoose(thread);
                }}
              >
                <strong className="chat-thread-name">{who}</strong>
                {thread.name !== null && number !== null && (
                  <span className="muted small">{number}</span>
                )}
                <span className="chat-thread-facts small">
                  {t('viewer.threads.messages', { count: thread.messages })} ·{' '}
                  <time dateTime={thread.lastLocal}>
                    {t('viewer.threads.last', { when: last })}
                  </time>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
