// The top of the app: which gate screen or the unlocked layout to show, plus the safety wiring
// (lock button, shortcut, idle timer, the core's "locked" event) and the non-secret settings.
import { Suspense, lazy, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n } from 'i18next';
import { DEFAULT_SETTINGS, type Settings, type VaultStatus } from '../../shared/api-contract';
import type { VaultPlaceIgnored } from '../../shared/contract/vault-place';
import type { SakshyaApi } from './api/page-api';
import { ApiContext, useApi } from './api/api-context';
import { GateLayout } from './components/GateLayout';
import { LockIcon } from './components/LockIcon';
import type { Language } from './i18n';
import { useIdleLock } from './lib/use-idle-lock';
import { useLockShortcut } from './lib/use-lock-shortcut';
import { Recover } from './screens/Recover';
import { Repair } from './screens/Repair';
import { RestoreBackup } from './screens/RestoreBackup';
import { Unlock } from './screens/Unlock';
import { VaultAway } from './screens/VaultAway';
import { Welcome } from './screens/Welcome';

// Everything behind the unlock screen (the case tabs, the chart, the viewer) loads once she has
// unlocked, so the first screen she sees is small and ready at once.
import type { CasePlace } from './screens/MainLayout';

const MainLayout = lazy(async () => ({
  default: (await import('./screens/MainLayout')).MainLayout,
}));

type Phase =
  | 'loading'
  | 'unavailable'
  | 'welcome'
  | 'restore'
  | 'repair'
  | 'unlock'
  | 'recover'
  | 'main'
  | 'locking';

interface Props {
  api: SakshyaApi;
  i18n: i18n;
}

export function App({ api, i18n }: Props) {
  return (
    <ApiContext value={api}>
      <I18nextProvider i18n={i18n}>
        <Shell />
      </I18nextProvider>
    </ApiContext>
  );
}

/** The first screen for what the core says about the vault. */
function pickGatePhase(status: VaultStatus): Phase {
  if (status.unlocked) return 'main';
  if (status.exists) return 'unlock';
  return status.needsRepair === true ? 'repair' : 'welcome';
}

