// The recovery key, shown once. We ask for one group back so the key has really been kept, and we
// say which group by its number, which is printed under each group.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { ProblemNote, type Problem } from '../components/ProblemNote';
import { useFocusOnMount } from '../lib/use-focus-on-mount';
import { matchesGroup, splitRecoveryKey } from '../lib/recovery-key';

interface Props {
  recoveryKey: string;
  groupNumber: number;
  onDone: () => void;
}

type CopyState = 'idle' | 'copied' | 'unavailable' | 'failed';

export function RecoveryKeyStep({ recoveryKey, groupNumber, onDone }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const checkId = useId();
  const problemId = useId();
  const warningId = useId();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [copyState, setCopyState] = useState<CopyState>('idle');
  const groups = splitRecoveryKey(recoveryKey);

  // Main copies it, and clears the clipboard after a minute unless she has copied something else
  // since (only main can read the clipboard to tell). The browser version has no such clipboard.
  const [clearAfter, setClearAfter] = useState(60);
  const copy = async (): Promise<void> => {
    const result = await api.vault.copyRecoveryKey({ recoveryKey });
    if (!result.ok) setCopyState('failed');
    else if (!result.value.copied) setCopyState('unavailable');
    else {
      setClearAfter(result.value.clearAfterSeconds ?? 60);
      setCopyState('copied');
    }
  };

  const saveToFile = (): void => {
    const text = `${t('recoveryKey.fileHeading')}\n\n${recoveryKey}\n\n${t('recoveryKey.fileNote')}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'sakshya-recovery-key.txt';
    link.click();
    // Give the browser a moment to start the download before the URL goes away.
    window.setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 10_000);
  };

  return (
    <section aria-labelledby="recovery-title">
      <p className="step-of">{t('welcome.stepOf', { step: 2 })}</p>
      <h1 id="recovery-title" ref={headingRef} tabIndex={-1}>
        {t('recoveryKey.title')}
      </h1>
      <p>{t('recoveryKey.explain')}</p>
      <p>{t('recoveryKey.keepSafe')}</p>
      <p className="notice">{t('recoveryKey.onceOnly')}</p>

      <figure className="recovery-key">
        <figcaption>{t('recoveryKey.keyLabel')}</figcaption>
        <ol
          className="key-groups"
          aria-label={t('recoveryKey.keyLabel')}
          data-testid="recovery-key"
        >
          {groups.map((group, index) => (
            <li key={index}>
              <code translate="no">{group}</code>
              <span className="group-number">{t('recoveryKey.groupNumber', { n: index + 1 })}</span>
            </li>
          ))}
        </ol>
      </figure>
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() => {
            void copy();
          }}
        >
          {t('recoveryKey.copy')}
        </button>
        <button type="button" className="button" aria-describedby={warningId} onClick={saveToFile}>
          {t('recoveryKey.saveFile')}
        </button>
      </div>
      <p id={warningId} className="hint" data-testid="save-file-warning">
        {t('recoveryKey.saveFileWarning')}
      </p>
      <p className="status-line" role="status">
        {copyState === 'copied' && t('recoveryKey.copied', { seconds: clearAfter })}
        {copyState === 'unavailable' && t('recoveryKey.copyUnavailable')}
        {copyState === 'failed' && t('recoveryKey.copyFailed')}
      </p>

      <form
        className="check-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (matchesGroup(recoveryKey, groupNumber, typed)) onDone();
          else setProblem({ key: 'recoveryKey.checkWrong', n: groupNumber });
        }}
      >
        <h2>{t('recoveryKey.checkTitle')}</h2>
        <p>{t('recoveryKey.checkExplain', { n: groupNumber })}</p>
        <div className="field">
          <label htmlFor={checkId}>{t('recoveryKey.checkLabel', { n: groupNumber })}</label>
          <input
            id={checkId}
            className="group-input"
            value={typed}
            maxLength={9}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-describedby={problemId}
            aria-invalid={problem !== null}
            onChange={(event) => {
              setTyped(event.target.value);
              setProblem(null);
            }}
          />
        </div>
        <ProblemNote problem={problem} id={problemId} />
        <div className="actions">
          <button type="submit" className="button primary">
            {t('recoveryKey.done')}
          </button>
        </div>
      </form>
    </section>
  );
}
