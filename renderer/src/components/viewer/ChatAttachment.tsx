// A file a chat message sent, in place in its bubble: a picture as a thumbnail, a voice note or call
// recording playable, anything else as its name beside a line icon. The icons are inline SVG
// (FileTypeIcon), not emoji: an emoji such as the paperclip depends on the system's fonts and showed
// as an empty box in Debian's Chromium, which has no colour-emoji font.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatLine } from '../../../../shared/contract/viewer';
import { useApi } from '../../api/api-context';
import { describeFileKind, FileTypeIcon } from '../FileTypeIcon';

export function ChatAttachment({ file }: { file: ChatLine['attachments'][number] }) {
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
  return (
    <p className="small chat-file">
      <FileTypeIcon kind={describeFileKind(file.mediaType ?? '', file.name)} label="" /> {file.name}
    </p>
  );
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
  if (src === null) {
    return (
      <p className="muted small chat-file">
        <FileTypeIcon kind="image" label="" /> {name}
      </p>
    );
  }
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
