import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../shared/api-contract';
import type { Language } from '../i18n';

interface Props {
  language: Language;
  onChange: (language: Language) => void;
}

/** Each language is named in its own script, so someone who cannot read the current one can still find theirs. */
export function LanguageSwitch({ language, onChange }: Props) {
  const { t } = useTranslation();
  const labelId = useId();
  return (
    <div className="language-switch" role="group" aria-labelledby={labelId}>
      <span id={labelId} className="visually-hidden">
        {t('language.label')}
      </span>
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          className="toggle"
          aria-pressed={language === code}
          onClick={() => {
            onChange(code);
          }}
        >
          {t(`language.${code}`)}
        </button>
      ))}
    </div>
  );
}
