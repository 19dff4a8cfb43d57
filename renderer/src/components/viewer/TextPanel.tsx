// The text the computer read from a picture, beside it: always labelled as machine-read, with
// "Copy text", the facts found (numbers, UPI IDs, amounts, links, e-mails) as chips, and a one-click
// tie of an unknown number to the harasser. The words matching the search are highlighted on the
// picture by ImageStage (EvidenceViewer passes the boxes).
import { useId, useState } from 'react';
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
  const [asked, setAsked] = useState(false);
  if (text.status === 'not-a-picture') return null;

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
      {text.status === 'not-a-screenshot' && (
        <button
          type="button"
          className="button quiet"
          disabled={asked}
          onClick={() => {
            setAsked(true);
            void api.text.readAnyway({ evidenceId: text.evidenceId }).then(() => {
              onChanged();
            });
          }}
        >
          {t('viewer.readText.readAnyway')}
        </button>
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
