// A time zone as Meera knows it: "India (IST, UTC+5:30)", never "Asia/Calcutta". The country comes
// from a short table of the zones our users live in (Intl has no zone→country lookup); its name, the
// zone's short name and the offset come from the browser's own ICU data, in her language.
import type { Language } from '../i18n';

/** IANA zone → ISO 3166 region. Asia/Calcutta is the old name of Asia/Kolkata: the same zone. */
const ZONE_REGIONS: Record<string, string> = {
  'Asia/Kolkata': 'IN',
  'Asia/Calcutta': 'IN',
  'Asia/Dubai': 'AE',
  'Asia/Riyadh': 'SA',
  'Asia/Qatar': 'QA',
  'Asia/Kathmandu': 'NP',
  'Asia/Katmandu': 'NP',
  'Asia/Dhaka': 'BD',
  'Asia/Dacca': 'BD',
  'Asia/Karachi': 'PK',
  'Asia/Colombo': 'LK',
  'Asia/Singapore': 'SG',
  'Asia/Kuala_Lumpur': 'MY',
  'Asia/Hong_Kong': 'HK',
  'Asia/Shanghai': 'CN',
  'Asia/Tokyo': 'JP',
  'Australia/Sydney': 'AU',
  'Europe/London': 'GB',
  'Europe/Berlin': 'DE',
  'America/New_York': 'US',
  'America/Chicago': 'US',
  'America/Los_Angeles': 'US',
  'America/Toronto': 'CA',
};

/** Short zone names people use, where ICU would only give "GMT+5:30". */
const SHORT_NAMES: Record<string, string> = { IN: 'IST' };

function readOffset(zone: string, at: Date): string | null {
  try {
    const parts = new Intl.DateTimeFormat('en-IN', {
      timeZone: zone,
      timeZoneName: 'longOffset',
    }).formatToParts(at);
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? null;
  } catch {
    return null;
  }
}

/** 'GMT+05:30' → 'UTC+5:30'; 'GMT' → 'UTC'. */
function formatOffset(longOffset: string | null): string {
  if (longOffset === null || longOffset === 'GMT') return 'UTC';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(longOffset);
  if (match === null) return longOffset.replace('GMT', 'UTC');
  const [, sign = '+', hours = '0', minutes = '00'] = match;
  return `UTC${sign}${String(Number(hours))}${minutes === '00' ? '' : `:${minutes}`}`;
}

function readPlace(zone: string, language: Language): string {
  const region = ZONE_REGIONS[zone];
  if (region !== undefined) {
    try {
      const name = new Intl.DisplayNames([language], { type: 'region' }).of(region);
      if (name !== undefined) return name;
    } catch {
      // Fall through to the city name.
    }
  }
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  return (zone.split('/').at(-1) ?? zone).replaceAll('_', ' ');
}

/** "India (IST, UTC+5:30)"; in Hindi "भारत (IST, UTC+5:30)". Offsets as they are on `at`. */
export function formatZoneLabel(zone: string, language: Language, at: Date = new Date()): string {
  const place = readPlace(zone, language);
  const offset = formatOffset(readOffset(zone, at));
  if (place === 'UTC') return 'UTC';
  const region = ZONE_REGIONS[zone];
  const short = region === undefined ? undefined : SHORT_NAMES[region];
  return short === undefined ? `${place} (${offset})` : `${place} (${short}, ${offset})`;
}

/** True when two zone names are the same zone (Asia/Calcutta and Asia/Kolkata). */
export function isSameZone(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    const canonical = (zone: string): string =>
      new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    return canonical(a) === canonical(b) || (ZONE_REGIONS[a] === 'IN' && ZONE_REGIONS[b] === 'IN');
  } catch {
    return false;
  }
}
