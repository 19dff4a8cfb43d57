// One case: a header with its name and who is behind it, then the tabs in the order the brief sets.
// Only Overview has content for now; the others say calmly what will be there.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case } from '../../../shared/domain';
import { readLanguage } from '../i18n';
import { formatCaseDate } from '../lib/format-date';
import { useFocusOnMount } from '../lib/use-focus-on-mount';

export const CASE_TABS = ['overview', 'timeline', 'evidence', 'steps', 'export'] as const;
type CaseTab = (typeof CASE_TABS)[number];

interface Props {
  current: Case;
  onEdit: () => void;
}

export function CasePage({ current, onEdit }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const [tab, setTab] = useState<CaseTab>('overview');
  const tabRefs = useRef(new Map<CaseTab, HTMLButtonElement>());

  // Arrow keys move between tabs, as screen-reader users expect from a tab list.
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = CASE_TABS.indexOf(tab);
    let next: CaseTab | undefined;
    if (event.key === 'ArrowRight') next = CASE_TABS[(index + 1) % CASE_TABS.length];
    else if (event.key === 'ArrowLeft') next = CASE_TABS[(index - 1 + CASE_TABS.length) % CASE_TABS.length];
    else if (event.key === 'Home') next = CASE_TABS[0];
    else if (event.key === 'End') next = CASE_TABS[CASE_TABS.length - 1];
    if (next === undefined) return;
    event.preventDefault();
    setTab(next);
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
            {counterparty.name !== '' && counterparty.name !== current.title && <span>{counterparty.name} · </span>}
            {t(`caseForm.kind.${counterparty.kind}`)}
          </p>
        </div>
        <button type="button" className="button" onClick={onEdit}>
          {t('casePage.edit')}
        </button>
      </header>

      <div className="tabs" role="tablist" aria-label={t('casePage.tabsLabel')} onKeyDown={onTabKey}>
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
              setTab(name);
            }}
          >
            {t(`casePage.tab.${name}`)}
          </button>
        ))}
      </div>

      <div className="tab-panel" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`} tabIndex={0}>
        {tab === 'overview' ? <Overview current={current} /> : <ComingSoon tab={tab} />}
      </div>
    </section>
  );
}

function Overview({ current }: { current: Case }) {
  const { t, i18n } = useTranslation();
  const { counterparty } = current;
  const createdText = formatCaseDate(current.createdAt, current.timezone, readLanguage(i18n));
  return (
    <div className="overview">
      <div className="card next">
        <h2>{t('casePage.nextTitle')}</h2>
        <p>{t('casePage.nextBody')}</p>
      </div>
      <dl className="facts">
        <dt>{t('casePage.who')}</dt>
        <dd>
          {counterparty.name === '' ? t('casePage.none') : counterparty.name} ({t(`caseForm.kind.${counterparty.kind}`)})
        </dd>
        <dt>{t('casePage.numbers')}</dt>
        <dd>
          <ListOrNone items={counterparty.numbers} />
        </dd>
        <dt>{t('casePage.agents')}</dt>
        <dd>
          <ListOrNone items={counterparty.agentNames} />
        </dd>
        <dt>{t('casePage.handles')}</dt>
        <dd>
          <ListOrNone items={counterparty.handles} />
        </dd>
        {current.description !== '' && (
          <>
            <dt>{t('casePage.description')}</dt>
            <dd className="prewrap">{current.description}</dd>
          </>
        )}
        <dt>{t('casePage.timezone')}</dt>
        <dd>{current.timezone}</dd>
        <dt>{t('casePage.created')}</dt>
        <dd>{createdText}</dd>
      </dl>
    </div>
  );
}

function ListOrNone({ items }: { items: string[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <span className="muted">{t('casePage.none')}</span>;
  return (
    <ul className="inline-list">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

function ComingSoon({ tab }: { tab: Exclude<CaseTab, 'overview'> }) {
  const { t } = useTranslation();
  return (
    <div className="empty-state">
      <h2>{t('casePage.comingSoon')}</h2>
      <p>{t(`casePage.comingSoonBody.${tab}`)}</p>
    </div>
  );
}
