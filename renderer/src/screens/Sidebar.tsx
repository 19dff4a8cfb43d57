// The case list and "New case" on top; lock state, Lock and the language switch pinned to the bottom
// so they are always in reach.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupStatus } from '../../../shared/contract/backup';
import type { Case } from '../../../shared/domain';
import { SidebarBackup } from '../components/backup/SidebarBackup';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { LockIcon } from '../components/LockIcon';
import type { Language } from '../i18n';

interface Props {
  cases: Case[] | null;
  selectedId: string | null;
  language: Language;
  autoLockMinutes: number;
  settingsOpen: boolean;
  onSelect: (id: string) => void;
  onNewCase: () => void;
  onOpenSettings: () => void;
  onLock: () => void;
  onLanguageChange: (language: Language) => void;
  backupStatus: BackupStatus | null;
  backupRunning: boolean;
  onBackUpNow: () => void;
}

export function Sidebar(props: Props) {
  const { t } = useTranslation();
  const { cases, selectedId } = props;
  const explainId = useId();
  return (
    <aside className="sidebar">
      <p className="brand">
        <span className="brand-mark" aria-hidden="true">
          स
        </span>
        {t('app.name')}
      </p>
      <button type="button" className="button primary wide" onClick={props.onNewCase}>
        + {t('nav.newCase')}
      </button>
      <nav aria-label={t('nav.cases')} className="case-nav">
        <h2 className="nav-heading">{t('nav.cases')}</h2>
        {cases !== null && cases.length === 0 && <p className="muted small">{t('nav.noCases')}</p>}
        <ul>
          {(cases ?? []).map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className="case-link"
                aria-current={item.id === selectedId ? 'page' : undefined}
                onClick={() => {
                  props.onSelect(item.id);
                }}
              >
                <span className="case-link-title">{item.title}</span>
                {item.counterparty.name !== '' && item.counterparty.name !== item.title && (
                  <span className="case-link-sub">{item.counterparty.name}</span>
                )}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-bottom">
        <SidebarBackup
          status={props.backupStatus}
          running={props.backupRunning}
          onBackUpNow={props.onBackUpNow}
        />
        <button
          type="button"
          className="button quiet wide"
          aria-current={props.settingsOpen ? 'page' : undefined}
          onClick={props.onOpenSettings}
        >
          {t('nav.settings')}
        </button>
        <div>
          <p className="lock-state">
            <span className="dot" aria-hidden="true" />
            {t('lock.status')}
          </p>
          <p className="hint small" id={explainId}>
            {t('lock.statusExplain', { minutes: props.autoLockMinutes })}
          </p>
        </div>
        <button
          type="button"
          className="button lock wide"
          aria-keyshortcuts="Control+Shift+L Meta+Shift+L"
          aria-describedby={explainId}
          onClick={props.onLock}
        >
          <LockIcon className="icon" />
          {t('lock.button')}
          <kbd>{t('lock.shortcut')}</kbd>
        </button>
        <LanguageSwitch language={props.language} onChange={props.onLanguageChange} />
      </div>
    </aside>
  );
}
