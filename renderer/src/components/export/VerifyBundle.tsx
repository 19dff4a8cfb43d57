// "Check a bundle": choose a .zip, and see either "Everything matches" or each file that does not,
// by name, in plain words. The same checks as `sakshya verify`, run in main.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VerifyProblem, VerifyReport } from '../../../../shared/contract/export';
import { classifyProblem } from '../../lib/export-problems';
import { useBundleVerify } from '../../lib/export-verify';
import { ProblemNote } from '../ProblemNote';

export function VerifyBundle() {
  const { t } = useTranslation();
  const verify = useBundleVerify();
  const input = useRef<HTMLInputElement>(null);
  const keyId = useId();
  const [expectKey, setExpectKey] = useState('');
  const expected = readFingerprint(expectKey);
  const { phase } = verify;
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (expected === 'invalid' && details.current !== null) details.current.open = true;
  }, [expected]);

  return (
    <section className="card export-verify" aria-labelledby="export-verify-title">
      <h2 id="export-verify-title">{t('export.verify.title')}</h2>
      <p className="hint">{t('export.verify.intro')}</p>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={verify.busy || expected === 'invalid'}
          onClick={() => {
            input.current?.click();
          }}
        >
          {phase.name === 'idle' ? t('export.verify.choose') : t('export.verify.another')}
        </button>
        <input
          ref={input}
          type="file"
          accept=".zip,application/zip"
          hidden
          data-testid="verify-file-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file !== undefined && expected !== 'invalid')
              verify.check(file, expected ?? undefined);
          }}
        />
      </div>
      {/* The signer's fingerprint is for whoever was sent one apart from the bundle (often her
          lawyer): one click away, so choosing the bundle is the first thing she sees. It stays
          open while what was typed in it stops the check. */}
      <details ref={details} className="export-verify-key" data-testid="verify-key-details">
        <summary>{t('export.verify.expectSummary')}</summary>
        <div className="field">
          <label htmlFor={keyId}>{t('export.verify.expectLabel')}</label>
          <input
            id={keyId}
            type="text"
            spellCheck={false}
            autoComplete="off"
            data-testid="verify-expect-key"
            value={expectKey}
            placeholder="SHA256:…"
            aria-describedby={`${keyId}-hint`}
            aria-invalid={expected === 'invalid'}
            onChange={(event) => {
              setExpectKey(event.target.value);
            }}
          />
          <p
            id={`${keyId}-hint`}
            className="hint"
            role={expected === 'invalid' ? 'alert' : undefined}
          >
            {expected === 'invalid'
              ? t('export.verify.expectInvalid')
              : t('export.verify.expectHint')}
          </p>
        </div>
      </details>
      <div aria-live="polite" data-testid="verify-result">
        {phase.name === 'checking' && (
          <div className="export-checking">
            <p>{t('export.verify.checking', { name: phase.fileName })}</p>
            <progress
              aria-label={t('export.progress.label')}
              {...(phase.total > 0 ? { value: phase.done, max: phase.total } : {})}
            />
            {phase.total > 0 && (
              <p className="hint">
                {t('export.verify.checkingCount', { done: phase.done, total: phase.total })}
              </p>
            )}
          </div>
        )}
        {phase.name === 'done' && <VerifyOutcome report={phase.report} name={phase.fileName} />}
      </div>
      {phase.name === 'failed' && <ProblemNote problem={{ code: phase.code }} />}
    </section>
  );
}

function VerifyOutcome({ report, name }: { report: VerifyReport; name: string }) {
  const { t } = useTranslation();
  if (report.intact) {
    return (
      <div className="export-verdict" data-verdict="intact">
        <h3>{t('export.verify.ok')}</h3>
        <p>{t('export.verify.okBody', { count: report.fileCount, name })}</p>
        <SignerNote report={report} />
        {report.signingKeyFingerprint !== null && (
          <p className="muted small">
            {t('export.verify.signedWith', { fingerprint: report.signingKeyFingerprint })}
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="export-verdict" data-verdict="problems">
      <h3>{t('export.verify.bad')}</h3>
      <p>{t('export.verify.badBody', { name })}</p>
      {report.signer !== 'unconfirmed' && <SignerNote report={report} />}
      <ul className="export-problems" aria-label={t('export.verify.problemsLabel')}>
        {listOnce(report.problems).map((problem, index) => (
          <ProblemRow
            key={`${problem.code}-${problem.path ?? ''}-${String(index)}`}
            problem={problem}
            signature={report.signature}
          />
        ))}
      </ul>
    </div>
  );
}

/** Who made it: against the fingerprint she typed, and whether this vault made it. */
function SignerNote({ report }: { report: VerifyReport }) {
  const { t } = useTranslation();
  const origin = report.vaultOrigin ?? 'unknown';
  return (
    <>
      <p data-testid="verify-signer" data-signer={report.signer}>
        {t(`export.verify.signerStatus.${report.signer}`)}
      </p>
      {origin !== 'unknown' && (
        <p data-testid="verify-origin" data-origin={origin}>
          {t(`export.verify.signer.${origin}`)}
        </p>
      )}
    </>
  );
}

/**
 * The fingerprint as `sakshya verify --expect-key` takes it: spaces dropped, SHA256: optional.
 * Null when the field is empty; 'invalid' for anything else, so a typo is never called a mismatch.
 */
function readFingerprint(text: string): `SHA256:${string}` | null | 'invalid' {
  const compact = text.replace(/\s+/g, '');
  if (compact === '') return null;
  const body = /^sha256:/i.test(compact) ? compact.slice('sha256:'.length) : compact;
  return /^[A-Za-z0-9+/]{43}$/.test(body) ? `SHA256:${body}` : 'invalid';
}

function ProblemRow({
  problem,
  signature,
}: {
  problem: VerifyProblem;
  signature: VerifyReport['signature'];
}) {
  const { t } = useTranslation();
  const kind = classifyProblem(problem.code, signature);
  return (
    <li data-testid="verify-problem" data-code={problem.code} title={problem.message}>
      <strong className="export-problem-path">
        {problem.path ?? t('export.verify.wholeBundle')}
      </strong>
      <span>{t(`export.verify.problem.${kind}`)}</span>
    </li>
  );
}

/** One row per file and kind: a changed file fails each manifest (SHA-256, MD5, SHA-1) it is in. */
function listOnce(problems: readonly VerifyProblem[]): VerifyProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.code}\u0000${problem.path ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
