// A chat export as a conversation: bubbles with the sender and the time on the case's clock, the
// pictures and voice notes it sent in place, a search within it, and from each message a link to its
// place on the timeline. Long chats (tens of thousands of lines) scroll in a virtualized list
// (@tanstack/react-virtual); rows are measured as drawn, since messages differ in height.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatConversation, ChatLine } from '../../../../shared/contract/viewer';
import { readLanguage } from '../../i18n';
import { formatCaseDateTime } from '../../lib/format-date';
import { SourceLabel } from '../timeline/SourceLabel';
import { ChatAttachment } from './ChatAttachment';

export interface ChatViewProps {
  /** Her own lines come marked `outgoing` by the core, which decides her side. */
  chat: ChatConversation;
  onShowOnTimeline?: (line: ChatLine) => void;
}

export function ChatView({ chat, onShowOnTimeline }: ChatViewProps) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const words = query.trim().toLocaleLowerCase();
  const lines = useMemo(
    () =>
      words === ''
        ? chat.lines
        : chat.lines.filter(
            (line) =>
              line.text.toLocaleLowerCase().includes(words) ||
              (line.sender ?? '').toLocaleLowerCase().includes(words),
          ),
    [chat.lines, words],
  );
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualizer hands back fresh values on every scroll, so the React compiler leaves this
  // component as it is (as it does TimelineList); nothing here is memoized by hand around it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 84,
    overscan: 8,
    getItemKey: (index) => lines[index]?.eventId ?? index,
  });

  return (
    <section className="chat-view" aria-labelledby={`${id}-title`} data-testid="chat-view">
      <div className="chat-tools">
        <h3 id={`${id}-title`} className="chat-title">
          {t('viewer.chat.title', { count: chat.lines.length })}{' '}
          <SourceLabel channel={chat.channel} />
        </h3>
        <label htmlFor={`${id}-search`} className="visually-hidden">
          {t('viewer.chat.search')}
        </label>
        <input
          id={`${id}-search`}
          type="search"
          placeholder={t('viewer.chat.search')}
          value={query}
          maxLength={200}
          onChange={(event) => {
            setQuery(event.target.value);
          }}
        />
      </div>
      {words !== '' && (
        <p className="muted small" role="status">
          {t('viewer.chat.found', { count: lines.length })}
        </p>
      )}
      {chat.cut && <p className="notice small">{t('viewer.chat.cut')}</p>}
      <div
        ref={scroller}
        className="chat-scroller"
        role="log"
        aria-label={t('viewer.chat.label')}
        tabIndex={0}
      >
        <div className="chat-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const line = lines[item.index];
            if (line === undefined) return null;
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="chat-row"
                style={{ transform: `translateY(${String(item.start)}px)` }}
              >
                <Bubble
                  line={line}
                  timezone={chat.timezone}
                  mine={line.outgoing === true}
                  {...(onShowOnTimeline === undefined ? {} : { onShowOnTimeline })}
                />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

interface BubbleProps {
  line: ChatLine;
  timezone: string;
  mine: boolean;
  onShowOnTimeline?: (line: ChatLine) => void;
}

function Bubble({ line, timezone, mine, onShowOnTimeline }: BubbleProps) {
  const { t, i18n } = useTranslation();
  const when = formatCaseDateTime(line.at, timezone, readLanguage(i18n));
  if (line.isSystem) {
    return (
      <p className="chat-system muted small">
        {line.text} · <time dateTime={line.local}>{when}</time>
      </p>
    );
  }
  // The file names the export writes ("IMG-… (file attached)") are said by the attachments below.
  const text = line.attachments.length > 0 ? stripAttachmentNote(line.text) : line.text;
  return (
    <article className="chat-bubble" data-mine={mine} data-testid="chat-bubble">
      <header className="chat-meta">
        <strong className="chat-sender">
          {line.sender ??
            (line.outgoing === true ? t('viewer.chat.you') : t('viewer.chat.unknownSender'))}
        </strong>{' '}
        <time dateTime={line.local}>{when}</time>
      </header>
      {text !== '' && <p className="chat-text prewrap">{text}</p>}
      {line.attachments.map((file) => (
        <ChatAttachment key={file.name} file={file} />
      ))}
      {onShowOnTimeline !== undefined && (
        <button
          type="button"
          className="link-button small"
          onClick={() => {
            onShowOnTimeline(line);
          }}
        >
          {t('viewer.chat.onTimeline')}
        </button>
      )}
    </article>
  );
}

function stripAttachmentNote(text: string): string {
  return text
    .split('\n')
    .filter(
      (row) => !/\((?:file attached|फ़ाइल संलग्न)\)\s*$/i.test(row) && !/^<attached: .*>$/.test(row),
    )
    .join('\n')
    .trim();
}
