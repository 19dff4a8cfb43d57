// Errors cross the boundary as closed codes; the words come from shared/errors.ts so the CLI and the
// app say the same thing in the same language. Raw messages are never shown.
import { useTranslation } from 'react-i18next';
import { ERROR_MESSAGES, type ErrorCode } from '../../../shared/errors';
import { readLanguage, type Language } from '../i18n';

export function describeError(code: ErrorCode, language: Language): string {
  return ERROR_MESSAGES[language][code];
}

export function useErrorText(): (code: ErrorCode) => string {
  const { i18n } = useTranslation();
  const language = readLanguage(i18n);
  return (code) => describeError(code, language);
}
