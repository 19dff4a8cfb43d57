// The one next action, "Prepare the bundle", with sensible defaults (the whole case, chats in,
// SHA-256 only, one file) and the rest behind "More options": a selection, extra fingerprints for
// police labs, splitting for e-mail limits, and the device details for the Section 63 certificate.
import { useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceItem } from '../../../../shared/api-contract';
import { EXTRA_HASHES, MAX_SPLIT_MB, MIN_SPLIT_MB } from '../../../../shared/contract/export';
import type { ExtraHash } from '../../../../shared/contract/export';
import type { ExportChoices } from '../../lib/export-run';
import { EvidenceChecklist } from './EvidenceChecklist';

/** The Schedule's own choices (Part A: "Owned / Maintained / Managed / Operated by me"). */
export const OWNERSHIP_CHOICES = ['owned', 'maintained', 'managed', 'operated'] as const;
type Ownership = (typeof OWNERSHIP_CHOICES)[number];
// The certificate is drafted in English for the court, whatever language the screen is in.
const OWNERSHIP_TEXT: Record<Ownership, string> = {
  owned: 'Owned by me',
  maintained: 'Maintained by me',
  managed: 'Managed by me',
  operated: 'Operated by me',
};

const DEFAULT_SPLIT_MB = 20;

interface Props {
  items: EvidenceItem[];
  timezone: string;
  onStart: (choices: ExportChoices) => void;
}

