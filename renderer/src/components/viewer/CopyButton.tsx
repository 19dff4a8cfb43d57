// Copies a value (the SHA-256) to the clipboard and says so in words, for a lawyer pasting it into
// a letter. When the clipboard refuses, the value is selected so it can be copied by hand.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  value: string;
  /** The element showing the value, selected when copying fails. */
  targetId: string;
  /** What the button says and is called; the hash's wording by default. */
  label?: { button: string; aria: string };
}

type CopyState = 'idle' | 'done' | 'failed';

const RESET_MS = 2500;

export function CopyButton({ value, targetId, label }: Props) {
  const { t } = useTranslation();
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<number | undefined>(undefined);

  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
    },
    [],
  );

  const settle = (next: CopyState): void => {
    setState(next);
    window.clearTimeout(timer.current);
    if (next === 'done') {
      timer.current = window.setTimeout(() => {
        setState('idle');
      }, RESET_MS);
    }
  };

  const copy = async (): Promise<void> => {
    try {
      // navigator.clipboard is missing outside a secure context, which the type does not admit.
      const clipboard = (navigator as Partial<Navigator>).clipboard;
      if (clipboard === undefined) throw new Error('no clipboard');
      await clipboard.writeText(value);
      settle('done');
    } catch {
      settle('failed');
      selectText(targetId);
    }
  };

  return (
    <span className="viewer-copy">
      <button
        type="button"
        className="button quiet"
        aria-label={label?.aria ?? t('viewer.copy.label')}
        onClick={() => {
          void copy();
        }}
      >
        {state === 'done' ? t('viewer.copy.done') : (label?.button ?? t('viewer.copy.button'))}
      </button>
      <span role="status" className={state === 'failed' ? 'problem small' : 'visually-hidden'}>
        {state === 'done' && t('viewer.copy.done')}
        {state === 'failed' && t('viewer.copy.failed')}
      </span>
    </span>
  );
}

function selectText(id: string): void {
  const element = document.getElementById(id);
  const selection = window.getSelection();
  if (element === null || selection === null) return;
  const range = document.createRange();
  range.selectNodeContents(element);
  selection.removeAllRanges();
  selection.addRange(range);
}