function Shell() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const [phase, setPhase] = useState<Phase>('loading');
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  // Whether the core's vault is open as far as this window knows; decides what a lock event means.
  const vaultOpen = useRef(false);
  const [attempt, setAttempt] = useState(0);
  // Why the remembered vault was not opened (a drive not plugged in): said on the first screen
  // instead of a bare welcome, until she finds it, or chooses to start anew or restore.
  const [placeIgnored, setPlaceIgnored] = useState<VaultPlaceIgnored | null>(null);
  // Which case and tab she was on, so unlocking brings her back there. Only ids, in this page's
  // memory: no case title is ever written to unencrypted storage.
  const place = useRef<CasePlace | null>(null);

  useEffect(() => {
    let cancelled = false;
    void Promise.all([api.vault.status({}), api.settings.get({})]).then(([status, stored]) => {
      if (cancelled) return;
      if (stored.ok) {
        setSettings(stored.value);
        void i18n.changeLanguage(stored.value.language);
      }
      if (!status.ok) {
        setPhase('unavailable');
        return;
      }
      vaultOpen.current = status.value.unlocked;
      setPlaceIgnored(status.value.placeIgnored ?? null);
      setPhase(pickGatePhase(status.value));
    });
    return () => {
      cancelled = true;
    };
  }, [api, i18n, attempt]);

  // Layout effects: the page's language and theme change in the same commit as its words, so the
  // first Hindi screen is never announced as English (a passive effect runs later, after paint).
  useLayoutEffect(() => {
    document.documentElement.lang = settings.language;
  }, [settings.language]);

  useLayoutEffect(() => {
    const root = document.documentElement;
    if (settings.theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', settings.theme);
  }, [settings.theme]);

  const updateSettings = useCallback(
    (patch: Partial<Settings>) => {
      setSettings((current) => ({ ...current, ...patch }));
      void api.settings.set(patch).then((result) => {
        if (result.ok) setSettings(result.value);
      });
    },
    [api],
  );

  const changeLanguage = useCallback(
    (language: Language) => {
      // Switch first, save after: the words change at once even if saving is slow.
      void i18n.changeLanguage(language);
      updateSettings({ language });
    },
    [i18n, updateSettings],
  );

  // Main announces a lock before it closes the vault, so the case leaves the screen first.
  const showUnlock = useCallback(() => {
    if (!vaultOpen.current) return;
    vaultOpen.current = false;
    flushSync(() => {
      setPhase('unlock');
    });
  }, []);

  const lockNow = useCallback(() => {
    vaultOpen.current = false;
    // Blank the window before waiting on the core, so nothing of the case stays on screen.
    flushSync(() => {
      setPhase('locking');
    });
    void api.vault.lock({}).finally(() => {
      setPhase('unlock');
    });
  }, [api]);

  const markOpen = useCallback(() => {
    vaultOpen.current = true;
  }, []);

  const enterMain = useCallback(() => {
    vaultOpen.current = true;
    setPhase('main');
    // The auto-lock time the vault vouched for can only be read once it is unlocked.
    void api.settings.get({}).then((stored) => {
      if (stored.ok) setSettings(stored.value);
    });
  }, [api]);

  useEffect(() => api.on('vault:locked', showUnlock), [api, showUnlock]);
  useLockShortcut(lockNow, phase === 'main');
  useIdleLock(settings.autoLockMinutes, lockNow, phase === 'main');

  switch (phase) {
    case 'loading':
      return <p className="splash">{t('app.loading')}</p>;
    case 'locking':
      return (
        <div className="splash locked" role="status">
          <LockIcon className="lock-badge" />
          {t('app.locked')}
        </div>
      );
    case 'main':
      return (
        <Suspense fallback={<p className="splash">{t('app.loading')}</p>}>
          <MainLayout
            settings={settings}
            onSettingsChange={updateSettings}
            onLanguageChange={changeLanguage}
            onLock={lockNow}
            onVaultLocked={showUnlock}
            readInitialPlace={() => place.current}
            onPlaceChange={(next) => {
              place.current = next;
            }}
          />
        </Suspense>
      );
    default:
      return (
        <GateLayout language={settings.language} onLanguageChange={changeLanguage}>
          {phase === 'unavailable' && (
            <section>
              <p role="alert">{t('app.unavailable')}</p>
              <button
                type="button"
                className="button primary"
                onClick={() => {
                  setAttempt((n) => n + 1);
                }}
              >
                {t('app.tryAgain')}
              </button>
            </section>
          )}
          {phase === 'welcome' && placeIgnored !== null && (
            <VaultAway
              problem={placeIgnored}
              onFound={(status) => {
                // The language she chose on this screen stays: the found vault's own settings
                // are read once it is unlocked.
                setPlaceIgnored(null);
                setPhase(pickGatePhase(status));
              }}
              onStartNew={() => {
                setPlaceIgnored(null);
              }}
              onRestore={() => {
                setPhase('restore');
              }}
            />
          )}
          {phase === 'welcome' && placeIgnored === null && (
            <Welcome
              onCreated={markOpen}
              onDone={enterMain}
              onRestore={() => {
                setPhase('restore');
              }}
            />
          )}
          {phase === 'restore' && (
            <RestoreBackup
              onRestored={markOpen}
              onDone={enterMain}
              onBack={() => {
                setPhase('welcome');
              }}
            />
          )}
          {phase === 'repair' && <Repair onRepaired={markOpen} onDone={enterMain} />}
          {phase === 'unlock' && (
            <Unlock
              onUnlocked={enterMain}
              onForgot={() => {
                setPhase('recover');
              }}
            />
          )}
          {phase === 'recover' && (
            <Recover
              onRecovered={enterMain}
              onBack={() => {
                setPhase('unlock');
              }}
            />
          )}
        </GateLayout>
      );
  }
}
