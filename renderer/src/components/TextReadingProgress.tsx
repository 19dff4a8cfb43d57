// A calm line while the computer reads the text in screenshots in the background ("Reading text in
// 212 screenshots…"), with a way to stop it. Nothing waits for it; it goes away when done. While
// the reading waits for an import to finish (core/ocr/import-quiet.ts), it says so instead of
// claiming to read.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TextProgressPayload } from '../../../shared/contract/text';
import { useApi } from '../api/api-context';

export function TextReadingProgress() {
  const { t } = useTranslation();
  const api = useApi();
  const [progress, setProgress] = useState<TextProgressPayload | null>(null);

  useEffect(() => {
    let cancelled = false;
    void api.text.status({}).then((result) => {
      if (!cancelled && result.ok) setProgress((current) => current ?? result.value);
    });
    const stop = api.on('text:progress', (payload) => {
      setProgress(payload);
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [api]);

  if (progress?.state !== 'reading' && progress?.state !== 'waiting') return null;
  const remaining = progress.total - progress.done;
  if (remaining <= 0) return null;
  const waiting = progress.state === 'waiting';
  return (
    <p
      className="text-reading muted small"
      role="status"
      data-testid="text-reading-progress"
      data-state={progress.state}
    >
      {/* No spinner while waiting: nothing is being read yet. */}
      {!waiting && <span className="viewer-spinner" aria-hidden="true" />}{' '}
      {t(waiting ? 'viewer.readText.waiting' : 'viewer.readText.progress', { count: remaining })}{' '}
      <button
        type="button"
        className="button quiet small"
        onClick={() => {
          void api.text.cancel({});
        }}
      >
        {/* While waiting nothing is being read, so "Stop reading" would not fit: the same
            action (the queue is let go) in words for a wait. */}
        {t(waiting ? 'viewer.readText.cancelWaiting' : 'viewer.readText.cancel')}
      </button>
    </p>
  );
}
