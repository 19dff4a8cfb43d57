// Create or edit a case. It starts from the harasser ("Who is harassing you?"), not from paperwork;
// the case name is optional and defaults to their name.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COUNTERPARTY_KINDS, type Case } from '../../../shared/domain';
import { useApi } from '../api/api-context';
import { ProblemNote, type Problem } from '../components/ProblemNote';
import { RowListField } from '../components/RowListField';
import { PlaybookChoiceField, usePlaybookChoice } from '../components/steps/PlaybookChoice';
import {
  caseInputFromDraft,
  checkDraft,
  createEmptyDraft,
  draftFromCase,
  type CaseDraft,
} from '../lib/case-draft';
import { readLanguage } from '../i18n';
import { formatZoneLabel } from '../lib/zone-label';
import { detectTimezone, isValidTimezone, listTimezones } from '../lib/timezones';
import { useFocusOnMount } from '../lib/use-focus-on-mount';

interface Props {
  existing?: Case;
  onSaved: (saved: Case) => void;
  onCancel: () => void;
  onVaultLocked: () => void;
}

export function CaseForm({ existing, onSaved, onCancel, onVaultLocked }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  // Null when this computer names no zone: the field then starts empty and asks for one.
  const [detectedZone] = useState(detectTimezone);
  const [draft, setDraft] = useState<CaseDraft>(() =>
    existing === undefined ? createEmptyDraft(detectedZone ?? '') : draftFromCase(existing),
  );
  const askZone = existing === undefined && detectedZone === null;
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  // Guides for a new case, pre-ticked from who is harassing; saved once the case exists.
  const playbooks = usePlaybookChoice(draft.kind);

  const update = (patch: Partial<CaseDraft>): void => {
    setDraft((current) => ({ ...current, ...patch }));
  };

  const submit = async (): Promise<void> => {
    const draftProblem = checkDraft(draft);
    if (draftProblem !== null) {
      setProblem({ key: `caseForm.${draftProblem}` });
      return;
    }
    setProblem(null);
    setBusy(true);
    const input = caseInputFromDraft(draft);
    const result =
      existing === undefined
        ? await api.case.create(input)
        : await api.case.update({ id: existing.id, patch: input });
    setBusy(false);
    if (result.ok) {
      if (existing === undefined) await playbooks.save(result.value.id);
      onSaved(result.value);
      return;
    }
    if (result.error.code === 'VAULT_LOCKED') {
      onVaultLocked();
      return;
    }
    setProblem({ code: result.error.code });
  };

  const problemId = `${id}-problem`;
  const zoneListId = `${id}-zones`;
  return (
    <section className="page" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {existing === undefined ? t('caseForm.newTitle') : t('caseForm.editTitle')}
      </h1>
      <form
        className="case-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void submit();
        }}
      >
        <fieldset className="who">
          <legend>{t('caseForm.who')}</legend>
          <p className="hint">{t('caseForm.whoHint')}</p>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('caseForm.nameLabel')}</label>
            <input
              id={`${id}-name`}
              value={draft.name}
              placeholder={t('caseForm.namePlaceholder')}
              autoComplete="off"
              aria-describedby={problemId}
              onChange={(event) => {
                update({ name: event.target.value });
              }}
            />
          </div>
          <fieldset className="choices">
            <legend>{t('caseForm.kindLegend')}</legend>
            {COUNTERPARTY_KINDS.map((kind) => (
              <label key={kind} className="choice">
                <input
                  type="radio"
                  name={`${id}-kind`}
                  value={kind}
                  checked={draft.kind === kind}
                  onChange={() => {
                    update({ kind });
                  }}
                />
                {t(`caseForm.kind.${kind}`)}
              </label>
            ))}
          </fieldset>
        </fieldset>

        {/* Side by side, so the whole form fits one screen (1280×800). */}
        <div className="identity-grid">
          <RowListField
            legend={t('caseForm.numbers')}
            rows={draft.numbers}
            inputType="tel"
            rowLabel={(n) => t('caseForm.numberLabel', { n })}
            addLabel={t('caseForm.addNumber')}
            onChange={(numbers) => {
              update({ numbers });
            }}
          />
          <RowListField
            legend={t('caseForm.agents')}
            rows={draft.agentNames}
            rowLabel={(n) => t('caseForm.agentLabel', { n })}
            addLabel={t('caseForm.addAgent')}
            onChange={(agentNames) => {
              update({ agentNames });
            }}
          />
          <RowListField
            legend={t('caseForm.handles')}
            rows={draft.handles}
            rowLabel={(n) => t('caseForm.handleLabel', { n })}
            addLabel={t('caseForm.addHandle')}
            onChange={(handles) => {
              update({ handles });
            }}
          />
        </div>

        {existing === undefined && <PlaybookChoiceField choice={playbooks} compact />}

        {/* Optional facts stay folded on a new case; a zone the computer did not give is shown. */}
        <details
          className="case-more"
          open={existing !== undefined || askZone || !isValidTimezone(draft.timezone)}
        >
          <summary>
            {t('caseForm.more', {
              zone: isValidTimezone(draft.timezone)
                ? formatZoneLabel(draft.timezone, readLanguage(i18n))
                : draft.timezone,
            })}
          </summary>
          <div className="field">
            <label htmlFor={`${id}-title-field`}>{t('caseForm.titleLabel')}</label>
            <input
              id={`${id}-title-field`}
              value={draft.title}
              autoComplete="off"
              aria-describedby={`${id}-title-hint`}
              onChange={(event) => {
                update({ title: event.target.value });
              }}
            />
            <p className="hint" id={`${id}-title-hint`}>
              {t('caseForm.titleHint')}
            </p>
          </div>

          <div className="field">
            <label htmlFor={`${id}-description`}>{t('caseForm.description')}</label>
            <textarea
              id={`${id}-description`}
              value={draft.description}
              rows={4}
              aria-describedby={`${id}-description-hint`}
              onChange={(event) => {
                update({ description: event.target.value });
              }}
            />
            <p className="hint" id={`${id}-description-hint`}>
              {t('caseForm.descriptionHint')}
            </p>
          </div>

          <div className="field">
            <label htmlFor={`${id}-timezone`}>{t('caseForm.timezone')}</label>
            <input
              id={`${id}-timezone`}
              list={zoneListId}
              value={draft.timezone}
              autoComplete="off"
              spellCheck={false}
              aria-describedby={`${id}-timezone-hint ${problemId}`}
              onChange={(event) => {
                update({ timezone: event.target.value });
              }}
            />
            <datalist id={zoneListId}>
              {listTimezones(draft.timezone).map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
            <p className="hint" id={`${id}-timezone-hint`}>
              {askZone ? t('caseForm.timezoneAsk') : t('caseForm.timezoneHint')}
            </p>
          </div>
        </details>
        <ProblemNote problem={problem} id={problemId} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            {existing === undefined ? t('caseForm.create') : t('caseForm.save')}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
