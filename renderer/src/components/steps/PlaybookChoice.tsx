// Choosing the guides (playbooks) a case follows: ticked boxes, the suggestion for the counterparty
// pre-ticked. Used when creating a case and, later, from the Steps tab.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../../../shared/api-contract';
import type { Counterparty } from '../../../../shared/domain';
import { useApi } from '../../api/api-context';
import { readLanguage } from '../../i18n';
import { callSafely } from '../../lib/steps-api';
import { pickText } from '../../lib/steps-format';

type PlaybookList = ApiOutput<'playbook:list'>;

export interface PlaybookChoiceState {
  list: PlaybookList | null;
  selected: string[];
  setSelected: (ids: string[]) => void;
  /** Saves the choice for a case; false when it could not be saved. */
  save: (caseId: string) => Promise<boolean>;
}

/**
 * The playbooks to offer and the ticked ones. For a new case (no `caseId`) the ticks follow the
 * suggestion for `kind` until she changes a tick herself; for a case, they start from its current
 * playbooks.
 */
export function usePlaybookChoice(
  kind: Counterparty['kind'],
  caseId?: string,
): PlaybookChoiceState {
  const api = useApi();
  const [list, setList] = useState<PlaybookList | null>(null);
  const [selected, setSelectedState] = useState<string[]>([]);
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    let live = true;
    void callSafely(() => api.playbook.list(caseId === undefined ? { kind } : { caseId })).then(
      (result) => {
        if (!live || !result.ok) return;
        setList(result.value);
        // A new case starts with the one guide that fits best; further guides are her choice.
        if (!touched)
          setSelectedState(
            caseId === undefined ? result.value.suggested.slice(0, 1) : result.value.chosen,
          );
      },
    );
    return () => {
      live = false;
    };
  }, [api, kind, caseId, touched]);

  const setSelected = useCallback((ids: string[]) => {
    setTouched(true);
    setSelectedState(ids);
  }, []);

  const save = useCallback(
    async (forCase: string): Promise<boolean> => {
      if (list === null) return false;
      // Kept in the order the guides are listed, which is the order of suggestion.
      const ordered = list.playbooks.map((p) => p.id).filter((id) => selected.includes(id));
      const result = await callSafely(() =>
        api.steps.choosePlaybooks({ caseId: forCase, playbookIds: ordered }),
      );
      return result.ok;
    },
    [api, list, selected],
  );

  return { list, selected, setSelected, save };
}

interface FieldProps {
  choice: PlaybookChoiceState;
  /** The new-case form: the best guide in view, the others folded under "More guides". */
  compact?: boolean;
}

export function PlaybookChoiceField({ choice, compact = false }: FieldProps) {
  const { t } = useTranslation();
  if (choice.list === null) return null;
  const { playbooks, suggested } = choice.list;
  const best = suggested[0];
  const first = compact ? playbooks.filter((p) => p.id === best) : playbooks;
  const rest = compact ? playbooks.filter((p) => p.id !== best) : [];
  return (
    <fieldset className="choices playbook-choice" data-compact={compact}>
      <legend>{t('steps.choose.legend')}</legend>
      {!compact && <p className="hint">{t('steps.choose.hint')}</p>}
      {first.map((playbook) => (
        <PlaybookOption
          key={playbook.id}
          choice={choice}
          playbook={playbook}
          suggested={suggested.includes(playbook.id)}
        />
      ))}
      {rest.length > 0 && (
        <details className="playbook-more">
          <summary>{t('steps.choose.more', { count: rest.length })}</summary>
          {rest.map((playbook) => (
            <PlaybookOption
              key={playbook.id}
              choice={choice}
              playbook={playbook}
              suggested={false}
            />
          ))}
        </details>
      )}
    </fieldset>
  );
}

interface OptionProps {
  choice: PlaybookChoiceState;
  playbook: PlaybookList['playbooks'][number];
  suggested: boolean;
}

function PlaybookOption({ choice, playbook, suggested }: OptionProps) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  return (
    <label className="check playbook-option">
      <input
        type="checkbox"
        checked={choice.selected.includes(playbook.id)}
        onChange={(event) => {
          const checked = event.target.checked;
          choice.setSelected(
            checked
              ? [...choice.selected, playbook.id]
              : choice.selected.filter((id) => id !== playbook.id),
          );
        }}
      />
      <span>
        <span className="playbook-name">{pickText(playbook.title, language)}</span>{' '}
        {suggested && <span className="muted">{t('steps.choose.suggested')}</span>}
        <span className="hint playbook-summary">
          {pickText(playbook.summary, language)} ·{' '}
          {t('steps.choose.steps', { count: playbook.stepCount })}
        </span>
      </span>
    </label>
  );
}
