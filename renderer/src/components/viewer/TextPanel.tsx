// The text the computer read from a picture, beside it: always labelled as machine-read, with
// "Copy text", the facts found (numbers, UPI IDs, amounts, links, e-mails) as chips, and a one-click
// tie of an unknown number to the harasser. The words matching the search are highlighted on the
// picture by ImageStage (EvidenceViewer passes the boxes).
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceText } from '../../../../shared/contract/text';
import { useApi } from '../../api/api-context';
import { CopyButton } from './CopyButton';

interface Props {
  caseId: string;
  text: EvidenceText;
  /** After a tie, so the viewer reloads the text (and its facts' people). */
  onChanged: () => void;
}

export function TextPanel({ caseId, text, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const textId = useId();
  const [tying, setTying] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  // Which picture she asked to read, and how that went (the viewer moves between pictures).
  const [askedFor, setAskedFor] = useState<{ id: string; state: 'reading' | 'failed' } | null>(
    null,
  );
  const asked = askedFor?.id === text.evidenceId ? askedFor.state : 'no';
  const changed = useRef(onChanged);
  useEffect(() => {
    changed.current = onChanged;
  }, [onChanged]);
  // Asked to read a camera photo: it is read in the background, so the text is asked for again
  // at each step of the reading until it is there. A layout effect, so the listener is gone in
  // the same commit that shows the text: a passive effect's cleanup runs later, and a progress
  // event in between asked once more for a text already shown (a CI run caught it).
  const waiting =
    asked === 'reading' && (text.status === 'not-a-screenshot' || text.status === 'pending');
  useLayoutEffect(() => {
    if (!waiting) return;
    return api.on('text:progress', (progress) => {
      changed.current();
      // Stopped (a lock) or cancelled: this picture stays unread, and can be asked for again.
      if (progress.state === 'stopped' || progress.state === 'cancelled') setAskedFor(null);
    });
  }, [api, waiting]);
  if (text.status === 'not-a-picture') return null;

  const readAnyway = async (): Promise<void> => {
    const id = text.evidenceId;
    setAskedFor({ id, state: 'reading' });
    const result = await api.text.readAnyway({ evidenceId: id });
    if (result.ok && result.value.queued) onChanged();
    else setAskedFor({ id, state: 'failed' });
  };

  const tie = async (value: string): Promise<void> => {
    setTying(value);
    setFailed(false);
    const result = await api.people.tieNumber({ caseId, number: value, as: 'harasser' });
    setTying(null);
    if (result.ok) onChanged();
    else setFailed(true);
  };

  return (
    <section
      className="viewer-section viewer-text"
      data-testid="viewer-text"
      data-status={text.status}
    >
      <h3>{t('viewer.readText.title')}</h3>
      <p className="viewer-text-label muted small" data-testid="viewer-text-label">
        {t('viewer.readText.machineLabel')}
      </p>
      {text.status === 'read' ? (
        <>
          <pre id={textId} className="viewer-text-body" lang={text.lang === 'eng' ? 'en' : 'hi'}>
            {text.text}
          </pre>
          <CopyButton
            value={text.text}
            targetId={textId}
            label={{ button: t('viewer.readText.copy'), aria: t('viewer.readText.copy') }}
          />
          {text.matches.length > 0 && (
            <p className="muted small">
              {t('viewer.readText.matches', { count: text.matches.length })}
            </p>
          )}
        </>
      ) : (
        <p data-testid="viewer-text-status">{t(`viewer.readText.status.${text.status}`)}</p>
      )}
      {waiting ? (
        <p role="status" data-testid="viewer-text-reading">
          <span className="viewer-spinner" aria-hidden="true" />{' '}
          {t('viewer.readText.readingAnyway')}
        </p>
      ) : (
        text.status === 'not-a-screenshot' && (
          <button
            type="button"
            className="button quiet"
            onClick={() => {
              void readAnyway();
            }}
          >
            {t('viewer.readText.readAnyway')}
          </button>
        )
      )}
      {asked === 'failed' && (
        <p className="problem small">{t('viewer.readText.readAnywayFailed')}</p>
      )}
      {text.facts.length > 0 && (
        <ul className="viewer-fact-chips" aria-label={t('viewer.readText.factsLabel')}>
          {text.facts.map((fact) => (
            <li
              key={`${fact.kind} ${fact.value}`}
              className="viewer-fact-chip"
              data-kind={fact.kind}
            >
              <span className="muted small">{t(`viewer.readText.fact.${fact.kind}`)}</span>{' '}
              <span>{describeFact(fact)}</span>
              {fact.kind === 'phone' &&
                (fact.person !== null ? (
                  <span className="small">
                    {' '}
                    ·{' '}
                    {t(`viewer.readText.role.${fact.person.role}`, {
                      defaultValue: fact.person.role,
                    })}
                  </span>
                ) : (
                  <button
                    type="button"
                    className="button quiet small"
                    disabled={tying !== null}
                    onClick={() => {
                      void tie(fact.value);
                    }}
                  >
                    {t('viewer.readText.tieHarasser')}
                  </button>
                ))}
            </li>
          ))}
        </ul>
      )}
      {failed && <p className="problem small">{t('viewer.readText.tieFailed')}</p>}
    </section>
  );
}

/** Numbers as the case keeps them (E.164), amounts in rupees with Indian grouping; else as read. */
function describeFact(fact: EvidenceText['facts'][number]): string {
  if (fact.kind === 'phone') return fact.value;
  if (fact.kind === 'amount') {
    const [whole = '', paise] = fact.value.split('.');
    const grouped = Number(whole).toLocaleString('en-IN');
    return `₹${grouped}${paise === undefined ? '' : `.${paise}`}`;
  }
  return fact.shown;
}
