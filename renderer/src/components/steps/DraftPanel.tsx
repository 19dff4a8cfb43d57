// Complaint drafts: choose who it is for and the language, let Sakshya write a first draft from the
// case, edit it, see its length against the form's limit (and whether that limit is confirmed),
// save versions, copy, or save it as a text file or PDF.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DRAFT_KINDS,
  DRAFT_LANGUAGES,
  type DraftKind,
  type DraftLanguage,
  type DraftVersionView,
  type DraftView,
} from '../../../../shared/contract/steps';
import type { ErrorCode } from '../../../../shared/errors';
import { useApi } from '../../api/api-context';
import { readLanguage } from '../../i18n';
import { useErrorText } from '../../lib/error-text';
import { formatCaseDateTime } from '../../lib/format-date';
import { callSafely, offerDownload } from '../../lib/steps-api';

interface Props {
  caseId: string;
  timezone: string;
  /** Set by a step's "Write the complaint" button; the panel switches to that kind. */
  requestedKind: DraftKind | null;
}

type Message =
  | { kind: 'saved'; version: number }
  | { kind: 'copied' }
  | { kind: 'copyFailed' }
  | { kind: 'exported'; name: string }
  | { kind: 'error'; code: ErrorCode };

export function DraftPanel({ caseId, timezone, requestedKind }: Props) {
  const { t, i18n } = useTranslation();
  const appLanguage = readLanguage(i18n);
  const api = useApi();
  const errorText = useErrorText();
  const id = useId();
  const [kind, setKind] = useState<DraftKind>(requestedKind ?? 'police');
  const [lang, setLang] = useState<DraftLanguage>(appLanguage);
  const [draft, setDraft] = useState<DraftView | null>(null);
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState<'generate' | 'save' | 'export' | null>(null);
  const [versions, setVersions] = useState<DraftVersionView[]>([]);
  const [message, setMessage] = useState<Message | null>(null);

  // A step's "Write the complaint" button asks for its kind; follow each new request.
  const [lastRequest, setLastRequest] = useState(requestedKind);
  if (lastRequest !== requestedKind) {
    setLastRequest(requestedKind);
    if (requestedKind !== null) setKind(requestedKind);
  }

  const [versionsGeneration, setVersionsGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    void callSafely(() => api.draft.versions({ caseId, kind })).then((result) => {
      if (live) setVersions(result.ok ? result.value : []);
    });
    return () => {
      live = false;
    };
  }, [api, caseId, kind, versionsGeneration]);

  const generate = async (): Promise<void> => {
    setBusy('generate');
    setMessage(null);
    const result = await callSafely(() => api.draft.generate({ caseId, kind, lang }));
    setBusy(null);
    if (!result.ok) {
      setMessage({ kind: 'error', code: result.error.code });
      return;
    }
    setDraft(result.value);
    setBody(result.value.body);
  };

  const save = async (): Promise<void> => {
    setBusy('save');
    const result = await callSafely(() => api.draft.save({ caseId, kind, lang, body }));
    setBusy(null);
    if (!result.ok) {
      setMessage({ kind: 'error', code: result.error.code });
      return;
    }
    setMessage({ kind: 'saved', version: result.value.version });
    setVersionsGeneration((value) => value + 1);
  };

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(body);
      setMessage({ kind: 'copied' });
    } catch {
      setMessage({ kind: 'copyFailed' });
    }
  };

  const exportAs = async (format: 'txt' | 'pdf'): Promise<void> => {
    setBusy('export');
    setMessage(null);
    const result = await callSafely(() => api.draft.export({ caseId, kind, lang, body, format }));
    setBusy(null);
    if (!result.ok) {
      setMessage({ kind: 'error', code: result.error.code });
      return;
    }
    offerDownload(result.value.base64, result.value.fileName, result.value.mediaType);
    setMessage({ kind: 'exported', name: result.value.fileName });
  };

  const limit = draft?.kind === kind ? draft.limit : null;
  const count = body.length;
  return (
    <section className="card drafts" aria-labelledby={`${id}-title`} data-testid="draft-panel">
      <h3 id={`${id}-title`}>{t('steps.drafts.title')}</h3>
      <p className="hint">{t('steps.drafts.intro')}</p>
      <div className="drafts-choose">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('steps.drafts.kindLabel')}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(event) => {
              const next = DRAFT_KINDS.find((value) => value === event.target.value);
              if (next !== undefined) setKind(next);
            }}
          >
            {DRAFT_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`steps.drafts.kind.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-lang`}>{t('steps.drafts.langLabel')}</label>
          <select
            id={`${id}-lang`}
            value={lang}
            onChange={(event) => {
              const next = DRAFT_LANGUAGES.find((value) => value === event.target.value);
              if (next !== undefined) setLang(next);
            }}
          >
            {DRAFT_LANGUAGES.map((value) => (
              <option key={value} value={value} lang={value}>
                {t(`language.${value}`)}
              </option>
            ))}
          </select>
        </div>
        {/* One main button: once a draft is written, saving it is the next thing to do. */}
        <button
          type="button"
          className={draft === null ? 'button primary' : 'button'}
          disabled={busy !== null}
          onClick={() => {
            void generate();
          }}
        >
          {busy === 'generate' ? t('steps.drafts.generating') : t('steps.drafts.generate')}
        </button>
      </div>

      {draft !== null && (
        <>
          <div className="field">
            <label htmlFor={`${id}-text`}>{t('steps.drafts.textLabel')}</label>
            <textarea
              id={`${id}-text`}
              className="draft-text"
              rows={16}
              lang={lang}
              value={body}
              aria-describedby={`${id}-count`}
              onChange={(event) => {
                setBody(event.target.value);
              }}
              data-testid="draft-text"
            />
            <p className="hint draft-count" id={`${id}-count`} aria-live="polite">
              {limit === null ? (
                <>
                  {t('steps.drafts.count', { count })} · {t('steps.drafts.noLimit')}
                </>
              ) : (
                <>
                  <span data-over={count > limit.chars}>
                    {t('steps.drafts.limit', { count, limit: limit.chars })}
                  </span>
                  {!limit.confirmed && (
                    <> {t('steps.drafts.limitUnconfirmed', { limit: limit.chars })}</>
                  )}
                  {count > limit.chars && (
                    <strong className="draft-over"> {t('steps.drafts.overLimit')}</strong>
                  )}
                </>
              )}
            </p>
          </div>
          <div className="actions">
            <button
              type="button"
              className="button primary"
              disabled={busy !== null}
              onClick={() => {
                void save();
              }}
            >
              {t('steps.drafts.save')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                void copy();
              }}
            >
              {t('steps.drafts.copy')}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => {
                void exportAs('txt');
              }}
            >
              {t('steps.drafts.exportTxt')}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => {
                void exportAs('pdf');
              }}
            >
              {t('steps.drafts.exportPdf')}
            </button>
          </div>
        </>
      )}
      <div className="problem-slot" role="status">
        {busy === 'export' && <p className="status-line">{t('steps.drafts.exporting')}</p>}
        {message?.kind === 'saved' && (
          <p className="notice">{t('steps.drafts.saved', { version: message.version })}</p>
        )}
        {message?.kind === 'copied' && <p className="notice">{t('steps.drafts.copied')}</p>}
        {message?.kind === 'copyFailed' && (
          <p className="problem">{t('steps.drafts.copyFailed')}</p>
        )}
        {message?.kind === 'exported' && (
          <p className="notice">{t('steps.drafts.exported', { name: message.name })}</p>
        )}
        {message?.kind === 'error' && <p className="problem">{errorText(message.code)}</p>}
      </div>

      <h4>{t('steps.drafts.versions')}</h4>
      {versions.length === 0 ? (
        <p className="muted">{t('steps.drafts.noVersions')}</p>
      ) : (
        <ul className="draft-versions">
          {versions.map((version) => (
            <li key={version.id}>
              <span>
                {t('steps.drafts.version', {
                  version: version.version,
                  date: formatCaseDateTime(version.savedAt, timezone, appLanguage),
                })}{' '}
                · {t(`language.${version.lang}`)}
              </span>
              <button
                type="button"
                className="button link"
                onClick={() => {
                  setLang(version.lang);
                  setBody(version.body);
                  setDraft((current) => ({
                    kind: version.kind,
                    lang: version.lang,
                    title: current?.title ?? '',
                    body: version.body,
                    charCount: version.charCount,
                    limit: current?.kind === version.kind ? current.limit : null,
                  }));
                }}
              >
                {t('steps.drafts.openVersion', { version: version.version })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
