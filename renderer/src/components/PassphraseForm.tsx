// "Type your passphrase" as a whole form, for the gate screens that open the vault with it (Unlock
// and Repair): the field has focus at once, a wrong passphrase is said plainly and selected so she
// can type it again, and the button says it is working while the core checks it.
import { useId, useState, type ReactNode } from 'react';
import type { ApiResult } from '../../../shared/api-contract';
import { useFocusOnMount } from '../lib/use-focus-on-mount';
import { PassphraseField } from './PassphraseField';
import { ProblemNote, type Problem } from './ProblemNote';

interface Props {
  label: string;
  submitLabel: string;
  workingLabel: string;
  /** The core call the passphrase is for. */
  onSubmit: (passphrase: string) => Promise<ApiResult<unknown>>;
  onDone: () => void;
  /** A second, quieter way out shown beside the button ("Forgot your passphrase?"). */
  extraAction?: ReactNode;
}

export function PassphraseForm({
  label,
  submitLabel,
  workingLabel,
  onSubmit,
  onDone,
  extraAction,
}: Props) {
  const inputRef = useFocusOnMount<HTMLInputElement>();
  const problemId = useId();
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    if (passphrase === '') return;
    setBusy(true);
    setProblem(null);
    const result = await onSubmit(passphrase);
    setBusy(false);
    if (result.ok) {
      setPassphrase('');
      onDone();
      return;
    }
    setProblem({ code: result.error.code });
    inputRef.current?.select();
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy) void submit();
      }}
    >
      <PassphraseField
        label={label}
        value={passphrase}
        onChange={setPassphrase}
        describedBy={problemId}
        invalid={problem !== null}
        inputRef={inputRef}
      />
      <ProblemNote problem={problem} id={problemId} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? workingLabel : submitLabel}
        </button>
        {extraAction}
      </div>
    </form>
  );
}
