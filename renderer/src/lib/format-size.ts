import type { Language } from '../i18n';
import { readLocale } from './format-date';

const UNITS = [
  { unit: 'gigabyte', size: 1024 ** 3 },
  { unit: 'megabyte', size: 1024 ** 2 },
  { unit: 'kilobyte', size: 1024 },
] as const;

/** "3.4 MB" / "3.4 एमबी": one decimal at most, in the reader's language. */
export function formatBytes(bytes: number, language: Language): string {
  const locale = readLocale(language);
  for (const { unit, size } of UNITS) {
    if (bytes >= size) {
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit,
        unitDisplay: 'short',
        maximumFractionDigits: 1,
      }).format(bytes / size);
    }
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(
    bytes,
  );
}

/**
 * Seconds left at the rate so far, or null while the estimate would be noise: during the first
 * second, and before any bytes have moved.
 */
export function estimateSecondsLeft(elapsedMs: number, done: number, total: number): number | null {
  if (elapsedMs < 1000 || done <= 0 || total <= done) return null;
  return Math.max(1, Math.round(((elapsedMs / done) * (total - done)) / 1000));
}
