// The details beside the picture, in the order Meera needs them (when, what, where from, her notes)
// and then what her lawyer needs (fingerprint, device data, history). Every time is shown on the
// case's wall clock.
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceDetails } from '../../../../shared/contract/viewer';
import { readLanguage } from '../../i18n';
import { formatCaseDateTime } from '../../lib/format-date';
import { formatBytes } from '../../lib/format-size';
import { formatZoneLabel } from '../../lib/zone-label';
import { describeImportWarning } from '../../lib/import-warning-text';
import { describeFileKind } from '../FileTypeIcon';
import { CopyButton } from './CopyButton';
import { NotesEditor } from './NotesEditor';
import { TimeCorrectionForm } from './TimeCorrectionForm';

interface Props {
  details: EvidenceDetails;
  onUpdated: (updated: EvidenceDetails) => void;
}

export function DetailsPanel({ details, onUpdated }: Props) {
  const { t } = useTranslation();
  return (
    <div className="viewer-details" data-testid="viewer-details">
      <Section title={t('viewer.section.when')}>
        <CapturedTime details={details} onUpdated={onUpdated} />
      </Section>
      <Section title={t('viewer.section.file')}>
        <FileFacts details={details} />
      </Section>
      <Section title={t('viewer.section.provenance')}>
        <Provenance details={details} />
      </Section>
      <Section title={t('viewer.section.notes')}>
        <NotesEditor details={details} onSaved={onUpdated} />
      </Section>
      {details.warnings.length > 0 && (
        <Section title={t('viewer.section.warnings')}>
          <ul className="viewer-warnings">
            {details.warnings.map((warning) => (
              <li key={warning}>{describeImportWarning(warning, t)}</li>
            ))}
          </ul>
        </Section>
      )}
      {/* The lawyer's facts, one click away and never first. */}
      <details className="lawyer-details" data-testid="viewer-lawyer-details">
        <summary>{t('viewer.lawyer.title')}</summary>
        <Section title={t('viewer.section.file')}>
          <LawyerFacts details={details} />
        </Section>
        <Section title={t('viewer.section.device')}>
          <DeviceFacts details={details} />
        </Section>
        <Section title={t('viewer.section.place')}>
          <Place details={details} />
        </Section>
        <Section title={t('viewer.section.history')}>
          <History details={details} />
        </Section>
      </details>
    </div>
  );
}

/** The fingerprint, the file's type code and the zone's own name, for the lawyer. */
function LawyerFacts({ details }: { details: EvidenceDetails }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <dl className="viewer-facts">
      <dt>{t('viewer.fact.sha256')}</dt>
      <dd>
        <code id={`${id}-sha`} className="viewer-hash" data-testid="viewer-sha256">
          {details.sha256}
        </code>
        <CopyButton value={details.sha256} targetId={`${id}-sha`} />
        <p className="hint">{t('viewer.fact.sha256Hint')}</p>
      </dd>
      <dt>{t('viewer.lawyer.mediaType')}</dt>
      <dd>
        <code>{details.mediaType}</code>
      </dd>
      <dt>{t('viewer.lawyer.zone')}</dt>
      <dd>
        <code>{details.timezone}</code>
      </dd>
    </dl>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="viewer-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

function CapturedTime({ details, onUpdated }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const [correcting, setCorrecting] = useState(false);
  const [saved, setSaved] = useState(false);
  const { captured, original, correction, timezone } = details;
  const show = (iso: string): string => formatCaseDateTime(iso, timezone, language);
  return (
    <div className="viewer-when">
      <p className="viewer-time" data-testid="viewer-captured-time">
        {captured.at === null ? (
          <span className="muted">{t('viewer.noTime')}</span>
        ) : (
          <time dateTime={captured.at}>{show(captured.at)}</time>
        )}
      </p>
      <p data-testid="viewer-time-source" data-source={captured.source}>
        {t(`viewer.source.${captured.source}`)}
      </p>
      {captured.source !== 'user' && captured.at !== null && (
        <p className="muted small">{t(`viewer.confidence.${captured.confidence}`)}</p>
      )}
      {captured.zoneAssumed && captured.source !== 'user' && (
        <p className="muted small">
          {t('viewer.zoneAssumed', { zone: formatZoneLabel(timezone, language) })}
        </p>
      )}
      {original !== null && (
        <div className="viewer-original" data-testid="viewer-original-time">
          <p>
            {original.at === null
              ? t('viewer.originalNone', { source: t(`viewer.source.${original.source}`) })
              : t('viewer.original', {
                  time: show(original.at),
                  source: t(`viewer.source.${original.source}`),
                })}
          </p>
          {correction !== null && (
            <p>{t('viewer.corrected', { date: show(correction.at), reason: correction.reason })}</p>
          )}
        </div>
      )}
      {saved && !correcting && (
        <p className="notice" role="status">
          {t('viewer.correct.saved')}
        </p>
      )}
      {correcting ? (
        <TimeCorrectionForm
          details={details}
          onCancel={() => {
            setCorrecting(false);
          }}
          onSaved={(updated) => {
            setCorrecting(false);
            setSaved(true);
            onUpdated(updated);
          }}
        />
      ) : (
        <button
          type="button"
          className="button"
          onClick={() => {
            setSaved(false);
            setCorrecting(true);
          }}
        >
          {t('viewer.correct.open')}
        </button>
      )}
    </div>
  );
}

function FileFacts({ details }: { details: EvidenceDetails }) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const kind = describeFileKind(details.mediaType, details.originalName);
  return (
    <dl className="viewer-facts">
      <dt>{t('viewer.fact.name')}</dt>
      <dd className="viewer-break">{details.originalName}</dd>
      <dt>{t('viewer.fact.size')}</dt>
      <dd>{formatBytes(details.size, language)}</dd>
      <dt>{t('viewer.fact.type')}</dt>
      <dd>{t(`evidence.type.${kind}`)}</dd>
      <dt>{t('viewer.fact.imported')}</dt>
      <dd>{formatCaseDateTime(details.importedAt, details.timezone, language)}</dd>
    </dl>
  );
}

