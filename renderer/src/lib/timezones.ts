// Timezone choices for a case. India first, then places where families and lenders often are;
// any other IANA zone can be typed and is checked against the browser's own zone database.
import { isValidTimezone } from '../../../shared/domain';
import { canonicalTimezone } from '../../../shared/time-zone-names';

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

export function detectTimezone(): string {
  // Windows and many Chromium builds report India as 'Asia/Calcutta': listed once, as Kolkata.
  const zone = canonicalTimezone(Intl.DateTimeFormat().resolvedOptions().timeZone);
  return zone !== '' && isValidTimezone(zone) ? zone : 'Asia/Kolkata';
}

export function listTimezones(current: string): string[] {
  // Only a complete, known zone joins the list; a half-typed one would be offered back as a choice.
  const first = isValidTimezone(current) ? [canonicalTimezone(current)] : [];
  return [...new Set([...first, ...COMMON_ZONES])];
}

export { isValidTimezone };
