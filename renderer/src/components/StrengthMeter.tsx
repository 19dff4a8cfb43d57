import { useTranslation } from 'react-i18next';
import { MIN_LENGTH, type PassphraseStrength } from '../lib/passphrase-strength';

interface Props {
  strength: PassphraseStrength;
  id: string;
}

/** Bars are drawn by CSS from data-score: the CSP forbids inline style attributes. */
export function StrengthMeter({ strength, id }: Props) {
  const { t } = useTranslation();
  return (
    <div className="strength" id={id}>
      <div className="strength-bars" data-score={strength.score} aria-hidden="true">
        <span />
        <span />
        <span />
        <span />
      </div>
      <p aria-live="polite">
        {t('passphrase.strength.label')}:{' '}
        <strong>{t(`passphrase.strength.${strength.score}`)}</strong>
      </p>
      {strength.hints.length > 0 && (
        <ul className="hints">
          {strength.hints.map((hint) => (
            <li key={hint}>{t(`passphrase.hint.${hint}`, { min: MIN_LENGTH })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
