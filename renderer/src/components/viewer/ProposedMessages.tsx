// The messages the computer read from a chat screenshot, beside the picture. Proposed ones are shown
// in a distinct, calm style ("proposed: read from this screenshot") and count for nothing until she
// confirms them, one by one or all at once, or corrects one (its time and text). Confirmed ones
// show as plain messages; their flags are on the timeline, like a chat export's.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenshotMessageView } from '../../../../shared/contract/messages';
import { useApi } from '../../api/api-context';
import { DateInWords } from '../DateInWords';
import { readLocale } from '../../lib/format-date';

interface Props {
  caseId: string;
  evidenceId: string;
  name: string;
  /** Changes when the picture's text was read again, so the list reloads. */
  version: string;
  /** After a confirmation or correction, so the caller can reload its timeline. */
  onChanged?: () => void;
}

export function ProposedMessages({ caseId, evidenceId, name, version, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [messages, setMessages] = useState<{ id: string; list: ScreenshotMessageView[] } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);

  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let cancelled = false;
    void api.messages.list({ caseId, evidenceId }).then((result) => {
      if (!cancelled && result.ok) setMessages({ id: evidenceId, list: result.value });
    });
    return () => {
      cancelled = true;
    };
  }, [api, caseId, evidenceId, version, reloads]);

  const list = messages?.id === evidenceId ? messages.list : [];
  if (list.length === 0) return null;
  const proposed = list.filter((one) => one.status === 'proposed');

  const act = async (run: () => Promise<{ ok: boolean }>): Promise<void> => {
    setBusy(true);
    setFailed(false);
    const result = await run();
    setBusy(false);
    if (!result.ok) {
      setFailed(true);
      return;
    }
    setEditing(null);
    setReloads((count) => count + 1);
    onChanged?.();
  };

  return (
    <section className="viewer-section proposed-messages" data-testid="proposed-messages">
      <h3>{t('viewer.proposed.title')}</h3>
      {proposed.length > 0 && (
        <>
          <p className="muted small">{t('viewer.proposed.intro', { name })}</p>
          <p className="viewer-text-label muted small">{t('viewer.readText.machineLabel')}</p>
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => {
              void act(() => api.messages.confirm({ caseId, all: true }));
            }}
          >
            {t('viewer.proposed.confirmAll', { count: proposed.length })}
          </button>
        </>
      )}
      <ol className="proposed-list">
        {list.map((message) => (
          <li
            key={message.id}
            className="proposed-message"
            data-status={message.status}
            data-side={message.side}
            data-testid="proposed-message"
          >
            <p className="proposed-meta small">
              {message.status === 'proposed' ? (
                <span className="proposed-badge">{t('viewer.proposed.badge')}</span>
              ) : (
                <span className="muted">
                  {t(message.corrected ? 'viewer.proposed.corrected' : 'viewer.proposed.confirmed')}
                </span>
              )}
              <br />
              <span className="muted">
                {t(`viewer.proposed.side.${message.side}`, { sender: message.sender ?? '' })} ·{' '}
                <time dateTime={message.occurredAt}>
                  {describeLocal(message.localTime, i18n.language)}
                </time>
              </span>
            </p>
            {editing === message.id ? (
              <CorrectForm
                message={message}
                busy={busy}
                onCancel={() => {
                  setEditing(null);
                }}
                onSave={(at, text) => {
                  void act(() => api.messages.correct({ id: message.id, at, text }));
                }}
              />
            ) : (
              <>
                <p className="proposed-text">{message.text}</p>
                {message.status === 'proposed' && (
                  <div className="proposed-actions">
                    <button
                      type="button"
                      className="button small"
                      disabled={busy}
                      onClick={() => {
                        void act(() => api.messages.confirm({ caseId, ids: [message.id] }));
                      }}
                    >
                      {t('viewer.proposed.confirm')}
                    </button>
                    <button
                      type="button"
                      className="button quiet small"
                      disabled={busy}
                      onClick={() => {
                        setEditing(message.id);
                      }}
                    >
                      {t('viewer.proposed.correct')}
                    </button>
                  </div>
                )}
              </>
            )}
          </li>
        ))}
      </ol>
      {failed && (
        <p className="problem small" role="alert">
          {t('viewer.proposed.failed')}
        </p>
      )}
    </section>
  );
}

function CorrectForm({
  message,
  busy,
  onCancel,
  onSave,
}: {
  message: ScreenshotMessageView;
  busy: boolean;
  onCancel: () => void;
  onSave: (at: string, text: string) => void;
}) {
  const { t } = useTranslation();
  const [local, setLocal] = useState(message.localTime.replace(' ', 'T'));
  const [text, setText] = useState(message.text);
  return (
    <form
      className="proposed-correct"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(toInstant(local, message), text.trim());
      }}
    >
      <label>
        <span className="small">{t('viewer.proposed.time')}</span>
        <input
          type="datetime-local"
          required
          value={local}
          onChange={(event) => {
            setLocal(event.target.value);
          }}
        />
        <DateInWords date={local.slice(0, 10)} time={local.slice(11, 16)} />
      </label>
      <label>
        <span className="small">{t('viewer.proposed.text')}</span>
        <textarea
          required
          rows={3}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
          }}
        />
      </label>
      <div className="proposed-actions">
        <button type="submit" className="button primary small" disabled={busy}>
          {t('viewer.proposed.saveCorrection')}
        </button>
        <button type="button" className="button quiet small" onClick={onCancel}>
          {t('viewer.proposed.cancel')}
        </button>
      </div>
    </form>
  );
}

/** "2024-05-12 21:41" as "12 May 2024, 21:41" (or in Hindi): the case's clock, as shown. */
function describeLocal(localTime: string, language: string): string {
  const [date = '', time = ''] = localTime.split(' ');
  const day = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(day)) return localTime;
  const shown = new Date(day).toLocaleDateString(readLocale(language === 'hi' ? 'hi' : 'en'), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `${shown}, ${time}`;
}

/**
 * A time typed on the case's clock as an instant with its offset. The offset is the one the case's
 * zone had at the message's own time (its local time against its UTC instant): the zone itself is
 * not known on this side, and a correction moves a message by minutes or days, not across zones.
 */
function toInstant(local: string, message: ScreenshotMessageView): string {
  const shownAsUtc = Date.parse(`${message.localTime.replace(' ', 'T')}:00Z`);
  const offsetMinutes = Math.round((shownAsUtc - Date.parse(message.occurredAt)) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local.slice(0, 16)}:00${sign}${hh}:${mm}`;
}
