// Reminders while the app is open: a system notification on the day a step becomes due or goes
// overdue. Offline, so there is no server push; the Next steps card checks on opening and every
// half hour. The text is always the same generic sentence, never the step or the case, because
// notifications show on a screen others may see. Each step is announced at most once a day; what
// was announced is kept in localStorage as keyed hashes (HMACs) of case and step, and the day.
import type { NextStep } from '../../../shared/contract/steps';

export const REMINDER_STORE_KEY = 'sakshya-step-reminders';

export interface ReminderCandidate {
  /** A keyed hash of the case id and step ref. */
  key: string;
  reason: NextStep['reason'];
  date: string | null;
}

export interface ReminderPlan {
  /** Keys to announce now (one notification covers them all). */
  announce: string[];
  /** What to store: today's announced keys only, so the store never grows. */
  remembered: string[];
}

/**
 * Which steps to announce today: overdue ones, and those whose limit or opening day is today, that
 * were not announced today already. Pure, so the rule is tested without a clock or a browser.
 */
export function planReminders(
  candidates: readonly ReminderCandidate[],
  today: string,
  remembered: readonly string[],
): ReminderPlan {
  const todays = remembered.filter((entry) => entry.endsWith(`@${today}`));
  const seen = new Set(todays);
  const announce = candidates
    .filter(
      (candidate) =>
        candidate.reason === 'overdue' ||
        ((candidate.reason === 'due' || candidate.reason === 'opens') && candidate.date === today),
    )
    .map((candidate) => candidate.key)
    .filter((key, index, all) => all.indexOf(key) === index && !seen.has(`${key}@${today}`));
  return { announce, remembered: [...todays, ...announce.map((key) => `${key}@${today}`)] };
}

export function readRemembered(storage: Pick<Storage, 'getItem'>): string[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(REMINDER_STORE_KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((entry): entry is string => typeof entry === 'string')
      : [];
  } catch {
    return [];
  }
}

/**
 * An HMAC-SHA256 of the case and step under this vault's reminder key (an opaque per-vault value
 * from main, keys/subkeys.ts), so localStorage holds no trace of either that anyone without the
 * unlocked vault could test a guessed case or step id against.
 */
export async function hashStepKey(
  vaultKeyHex: string,
  caseId: string,
  ref: string,
): Promise<string> {
  const keyBytes = new Uint8Array(
    (vaultKeyHex.match(/[0-9a-f]{2}/g) ?? []).map((pair) => Number.parseInt(pair, 16)),
  );
  const key = await crypto.subtle.importKey(
    'raw',
    keyBytes,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${caseId}\n${ref}`));
  return [...new Uint8Array(mac)]
    .slice(0, 16)
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
}
