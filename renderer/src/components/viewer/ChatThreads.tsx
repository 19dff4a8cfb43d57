// An export holding several threads: first the list of them, then the chosen one in the one
// conversation view (ChatView), with a way back to the list. The thread's lines are asked for only
// when she opens it, so a backup of many numbers never sends every message at once.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatConversation, ChatLine, ChatThread } from '../../../../shared/contract/viewer';
import { useApi } from '../../api/api-context';
import { ChatThreadList } from './ChatThreadList';
import { ChatView } from './ChatView';

export interface ChatThreadsProps {
  /** The export's answer with its threads and no lines. */
  list: ChatConversation;
  onShowOnTimeline?: (line: ChatLine) => void;
}

type Opened =
  | { state: 'list' }
  | { state: 'loading'; thread: ChatThread }
  | { state: 'failed'; thread: ChatThread }
  | { state: 'open'; thread: ChatThread; chat: ChatConversation };

export function ChatThreads({ list, onShowOnTimeline }: ChatThreadsProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [opened, setOpened] = useState<Opened>({ state: 'list' });
  const choose = (thread: ChatThread): void => {
    setOpened({ state: 'loading', thread });
    void api.evidence.chat({ evidenceId: list.evidenceId, thread: thread.key }).then((result) => {
      setOpened((current) =>
        current.state !== 'loading' || current.thread.key !== thread.key
          ? current
          : result.ok
            ? { state: 'open', thread, chat: result.value }
            : { state: 'failed', thread },
      );
    });
  };
  if (opened.state === 'list') {
    return (
      <ChatThreadList
        threads={list.threads ?? []}
        timezone={list.timezone}
        channel={list.channel}
        onChoose={choose}
      />
    );
  }
  return (
    <div className="chat-thread-open">
      <button
        type="button"
        className="button small"
        onClick={() => {
          setOpened({ state: 'list' });
        }}
      >
        ← {t('viewer.threads.back')}
      </button>
      {opened.state === 'loading' && (
        <p className="muted" role="status">
          {t('viewer.threads.opening')}
        </p>
      )}
      {opened.state === 'failed' && <p className="notice">{t('viewer.threads.failed')}</p>}
      {opened.state === 'open' && (
        <ChatView
          key={opened.thread.key}
          chat={opened.chat}
          {...(onShowOnTimeline === undefined ? {} : { onShowOnTimeline })}
        />
      )}
    </div>
  );
}
