// Restore › "Where it goes": the usual place on this computer first, or a folder she chooses (main's
// folder dialog), which Sakshya then remembers and opens from then on. When the app's folder is
// fixed (dev mode, a vault folder given at start), only the usual place is said.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/api-context';

export interface RestorePlace {
  /** The folder to pass as vaultFolder; null while she has picked "another folder" but none yet. */
  folder: string | null;
}

interface Props {
  disabled: boolean;
  onChange: (place: RestorePlace) => void;
}

export function RestoreWhere({ disabled, onChange }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [usual, setUsual] = useState<string | null>(null);
  const [canChoose, setCanChoose] = useState(false);
  const [choice, setChoice] = useState<'usual' | 'other'>('usual');
  const [other, setOther] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.backup.vaultPlace({}).then((result) => {
      if (!live || !result.ok) return;
      setUsual(result.value.defaultFolder);
      setCanChoose(result.value.canChoose);
      onChange({ folder: result.value.defaultFolder });
    });
    return () => {
      live = false;
    };
    // Asked once, when the step opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);

  const pick = (next: 'usual' | 'other'): void => {
    setChoice(next);
    onChange({ folder: next === 'usual' ? usual : other });
  };

  const chooseFolder = async (): Promise<void> => {
    const chosen = await api.backup.chooseFolder({ purpose: 'vault' });
    if (!chosen.ok || chosen.value.folder === null) return;
    setOther(chosen.value.folder);
    setChoice('other');
    onChange({ folder: chosen.value.folder });
  };

  if (!canChoose || usual === null)
    return (
      <>
        <h2 className="small-heading">{t('backup.restore.whereTitle')}</h2>
        <p className="hint">{t('backup.restore.whereBody')}</p>
      </>
    );
  return (
    <fieldset className="choices" data-testid="restore-where">
      <legend className="small-heading">{t('backup.restore.whereTitle')}</legend>
      <label className="choice">
        <input
          type="radio"
          name={`${id}-where`}
          checked={choice === 'usual'}
          disabled={disabled}
          aria-describedby={`${id}-usual`}
          onChange={() => {
            pick('usual');
          }}
        />
        {t('backup.restore.whereUsual')}
      </label>
      <p className="hint" id={`${id}-usual`}>
        {t('backup.restore.whereUsualHint', { folder: usual })}
      </p>
      <label className="choice">
        <input
          type="radio"
          name={`${id}-where`}
          checked={choice === 'other'}
          disabled={disabled}
          onChange={() => {
            pick('other');
          }}
        />
        {t('backup.restore.whereOther')}
      </label>
      {choice === 'other' && (
        <div className="where-other">
          {other === null ? (
            <p className="hint">{t('backup.restore.whereNone')}</p>
          ) : (
            <p className="hint" data-testid="restore-where-chosen">
              {t('backup.restore.whereChosen', { folder: other })}
            </p>
          )}
          <button
            type="button"
            className="button"
            disabled={disabled}
            onClick={() => {
              void chooseFolder();
            }}
          >
            {other === null
              ? t('backup.restore.whereChoose')
              : t('backup.restore.whereChooseAgain')}
          </button>
          <p className="hint">{t('backup.restore.whereRemember')}</p>
        </div>
      )}
    </fieldset>
  );
}
