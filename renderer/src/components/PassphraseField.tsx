// The one field where she types the passphrase she already has: unlocking, repairing a vault and
// changing the passphrase all use it, so the label, the hidden input and the problem wiring match.
import { useId, type Ref } from 'react';

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The id of the problem note under the form, read out with the field. */
  describedBy?: string;
  invalid?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

export function PassphraseField({ label, value, onChange, describedBy, invalid, inputRef }: Props) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="password"
        value={value}
        autoComplete="current-password"
        spellCheck={false}
        aria-describedby={describedBy}
        aria-invalid={invalid}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </div>
  );
}