function DeviceFacts({ details }: { details: EvidenceDetails }) {
  const { t } = useTranslation();
  const { device, exif } = details;
  const rows: [string, string][] = [];
  const add = (label: string, value: string | null): void => {
    if (value !== null) rows.push([label, value]);
  };
  add(t('viewer.fact.make'), device.make);
  add(t('viewer.fact.model'), device.model);
  add(t('viewer.fact.software'), device.software);
  add(t('viewer.fact.dateOriginal'), exif.dateOriginal);
  add(t('viewer.fact.offset'), exif.offset);
  if (exif.width !== null && exif.height !== null) {
    add(
      t('viewer.fact.dimensions'),
      t('viewer.fact.dimensionsValue', { width: exif.width, height: exif.height }),
    );
  }
  add(t('viewer.fact.orientation'), exif.orientation);
  add(t('viewer.fact.lens'), exif.lens);
  add(t('viewer.fact.exposure'), exif.exposure);
  add(t('viewer.fact.aperture'), exif.aperture);
  add(t('viewer.fact.iso'), exif.iso);
  add(t('viewer.fact.focalLength'), exif.focalLength);
  const noDevice = device.make === null && device.model === null && device.software === null;
  return (
    <>
      {noDevice && <p className="muted">{t('viewer.fact.noDevice')}</p>}
      {rows.length > 0 && (
        <dl className="viewer-facts">
          {rows.map(([label, value]) => (
            <div key={label} className="viewer-fact-row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

function Place({ details }: { details: EvidenceDetails }) {
  const { t } = useTranslation();
  if (details.gps === null) return <p className="muted">{t('viewer.gps.none')}</p>;
  return (
    <>
      <p data-testid="viewer-gps">
        {t('viewer.gps.coordinates', {
          latitude: details.gps.latitude.toFixed(6),
          longitude: details.gps.longitude.toFixed(6),
        })}
      </p>
      <p className="muted small">{t('viewer.gps.offline')}</p>
    </>
  );
}

function Provenance({ details }: { details: EvidenceDetails }) {
  const { t } = useTranslation();
  const provenance = details.provenance;
  let text: string;
  if (provenance.kind === 'captured-by-me') text = t('viewer.provenance.captured-by-me');
  else if (provenance.kind === 'unknown') text = t('viewer.provenance.unknown');
  else {
    const from = provenance.from.trim();
    const channel = provenance.channel.trim();
    if (from !== '' && channel !== '')
      text = t('viewer.provenance.receivedFull', { from, channel });
    else if (from !== '') text = t('viewer.provenance.receivedFrom', { from });
    else if (channel !== '') text = t('viewer.provenance.receivedVia', { channel });
    else text = t('viewer.provenance.received');
  }
  const note = provenance.kind === 'unknown' ? undefined : provenance.note;
  return (
    <>
      <p>{text}</p>
      {note !== undefined && note !== '' && <p className="prewrap muted">{note}</p>}
    </>
  );
}

function History({ details }: { details: EvidenceDetails }) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  if (details.custody.length === 0) return <p className="muted">{t('viewer.history.empty')}</p>;
  return (
    <ol className="viewer-history" data-testid="viewer-custody">
      {details.custody.map((entry) => (
        <li key={entry.seq} data-action={entry.action}>
          <time dateTime={entry.at}>
            {formatCaseDateTime(entry.at, details.timezone, language)}
          </time>{' '}
          <strong>{t(`viewer.history.kind.${entry.kind}`)}</strong>
          <span className="muted small viewer-break">
            {' '}
            #{entry.seq} · {entry.summary}
          </span>
        </li>
      ))}
    </ol>
  );
}
