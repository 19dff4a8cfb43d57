// Hand it over: one clear action that prepares a signed, checkable bundle of the case, its progress
// with Cancel, then where it is and its fingerprint. Below, "Check a bundle" for a copy that comes back.
import { useTranslation } from 'react-i18next';
import type { Case } from '../../../shared/domain';
import { ExportDone } from '../components/export/ExportDone';
import { ExportForm } from '../components/export/ExportForm';
import { ExportProgress } from '../components/export/ExportProgress';
import { VerifyBundle } from '../components/export/VerifyBundle';
import '../components/export/export.css';
import { NewSigningKey } from '../components/export/NewSigningKey';
import { ProblemNote } from '../components/ProblemNote';
import { useExportRun } from '../lib/export-run';
import { useEvidenceList } from '../lib/use-evidence-list';

export function ExportTab({ current }: { current: Case }) {
  const { t } = useTranslation();
  const evidence = useEvidenceList(current.id);
  const run = useExportRun(current.id);
  const { phase } = run;
  const items = evidence.items;

  const busy = phase.name === 'starting' || phase.name === 'running';
  let body;
  if (phase.name === 'done') {
    body = <ExportDone bundle={phase.bundle} onAgain={run.reset} />;
  } else if (evidence.problem !== null) {
    body = <ProblemNote problem={{ code: evidence.problem }} />;
  } else if (items === null) {
    body = null;
  } else if (items.length === 0) {
    body = <p className="export-empty">{t('export.nothingYet')}</p>;
  } else {
    // The form stays mounted (hidden) while the bundle is made, so after a failure or a cancel her
    // choices and device details are still there for the next try.
    body = (
      <>
        {phase.name === 'starting' || phase.name === 'running' ? (
          <ExportProgress phase={phase} stopping={run.stopping} onCancel={run.cancel} />
        ) : null}
        <div hidden={busy}>
          {phase.name === 'failed' && <ProblemNote problem={{ code: phase.code }} />}
          {phase.name === 'failed' && phase.code === 'SIGNING_KEY_MISSING' && (
            <NewSigningKey onConfirm={run.startWithNewKey} />
          )}
          {phase.name === 'not-saved' && <p className="notice">{t('export.done.notSaved')}</p>}
          <ExportForm items={items} timezone={current.timezone} onStart={run.start} />
        </div>
      </>
    );
  }

  return (
    <div className="export-tab" data-case={current.id}>
      <section className="export-main" aria-labelledby="export-title">
        <h2 id="export-title">{t('export.title')}</h2>
        <p>{t('export.intro')}</p>
        {body}
      </section>
      <VerifyBundle />
    </div>
  );
}
