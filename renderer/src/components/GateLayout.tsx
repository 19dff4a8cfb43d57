// The frame for every screen before the vault is open: one calm card, the name, and the language
// switch, since Meera may want Hindi before she has typed anything.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';

interface Props {
  language: Language;
  onLanguageChange: (language: Language) => void;
  children: ReactNode;
}

export function GateLayout({ language, onLanguageChange, children }: Props) {
  const { t } = useTranslation();
  return (
    <div className="gate">
      <header className="gate-header">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            स
          </span>
          {t('app.name')}
        </p>
        <LanguageSwitch language={language} onChange={onLanguageChange} />
      </header>
      <main className="gate-card">{children}</main>
    </div>
  );
}
