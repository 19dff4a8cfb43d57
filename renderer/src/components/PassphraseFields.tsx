// The "choose a passphrase" pair, shared by first run and recovery: two fields, a show toggle and
// the strength meter. Validation on submit belongs to the screen.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { estimatePassphraseStrength } from '../lib/passphrase-strength';
import { StrengthMeter } from './StrengthMeter';

interface Props {
  label: string;
  confirmLabel: string;
  value: string;
  confirm: string;
  onValueChange: (value: string) => void;
  onConfirmChange: (value: string) => void;
  describedBy?: string;
}

export function PassphraseFields({
  label,
  confirmLabel,
  value,
  confirm,
  onValueChange,
  onConfirmChange,
  describedBy,
}: Props) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const id = useId();
  const strength = estimatePassphraseStrength(value);
  const type = visible ? 'text' : 'password';
  const meterId = `${id}-strength`;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-value`}>{label}</label>
        <input
          id={`${id}-value`}
          type={type}
          value={value}
          autoComplete="new-password"
          spellCheck={false}
          aria-describedby={[meterId, describedBy].filter(Boolean).join(' ')}
          onChange={(event) => {
            onValueChange(event.target.value);
          }}
        />
      </div>
      {value !== '' && <StrengthMeter strength={strength} id={meterId} />}
      <div className="field">
        <label htmlFor={`${id}-confirm`}>{confirmLabel}</label>
        <input
          id={`${id}-confirm`}
          type={type}
          value={confirm}
          autoComplete="new-password"
          spellCheck={false}
          aria-describedby={describedBy}
          onChange={(event) => {
            onConfirmChange(event.target.value);
          }}
        />
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={visible}
          onChange={(event) => {
            setVisible(event.target.checked);
          }}
        />
        {t('common.showPassphrase')}
      </label>
    </>
  );
}
