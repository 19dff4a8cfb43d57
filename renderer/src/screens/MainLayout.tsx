// The unlocked app: sidebar plus one main area. All case data lives in this component's state, so
// when the vault locks and App stops rendering it, the data is gone with it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/api-contract';
import type { Case } from '../../../shared/domain';
import type { ErrorCode } from '../../../shared/errors';
import { useApi } from '../api/api-context';
import { PassphraseChangedNotice } from '../components/backup/PassphraseChangedNotice';
import { ProblemNote } from '../components/ProblemNote';
import { NoticeBox } from '../components/NoticeBox';
import { VaultWarnings } from '../components/VaultWarnings';
import type { Language } from '../i18n';
import { useBackup } from '../lib/use-backup';
import { useFocusOnMount } from '../lib/use-focus-on-mount';
import { CaseForm } from './CaseForm';
import { CasePage, type CaseTab } from './CasePage';
import { SettingsPanel } from './SettingsPanel';
import { Sidebar } from './Sidebar';

type View =
  | { name: 'home' }
  | { name: 'new' }
  | { name: 'case'; id: string }
  | { name: 'edit'; id: string }
  | { name: 'settings' };

/** Where she was: a case's id and tab, never its title. */
export interface CasePlace {
  caseId: string;
  tab: CaseTab;
}

interface Props {
  settings: Settings;
  onSettingsChange: (patch: Partial<Settings>) => void;
  onLanguageChange: (language: Language) => void;
  onLock: () => void;
  /** The core says the vault is locked (for example it locked on suspend): leave at once. */
  onVaultLocked: () => void;
  /** The case and tab to return to after unlocking, read once when the layout opens. */
  readInitialPlace?: () => CasePlace | null;
  onPlaceChange?: (place: CasePlace | null) => void;
}

