// "Add your own step": a title in her own words, an optional due date and notes.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../../shared/errors';
import { useApi } from '../../api/api-context';
import { DateInWords } from '../DateInWords';
import { useErrorText } from '../../lib/error-text';
import { callSafely } from '../../lib/steps-api';

interface Props {
  caseId: string;
  onAdded: () => void;
}

type Message = { kind: 'added' } | { kind: 'needTitle' } | { kind: 'error'; code: ErrorCode };

export function AddStepForm({ caseId, onAdded }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const id = useId();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);

  const submit = async (): Promise<void> => {
    if (title.trim() === '') {
      setMessage({ kind: 'needTitle' });
      return;
    }
    setBusy(true);
    const result = await callSafely(() =>
      api.steps.addCustom({
        caseId,
        title: title.trim(),
        dueDate: due === '' ? null : due,
        ...(notes.trim() === '' ? {} : { notes: notes.trim() }),
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setMessage({ kind: 'error', code: result.error.code });
      return;
    }
    setTitle('');
    setDue('');
    setNotes('');
    setMessage({ kind: 'added' });
    onAdded();
  };

  return (
    <form
      className="card steps-add"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy) void submit();
      }}
    >
      <h3 id={`${id}-title`}>{t('steps.add.title')}</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('steps.add.name')}</label>
        <input
          id={`${id}-name`}
          value={title}
          maxLength={300}
          autoComplete="off"
          onChange={(event) => {
            setTitle(event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>{t('steps.add.due')}</label>
        <input
          id={`${id}-due`}
          type="date"
          value={due}
          onChange={(event) => {
            setDue(event.target.value);
          }}
        />
        <DateInWords date={due} testId="due-in-words" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-notes`}>{t('steps.add.notes')}</label>
        <textarea
          id={`${id}-notes`}
          rows={2}
          value={notes}
          onChange={(event) => {
            setNotes(event.target.value);
          }}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('steps.add.submit')}
        </button>
      </div>
      <div className="problem-slot" role="status">
        {message?.kind === 'added' && <p className="notice">{t('steps.add.added')}</p>}
        {message?.kind === 'needTitle' && <p className="problem">{t('steps.add.needTitle')}</p>}
        {message?.kind === 'error' && <p className="problem">{errorText(message.code)}</p>}
      </div>
    </form>
  );
}
