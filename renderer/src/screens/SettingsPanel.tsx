// Settings: auto-lock time and theme, the backup, and changing the passphrase. Language lives in the
// sidebar, always in reach.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { THEMES, type Settings } from '../../../shared/api-contract';
import { BackupSection } from '../components/backup/BackupSection';
import { ChangePassphraseForm } from '../components/backup/ChangePassphraseForm';
import type { Backup } from '../lib/use-backup';
import { useFocusOnMount } from '../lib/use-focus-on-mount';

const AUTO_LOCK_CHOICES = [1, 5, 10, 15, 30, 60, 120];
const THEME_LABELS = {
  system: 'settings.themeSystem',
  light: 'settings.themeLight',
  dark: 'settings.themeDark',
} as const;

interface Props {
  settings: Settings;
  onChange: (patch: Partial<Settings>) => void;
  onClose: () => void;
  backup: Backup;
  onPassphraseChanged: () => void;
  /** The passphrase-changed notice, if it is due; Settings shows it in its Backup section. */
  keysNotice?: ReactNode;
}

export function SettingsPanel({
  settings,
  onChange,
  onClose,
  backup,
  onPassphraseChanged,
  keysNotice,
}: Props) {
  const { t } = useTranslation();
  const id = useId();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const choices = [...new Set([...AUTO_LOCK_CHOICES, settings.autoLockMinutes])].sort(
    (a, b) => a - b,
  );
  return (
    <section className="page" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {t('settings.title')}
      </h1>
      <div className="field">
        <label htmlFor={`${id}-autolock`}>{t('settings.autoLock')}</label>
        <select
          id={`${id}-autolock`}
          value={settings.autoLockMinutes}
          onChange={(event) => {
            onChange({ autoLockMinutes: Number(event.target.value) });
          }}
        >
          {choices.map((minutes) => (
            <option key={minutes} value={minutes}>
              {t('settings.minutes', { count: minutes })}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="choices">
        <legend>{t('settings.theme')}</legend>
        {THEMES.map((theme) => (
          <label key={theme} className="choice">
            <input
              type="radio"
              name={`${id}-theme`}
              value={theme}
              checked={settings.theme === theme}
              onChange={() => {
                onChange({ theme });
              }}
            />
            {t(THEME_LABELS[theme])}
          </label>
        ))}
      </fieldset>
      <BackupSection backup={backup} notice={keysNotice} />
      <ChangePassphraseForm onChanged={onPassphraseChanged} />
      <div className="actions">
        <button type="button" className="button" onClick={onClose}>
          {t('settings.close')}
        </button>
      </div>
    </section>
  );
}
