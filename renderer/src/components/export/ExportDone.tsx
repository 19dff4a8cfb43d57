// After an export: where the bundle is, its fingerprint (with Copy, for the lawyer's letter), how to
// get at it (Show in folder on the desktop, Download in the browser), and in a few plain sentences
// what to hand over and how the recipient can check it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportedBundle, ExportedFile } from '../../../../shared/contract/export';
import { useApi } from '../../api/api-context';
import { readLanguage } from '../../i18n';
import { formatBytes } from '../../lib/format-size';
import { useFocusOnMount } from '../../lib/use-focus-on-mount';

interface Props {
  bundle: ExportedBundle;
  onAgain: () => void;
}

export function ExportDone({ bundle, onAgain }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  // The button she pressed has gone; screen-reader and keyboard users start at the result.
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section
      className="card next export-done"
      aria-labelledby="export-done-title"
      data-testid="export-done"
    >
      <h2 id="export-done-title" ref={headingRef} tabIndex={-1}>
        {t('export.done.title')}
      </h2>
      <p>{t('export.done.items', { count: bundle.itemCount })}</p>
      {bundle.folder !== null && (
        <p className="export-folder">{t('export.done.savedIn', { folder: bundle.folder })}</p>
      )}
      <ul className="export-files" aria-label={t('export.done.filesLabel')}>
        {bundle.files.map((file) => (
          <BundleFile key={file.name} file={file} />
        ))}
      </ul>
      <SigningKey fingerprint={bundle.signingKeyFingerprint} />
      {bundle.canReveal && (
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={() => {
              void api.export.reveal({ bundleId: bundle.bundleId });
            }}
          >
            {t('export.done.show')}
          </button>
        </div>
      )}
      {/* The bundle's signing-key fingerprint belongs here, in the main text (not behind the
          lawyer's details): she must send it by another channel for the bundle to be provable. One
          sentence saying so, the fingerprint, and a Copy button (added by the trust-keys work). */}
      <h3>{t('export.done.handOverTitle')}</h3>
      <p>{t('export.done.handOver')}</p>
      <p>{t('export.done.check')}</p>
      <p className="muted">{t('export.done.recorded')}</p>
      <div className="actions">
        <button type="button" className="button quiet" onClick={onAgain}>
          {t('export.done.again')}
        </button>
      </div>
    </section>
  );
}

/**
 * The bundle carries its own key, so only a fingerprint sent apart from it lets the recipient
 * confirm who made it (issue 16): shown on the main text, with one sentence and Copy.
 */
function SigningKey({ fingerprint }: { fingerprint: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="export-signing-key" data-testid="export-signing-key">
      <h3>{t('export.done.signingKeyTitle')}</h3>
      <p>{t('export.done.signingKey')}</p>
      <p className="export-hash-row">
        <code className="export-hash" data-testid="export-key-fingerprint">
          {fingerprint}
        </code>
        <button
          type="button"
          className="button quiet"
          aria-label={t('export.done.copyKey')}
          onClick={() => {
            void navigator.clipboard.writeText(fingerprint).then(
              () => {
                setCopied(true);
              },
              () => {
                setCopied(false);
              },
            );
          }}
        >
          {copied ? t('export.done.copied') : t('export.done.copy')}
        </button>
      </p>
    </div>
  );
}

function BundleFile({ file }: { file: ExportedFile }) {
  const { t, i18n } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = (): void => {
    void navigator.clipboard.writeText(file.sha256).then(
      () => {
        setCopied(true);
      },
      () => {
        setCopied(false);
      },
    );
  };
  return (
    <li className="export-file" data-testid="export-file">
      <p className="export-file-name">
        <strong data-testid="export-file-name">{file.name}</strong>{' '}
        <span className="muted">{formatBytes(file.size, readLanguage(i18n))}</span>
      </p>
      {file.downloadUrl !== null && (
        <a
          className="button primary"
          href={file.downloadUrl}
          download={file.name}
          aria-label={t('export.done.downloadNamed', { name: file.name })}
        >
          {t('export.done.download')}
        </a>
      )}
      {/* The file's SHA-256 is for the lawyer: one click away, never first. */}
      <details className="lawyer-details" data-testid="export-lawyer-details">
        <summary>{t('export.done.lawyer')}</summary>
        <p className="export-hash-label muted small">{t('export.done.fingerprint')}</p>
        <p className="export-hash-row">
          <code className="export-hash" data-testid="export-sha256">
            {file.sha256}
          </code>
          <button
            type="button"
            className="button quiet"
            aria-label={t('export.done.copyNamed', { name: file.name })}
            onClick={copy}
          >
            {copied ? t('export.done.copied') : t('export.done.copy')}
          </button>
        </p>
      </details>
    </li>
  );
}
