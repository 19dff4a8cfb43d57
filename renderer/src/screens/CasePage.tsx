// One case: a header with its name and who is behind it, then the tabs in the order the brief sets.
// Overview and Evidence have content; the others say calmly what will be there. The evidence import
// lives here, above the tabs, so a drop on the Overview (or a paste anywhere) shows its progress on
// the Evidence tab.
import { useCallback, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case } from '../../../shared/domain';
import { DropZone } from '../components/DropZone';
import { HarasserFacts } from '../components/people/HarasserFacts';
import { readLanguage } from '../i18n';
import type { DroppedFiles } from '../lib/dropped-files';
import { formatCaseDate } from '../lib/format-date';
import { formatZoneLabel } from '../lib/zone-label';
import { useEvidenceImport } from '../lib/use-evidence-import';
import { useEvidenceList } from '../lib/use-evidence-list';
import { useFocusOnMount } from '../lib/use-focus-on-mount';
import { usePasteImage } from '../lib/use-paste-image';
import { EvidenceTab } from './EvidenceTab';
import { ExportTab } from './ExportTab';
import { NextStepsPanel } from './NextStepsPanel';
import { StepsTab } from './StepsTab';
import { TimelineTab, type TimelineFocus } from './TimelineTab';
import { CaseProgress } from '../components/steps/CaseProgress';

export const CASE_TABS = ['overview', 'timeline', 'evidence', 'steps', 'export'] as const;
type CaseTab = (typeof CASE_TABS)[number];

export type { CaseTab };

interface Props {
  current: Case;
  onEdit: () => void;
  /** The tab to open on (after unlocking, the one she was on). */
  initialTab?: CaseTab;
  onTabChange?: (tab: CaseTab) => void;
}

export function CasePage({ current, onEdit, initialTab, onTabChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const [tab, setTab] = useState<CaseTab>(initialTab ?? 'overview');
  const [timelineFocus, setTimelineFocus] = useState<TimelineFocus | null>(null);
  const showTab = useCallback(
    (next: CaseTab) => {
      setTab(next);
      onTabChange?.(next);
    },
    [onTabChange],
  );
  const tabRefs = useRef(new Map<CaseTab, HTMLButtonElement>());
  const evidence = useEvidenceList(current.id);
  const importer = useEvidenceImport(current.id, evidence.reload);
  const { start } = importer;
  const { paste } = importer;

  const addFiles = useCallback(
    (dropped: DroppedFiles) => {
      showTab('evidence');
      start(dropped);
    },
    [start, showTab],
  );
  // Both transports can paste: the web one uploads the picture, the desktop app sends its bytes.
  usePasteImage(!importer.busy, (file) => {
    showTab('evidence');
    paste(file);
  });

  // Arrow keys move between tabs, as screen-reader users expect from a tab list.
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = CASE_TABS.indexOf(tab);
    let next: CaseTab | undefined;
    if (event.key === 'ArrowRight') next = CASE_TABS[(index + 1) % CASE_TABS.length];
    else if (event.key === 'ArrowLeft')
      next = CASE_TABS[(index - 1 + CASE_TABS.length) % CASE_TABS.length];
    else if (event.key === 'Home') next = CASE_TABS[0];
    else if (event.key === 'End') next = CASE_TABS[CASE_TABS.length - 1];
    if (next === undefined) return;
    event.preventDefault();
    showTab(next);
    tabRefs.current.get(next)?.focus();
  };

  const counterparty = current.counterparty;
  return (
    <section className="page case-page" aria-labelledby={`${id}-title`}>
      <header className="case-header">
        <div>
          <h1 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
            {current.title}
          </h1>
          <p className="subtitle">
            {counterparty.name !== '' && counterparty.name !== current.title && (
              <span>{counterparty.name} · </span>
            )}
            {t(`caseForm.kind.${counterparty.kind}`)}
          </p>
        </div>
        <div className="case-header-side">
          {/* The Steps tab shows the same bar itself, live; one is enough on screen. */}
          {tab !== 'steps' && <CaseProgress caseId={current.id} generation={tab} />}
          <button type="button" className="button" onClick={onEdit}>
            {t('casePage.edit')}
          </button>
        </div>
      </header>

      <div
        className="tabs"
        role="tablist"
        aria-label={t('casePage.tabsLabel')}
        onKeyDown={onTabKey}
      >
        {CASE_TABS.map((name) => (
          <button
            key={name}
            ref={(element) => {
              if (element === null) tabRefs.current.delete(name);
              else tabRefs.current.set(name, element);
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`${id}-panel`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => {
              showTab(name);
            }}
          >
            {t(`casePage.tab.${name}`)}
          </button>
        ))}
      </div>

      <div
        className="tab-panel"
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-tab-${tab}`}
        tabIndex={0}
      >
        {tab === 'overview' && (
          <Overview
            current={current}
            evidenceCount={evidence.items?.length ?? null}
            importing={importer.busy}
            canPaste
            onFiles={addFiles}
          />
        )}
        {tab === 'evidence' && (
          <EvidenceTab
            current={current}
            importer={importer}
            evidence={evidence}
            canPaste
            onFiles={addFiles}
            onShowOnTimeline={(line) => {
              setTimelineFocus({ day: line.local.slice(0, 10), entryId: line.eventId });
              showTab('timeline');
            }}
          />
        )}
        {tab === 'timeline' && <TimelineTab current={current} focus={timelineFocus} />}
        {tab === 'steps' && <StepsTab current={current} />}
        {tab === 'export' && <ExportTab current={current} />}
      </div>
    </section>
  );
}

interface OverviewProps {
  current: Case;
  /** Null while the list is loading. */
  evidenceCount: number | null;
  /** While files go in, their progress is on the Evidence tab; the first-time prompt steps aside. */
  importing: boolean;
  canPaste: boolean;
  onFiles: (dropped: DroppedFiles) => void;
}

function Overview({ current, evidenceCount, importing, canPaste, onFiles }: OverviewProps) {
  const { t, i18n } = useTranslation();
  const { counterparty } = current;
  const createdText = formatCaseDate(current.createdAt, current.timezone, readLanguage(i18n));
  return (
    <div className="overview">
      {/* A new case leads with the evidence: the drop area first, then the next three steps. */}
      {evidenceCount === 0 && !importing && (
        <DropZone
          onFiles={onFiles}
          disabled={false}
          size="large"
          pasteHint={canPaste}
          titleId="overview-drop-title"
        />
      )}
      <NextStepsPanel current={current} />
      <dl className="facts">
        {evidenceCount !== null && evidenceCount > 0 && (
          <>
            <dt>{t('casePage.evidenceCount')}</dt>
            <dd>{t('evidence.grid.count', { count: evidenceCount })}</dd>
          </>
        )}
        <dt>{t('casePage.who')}</dt>
        <dd>
          {counterparty.name === '' ? t('casePage.none') : counterparty.name} (
          {t(`caseForm.kind.${counterparty.kind}`)})
        </dd>
        <HarasserFacts
          caseId={current.id}
          counterpartyName={counterparty.name}
          version={current.updatedAt}
        />
        {current.description !== '' && (
          <>
            <dt>{t('casePage.description')}</dt>
            <dd className="prewrap">{current.description}</dd>
          </>
        )}
        <dt>{t('casePage.timezone')}</dt>
        <dd>{formatZoneLabel(current.timezone, readLanguage(i18n))}</dd>
        <dt>{t('casePage.created')}</dt>
        <dd>{createdText}</dd>
      </dl>
    </div>
  );
}
