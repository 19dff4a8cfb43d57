// Plain-language formatting shared by the report, the certificate drafts and index.html. Times are
// shown as the wall-clock time recorded in the case's zone, with the offset spelled out, because the
// reader compares them with the victim's phone and a court wants the zone stated.

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** "10 May 2024, 21:15 (UTC+05:30)"; a bare date gives "10 May 2024"; unparseable input is returned as is. */
export function formatDateTime(iso: string | null, unknown = 'unknown'): string {
  if (iso === null || iso === '') return unknown;
  const m = ISO.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, h, mi, , zone] = m;
  const month = MONTHS[Number(mo) - 1] ?? mo;
  const date = `${String(Number(d))} ${month ?? ''} ${y ?? ''}`;
  if (h === undefined || mi === undefined) return date;
  const offset = zone === undefined ? '' : zone === 'Z' ? ' UTC' : ` (UTC${zone})`;
  return `${date}, ${h}:${mi}${offset}`;
}

/** "12,345 bytes (12.1 KB)". */
export function formatSize(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-IN')} bytes`;
  if (bytes < 1024) return exact;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${exact} (${value.toFixed(1)} ${units[unit] ?? ''})`;
}

export function formatPeriod(period: { from: string | null; to: string | null }): string {
  if (period.from === null && period.to === null) return 'No dated entries';
  return `${formatDateTime(period.from)} to ${formatDateTime(period.to)}`;
}

const STATUS_LABELS: Record<string, string> = {
  todo: 'Not started',
  doing: 'In progress',
  done: 'Done',
  na: 'Not applicable',
};

export function formatStepStatus(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

/** "complaintNumber" → "Complaint number". */
export function humaniseKey(key: string): string {
  const spaced = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function formatReferences(references: Record<string, string>): string {
  const parts = Object.entries(references)
    .filter(([, value]) => value.trim() !== '')
    .map(([key, value]) => `${humaniseKey(key)}: ${value}`);
  return parts.join('; ');
}

export function formatCounterparty(counterparty: {
  name: string;
  numbers: string[];
  handles: string[];
}): string {
  const contacts = [...counterparty.numbers, ...counterparty.handles];
  return contacts.length === 0
    ? counterparty.name
    : `${counterparty.name} (${contacts.join(', ')})`;
}

export function padNumber(n: number): string {
  return String(n).padStart(4, '0');
}
