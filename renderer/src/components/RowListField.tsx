// A list of short text rows (numbers, names, accounts) with add and remove. A new row takes focus so
// keyboard users can type straight away.
import { useId, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  legend: string;
  rows: string[];
  onChange: (rows: string[]) => void;
  rowLabel: (n: number) => string;
  addLabel: string;
  inputType?: 'text' | 'tel';
}

export function RowListField({
  legend,
  rows,
  onChange,
  rowLabel,
  addLabel,
  inputType = 'text',
}: Props) {
  const { t } = useTranslation();
  const id = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const previousCount = useRef(rows.length);

  // A layout effect, so the new row's field has focus in the same commit that shows it.
  useLayoutEffect(() => {
    if (rows.length > previousCount.current) {
      const inputs = listRef.current?.querySelectorAll('input');
      inputs?.item(inputs.length - 1).focus();
    }
    previousCount.current = rows.length;
  }, [rows.length]);

  return (
    <fieldset className="rows">
      <legend>{legend}</legend>
      <ul ref={listRef}>
        {rows.map((row, index) => {
          const label = rowLabel(index + 1);
          return (
            <li key={index}>
              <label htmlFor={`${id}-${index}`} className="visually-hidden">
                {label}
              </label>
              <input
                id={`${id}-${index}`}
                type={inputType}
                value={row}
                autoComplete="off"
                onChange={(event) => {
                  onChange(rows.map((old, i) => (i === index ? event.target.value : old)));
                }}
              />
              <button
                type="button"
                className="button quiet"
                aria-label={t('caseForm.removeLabel', { item: label })}
                onClick={() => {
                  onChange(rows.filter((_, i) => i !== index));
                }}
              >
                {t('caseForm.remove')}
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="button quiet"
        onClick={() => {
          onChange([...rows, '']);
        }}
      >
        + {addLabel}
      </button>
    </fieldset>
  );
}
