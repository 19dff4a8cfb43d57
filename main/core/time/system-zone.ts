// The computer's own time zone, when it knows one. An empty TZ makes Intl answer 'Etc/Unknown', and
// an unknown one (TZ=Mars/Olympus) leaves it undefined on Node 20; neither may ever be used as a
// case's clock, nor silently replaced by UTC, which would leave a 9:15 pm IST call unflagged.
import { isValidTimezone } from '../../../shared/domain-values';

/** The detected IANA zone, or null when there is none to trust (the caller must then ask). */
export function detectSystemTimeZone(
  resolve: () => string | undefined = () => Intl.DateTimeFormat().resolvedOptions().timeZone,
): string | null {
  let zone: string | undefined;
  try {
    zone = resolve();
  } catch {
    return null;
  }
  if (zone === undefined || zone === '' || zone === 'Etc/Unknown') return null;
  return isValidTimezone(zone) ? zone : null;
}
