// Typed translation keys: a key missing from the English texts (en.json and en/*.json) is a compile error. hi.json is held to the same
// key set by test/renderer/i18n/locales.test.ts.
import 'i18next';
import type { en } from './locales';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
