// A chat export as a conversation: bubbles with the sender and the time on the case's clock, the
// pictures and voice notes it sent in place, a search within it, and from each message a link to its
// place on the timeline. Long chats (tens of thousands of lines) scroll in a virtualized list
// (@tanstack/react-virtual); rows are measured as drawn, since messages differ in height.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatConversation, ChatLine } from '../../../../shared/contract/viewer';
import { useApi } from '../../api/api-context';
import { readLanguage } from '../../i18n';
import { formatCaseDateTime } from '../../lib/format-date';
import { SourceLabel } from '../timeline/SourceLabel';

export interface ChatViewProps {
  chat: ChatConversation;
  /** The sender she is (asked on import); her bubbles sit on the other side. */
  me?: string | null;
  onShowOnTimeline?: (line: ChatLine) => void;
}

export function ChatView({ chat, me = null, onShowOnTimeline }: ChatViewProps) {
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
                  mine={line.outgoing === true || (me !== null && line.sender === me)}
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
        <Attachment key={file.name} file={file} />
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

function Attachment({ file }: { file: ChatLine['attachments'][number] }) {
  const { t } = useTranslation();
  if (file.evidenceId === null) {
    return <p className="muted small">{t('viewer.chat.missingFile', { name: file.name })}</p>;
  }
  if (file.mediaType?.startsWith('audio/') === true) {
    return <VoiceNote evidenceId={file.evidenceId} name={file.name} />;
  }
  if (file.mediaType?.startsWith('image/') === true) {
    return <ChatPicture evidenceId={file.evidenceId} name={file.name} />;
  }
  return <p className="small">📎 {file.name}</p>;
}

function ChatPicture({ evidenceId, name }: { evidenceId: string; name: string }) {
  const api = useApi();
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.evidence.thumbnail({ evidenceId }).then((result) => {
      if (live && result.ok) setSrc(result.value.dataUrl);
    });
    return () => {
      live = false;
    };
  }, [api, evidenceId]);
  if (src === null) return <p className="muted small">🖼 {name}</p>;
  return <img className="chat-picture" src={src} alt={t('viewer.chat.picture', { name })} />;
}

/** The voice note is decrypted only when she asks to play it, and held in memory as a blob. */
function VoiceNote({ evidenceId, name }: { evidenceId: string; name: string }) {
  const api = useApi();
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'loading' | 'failed' | { url: string }>('idle');
  useEffect(() => {
    return () => {
      if (typeof state === 'object') URL.revokeObjectURL(state.url);
    };
  }, [state]);
  const load = async (): Promise<void> => {
    setState('loading');
    const result = await api.evidence.view({ evidenceId });
    if (!result.ok || result.value.kind !== 'audio') {
      setState('failed');
      return;
    }
    setState({ url: URL.createObjectURL(dataUrlToBlob(result.value.dataUrl)) });
  };
  if (typeof state === 'object') {
    return (
      <audio
        className="chat-audio"
        controls
        autoPlay
        src={state.url}
        aria-label={t('viewer.chat.voice', { name })}
      />
    );
  }
  return (
    <p className="chat-voice">
      <button
        type="button"
        className="button small"
        disabled={state === 'loading'}
        onClick={() => {
          void load();
        }}
      >
        ▶ {t('viewer.chat.play')}
      </button>{' '}
      <span className="muted small">{name}</span>
      {state === 'failed' && <span className="small"> · {t('viewer.chat.playFailed')}</span>}
    </p>
  );
}

/** A data: URL's bytes as a Blob, without fetch (the page may only connect to itself). */
export function dataUrlToBlob(dataUrl: string): Blob {
  const comma = dataUrl.indexOf(',');
  const type = /^data:([^;,]+)/.exec(dataUrl)?.[1] ?? 'application/octet-stream';
  const binary = atob(dataUrl.slice(comma + 1));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return new Blob([bytes], { type });
}
