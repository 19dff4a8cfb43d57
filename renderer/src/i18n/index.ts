// One i18next instance per app (and per test), with both languages bundled: they are small, and the
// switch must apply at once with no loading step.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Settings } from '../../../shared/api-contract';
import { en, hi } from './locales';

export type Language = Settings['language'];

export const resources = { en: { translation: en }, hi: { translation: hi } } as const;

export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // React escapes text itself.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    // No console banner: the app prints nothing it does not need to.
    showSupportNotice: false,
  });
  return instance;
}

export function readLanguage(instance: i18n): Language {
  return instance.resolvedLanguage === 'hi' ? 'hi' : 'en';
}