export function MainLayout({
  settings,
  onSettingsChange,
  onLanguageChange,
  onLock,
  onVaultLocked,
  readInitialPlace,
  onPlaceChange,
}: Props) {
  const [initialPlace] = useState<CasePlace | null>(() => readInitialPlace?.() ?? null);
  const api = useApi();
  const [cases, setCases] = useState<Case[] | null>(null);
  const [view, setViewState] = useState<View>(
    initialPlace === null ? { name: 'home' } : { name: 'case', id: initialPlace.caseId },
  );
  const [startTab] = useState<CaseTab | undefined>(initialPlace?.tab);
  const setView = (next: View): void => {
    setViewState(next);
    if (next.name === 'case') onPlaceChange?.({ caseId: next.id, tab: 'overview' });
    else if (next.name !== 'edit') onPlaceChange?.(null);
  };
  const [loadProblem, setLoadProblem] = useState<ErrorCode | null>(null);
  const backup = useBackup(onVaultLocked);
  const [keysNoticeHidden, setKeysNoticeHidden] = useState(false);
  // "Back up now" from the sidebar or the notice: Settings shows the run, its bar and its result.
  const backUpNow = (): void => {
    setView({ name: 'settings' });
    backup.backUpNow();
  };
  const showKeysNotice =
    !keysNoticeHidden &&
    backup.status?.passphraseChangedSinceBackup === true &&
    backup.status.lastBackupAt !== null &&
    backup.run.name !== 'running';
  const keysNotice = showKeysNotice ? (
    <PassphraseChangedNotice
      onBackUpNow={backUpNow}
      onLater={() => {
        setKeysNoticeHidden(true);
      }}
    />
  ) : null;

  useEffect(() => {
    let cancelled = false;
    void api.case.list({}).then((result) => {
      if (cancelled) return;
      if (result.ok) setCases(result.value);
      else if (result.error.code === 'VAULT_LOCKED') onVaultLocked();
      else setLoadProblem(result.error.code);
    });
    return () => {
      cancelled = true;
    };
  }, [api, onVaultLocked]);

  const saveCase = (saved: Case): void => {
    setCases((current) => {
      const others = (current ?? []).filter((item) => item.id !== saved.id);
      return [saved, ...others];
    });
    setView({ name: 'case', id: saved.id });
  };

  const findCase = (id: string): Case | undefined => cases?.find((item) => item.id === id);
  const selectedId = view.name === 'case' || view.name === 'edit' ? view.id : null;

  return (
    <div className="layout">
      <Sidebar
        cases={cases}
        selectedId={selectedId}
        language={settings.language}
        autoLockMinutes={settings.autoLockMinutes}
        settingsOpen={view.name === 'settings'}
        onSelect={(id) => {
          setView({ name: 'case', id });
        }}
        onNewCase={() => {
          setView({ name: 'new' });
        }}
        onOpenSettings={() => {
          setView({ name: 'settings' });
        }}
        onLock={onLock}
        onLanguageChange={onLanguageChange}
        backupStatus={backup.status}
        backupRunning={backup.run.name === 'running' || backup.run.name === 'choosing'}
        onBackUpNow={backUpNow}
      />
      <main className="content">
        {/* The notices are gathered in one box; above a case its height is limited and it scrolls
            on its own: piled up above the case at 1024x640 they pushed the case out of the window.
            NoticeBox says when it holds more than it shows. */}
        <NoticeBox view={view.name}>
          <VaultWarnings />
          {loadProblem !== null && <ProblemNote problem={{ code: loadProblem }} />}
          {view.name !== 'settings' && keysNotice}
        </NoticeBox>
        {renderView()}
      </main>
    </div>
  );

  function renderView() {
    switch (view.name) {
      case 'home':
        return cases === null ? null : (
          <Home
            hasCases={cases.length > 0}
            onNewCase={() => {
              setView({ name: 'new' });
            }}
          />
        );
      case 'new':
        return (
          <CaseForm
            onSaved={saveCase}
            onCancel={() => {
              setView({ name: 'home' });
            }}
            onVaultLocked={onVaultLocked}
          />
        );
      case 'edit': {
        const existing = findCase(view.id);
        if (existing === undefined) return null;
        return (
          <CaseForm
            key={existing.id}
            existing={existing}
            onSaved={saveCase}
            onCancel={() => {
              setView({ name: 'case', id: existing.id });
            }}
            onVaultLocked={onVaultLocked}
          />
        );
      }
      case 'case': {
        const current = findCase(view.id);
        if (current === undefined) return null;
        return (
          <CasePage
            key={current.id}
            current={current}
            {...(startTab !== undefined && initialPlace?.caseId === current.id
              ? { initialTab: startTab }
              : {})}
            onTabChange={(tab) => {
              onPlaceChange?.({ caseId: current.id, tab });
            }}
            onEdit={() => {
              setView({ name: 'edit', id: current.id });
            }}
          />
        );
      }
      case 'settings':
        return (
          <SettingsPanel
            settings={settings}
            onChange={onSettingsChange}
            backup={backup}
            keysNotice={keysNotice}
            onPassphraseChanged={() => {
              setKeysNoticeHidden(false);
              backup.refresh();
            }}
            onClose={() => {
              setView({ name: 'home' });
            }}
          />
        );
    }
  }
}

function Home({ hasCases, onNewCase }: { hasCases: boolean; onNewCase: () => void }) {
  const { t } = useTranslation();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  if (hasCases) {
    return (
      <div className="empty-state">
        <p>{t('empty.pick')}</p>
      </div>
    );
  }
  return (
    <section className="empty-state first" aria-labelledby="first-case-title">
      <h1 id="first-case-title" ref={headingRef} tabIndex={-1}>
        {t('empty.title')}
      </h1>
      <p>{t('empty.body')}</p>
      <button type="button" className="button primary" onClick={onNewCase}>
        {t('empty.action')}
      </button>
    </section>
  );
}