export function ExportForm({ items, timezone, onStart }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [scope, setScope] = useState<'whole' | 'selection'>('whole');
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [includeChats, setIncludeChats] = useState(true);
  const [hashes, setHashes] = useState<Set<ExtraHash>>(() => new Set());
  const [split, setSplit] = useState(false);
  const [splitMb, setSplitMb] = useState(String(DEFAULT_SPLIT_MB));
  const [device, setDevice] = useState({ make: '', model: '', serial: '' });
  const [ownership, setOwnership] = useState<Ownership | ''>('');
  const [needOne, setNeedOne] = useState(false);
  const [badSplit, setBadSplit] = useState(false);

  const splitValue = Number(splitMb);
  const splitValid =
    Number.isInteger(splitValue) && splitValue >= MIN_SPLIT_MB && splitValue <= MAX_SPLIT_MB;
  // Only items still in the case count, should the list have changed since they were ticked.
  const chosen = items.filter((item) => selected.has(item.id)).map((item) => item.id);

  const submit = (event: SyntheticEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (scope === 'selection' && chosen.length === 0) {
      setNeedOne(true);
      return;
    }
    setNeedOne(false);
    if (split && !splitValid) {
      setBadSplit(true);
      return;
    }
    setBadSplit(false);
    const deviceGiven =
      Object.values(device).some((value) => value.trim() !== '') || ownership !== '';
    onStart({
      ...(scope === 'selection' ? { evidenceIds: chosen } : {}),
      includeChats,
      ...(hashes.size > 0 ? { extraHashes: EXTRA_HASHES.filter((name) => hashes.has(name)) } : {}),
      ...(split ? { splitMb: splitValue } : {}),
      ...(deviceGiven
        ? {
            device: {
              make: device.make.trim(),
              model: device.model.trim(),
              serial: device.serial.trim(),
              ownership: ownership === '' ? '' : OWNERSHIP_TEXT[ownership],
            },
          }
        : {}),
    });
  };

  const count = scope === 'whole' ? items.length : chosen.length;
  return (
    <form className="export-form" onSubmit={submit} noValidate>
      <p className="export-count" data-testid="export-count">
        {scope === 'whole' ? t('export.wholeCount', { count }) : t('export.chosenCount', { count })}
      </p>
      <div className="actions">
        <button type="submit" className="button primary" data-testid="export-start">
          {t('export.prepare')}
        </button>
      </div>
      <div className="problem-slot" role="alert">
        {needOne && <p className="problem">{t('export.scope.needOne')}</p>}
        {badSplit && <p className="problem">{t('export.split.invalid')}</p>}
      </div>

      <details className="export-more">
        <summary>{t('export.moreOptions')}</summary>

        <fieldset className="choices">
          <legend>{t('export.scope.legend')}</legend>
          <label className="choice">
            <input
              type="radio"
              name={`${id}-scope`}
              checked={scope === 'whole'}
              onChange={() => {
                setScope('whole');
              }}
            />
            {t('export.scope.whole')}
          </label>
          <label className="choice">
            <input
              type="radio"
              name={`${id}-scope`}
              checked={scope === 'selection'}
              onChange={() => {
                setScope('selection');
              }}
            />
            {t('export.scope.selection')}
          </label>
        </fieldset>
        {scope === 'selection' && (
          <EvidenceChecklist
            items={items}
            timezone={timezone}
            selected={selected}
            onChange={(next) => {
              setSelected(next);
              if (next.size > 0) setNeedOne(false);
            }}
          />
        )}

        <fieldset>
          <label className="check">
            <input
              type="checkbox"
              checked={includeChats}
              aria-describedby={`${id}-chats-hint`}
              onChange={(event) => {
                setIncludeChats(event.target.checked);
              }}
            />
            {t('export.chats.label')}
          </label>
          <p className="hint" id={`${id}-chats-hint`}>
            {t('export.chats.hint')}
          </p>
        </fieldset>

        <fieldset className="choices" aria-describedby={`${id}-hashes-hint`}>
          <legend>{t('export.hashes.legend')}</legend>
          <p className="hint export-wide" id={`${id}-hashes-hint`}>
            {t('export.hashes.hint')}
          </p>
          {EXTRA_HASHES.map((name) => (
            <label className="check" key={name}>
              <input
                type="checkbox"
                checked={hashes.has(name)}
                onChange={(event) => {
                  const next = new Set(hashes);
                  if (event.target.checked) next.add(name);
                  else next.delete(name);
                  setHashes(next);
                }}
              />
              {t(`export.hashes.${name}`)}
            </label>
          ))}
        </fieldset>

        <fieldset>
          <label className="check">
            <input
              type="checkbox"
              checked={split}
              aria-describedby={`${id}-split-hint`}
              onChange={(event) => {
                setSplit(event.target.checked);
              }}
            />
            {t('export.split.label')}
          </label>
          <p className="hint" id={`${id}-split-hint`}>
            {t('export.split.hint')}
          </p>
          {split && (
            <div className="field export-split-size">
              <label htmlFor={`${id}-split-mb`}>{t('export.split.size')}</label>
              <input
                id={`${id}-split-mb`}
                type="number"
                inputMode="numeric"
                min={MIN_SPLIT_MB}
                max={MAX_SPLIT_MB}
                step={1}
                value={splitMb}
                aria-invalid={!splitValid}
                aria-describedby={`${id}-split-size-hint`}
                onChange={(event) => {
                  setSplitMb(event.target.value);
                }}
              />
              <p className="hint" id={`${id}-split-size-hint`}>
                {t('export.split.sizeHint')}
              </p>
            </div>
          )}
        </fieldset>

        <fieldset className="export-device" aria-describedby={`${id}-device-hint`}>
          <legend>{t('export.device.legend')}</legend>
          <p className="hint" id={`${id}-device-hint`}>
            {t('export.device.hint')}
          </p>
          {(['make', 'model', 'serial'] as const).map((field) => (
            <div className="field" key={field}>
              <label htmlFor={`${id}-${field}`}>{t(`export.device.${field}`)}</label>
              <input
                id={`${id}-${field}`}
                type="text"
                maxLength={200}
                autoComplete="off"
                value={device[field]}
                {...(field === 'serial' ? { 'aria-describedby': `${id}-serial-hint` } : {})}
                onChange={(event) => {
                  setDevice({ ...device, [field]: event.target.value });
                }}
              />
              {field === 'serial' && (
                <p className="hint" id={`${id}-serial-hint`}>
                  {t('export.device.serialHint')}
                </p>
              )}
            </div>
          ))}
          <div className="field">
            <label htmlFor={`${id}-ownership`}>{t('export.device.ownership')}</label>
            <select
              id={`${id}-ownership`}
              value={ownership}
              onChange={(event) => {
                const value = OWNERSHIP_CHOICES.find((choice) => choice === event.target.value);
                setOwnership(value ?? '');
              }}
            >
              <option value="">{t('export.device.ownershipNone')}</option>
              {OWNERSHIP_CHOICES.map((choice) => (
                <option key={choice} value={choice}>
                  {t(`export.device.${choice}`)}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
      </details>
    </form>
  );
}
