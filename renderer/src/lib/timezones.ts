// Timezone choices for a case. India first, then places where families and lenders often are;
// any other IANA zone can be typed and is checked against the browser's own zone database.
import { isValidTimezone } from '../../../shared/domain';

const COMMON_ZONES = [
  'Asia/Kolkata',
  'Asia/Dubai',
  'Asia/Riyadh',
  'Asia/Qatar',
  'Asia/Kathmandu',
  'Asia/Dhaka',
  'Asia/Karachi',
  'Asia/Colombo',
  'Asia/Singapore',
  'Asia/Kuala_Lumpur',
  'Asia/Hong_Kong',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Toronto',
  'UTC',
];

/**
 * This computer's zone, or null when it names none it can trust (an empty TZ gives 'Etc/Unknown'):
 * the form then asks, rather than guessing a zone that could leave a late-night call unflagged.
 */
export function detectTimezone(
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

export function listTimezones(current: string): string[] {
  // Only a complete, known zone joins the list; a half-typed one would be offered back as a choice.
  const first = isValidTimezone(current) ? [current] : [];
  return [...new Set([...first, ...COMMON_ZONES])];
}

export { isValidTimezone };
