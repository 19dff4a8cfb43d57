// One name per time zone. The IANA database renamed some zones and kept the old names as links;
// ICU (so Chromium, Electron and Node's Intl) still reports several old ones as canonical. On
// Windows, and in many Chromium builds, India's zone comes back as 'Asia/Calcutta', so a list
// built from the system zone plus our own 'Asia/Kolkata' showed India twice. Every zone that is
// stored or listed goes through canonicalTimezone first.

/** Old name → current IANA name, for the links ICU still hands out (and the ones near India). */
const RENAMED_ZONES: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Dacca': 'Asia/Dhaka',
  'Asia/Thimbu': 'Asia/Thimphu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Ulan_Bator': 'Asia/Ulaanbaatar',
  'Europe/Kiev': 'Europe/Kyiv',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Enderbury': 'Pacific/Kanton',
};

export function canonicalTimezone(zone: string): string {
  return RENAMED_ZONES[zone] ?? zone;
}

/** True when the two names are the same zone ('Asia/Calcutta' and 'Asia/Kolkata'). */
export function isSameTimezone(a: string, b: string): boolean {
  return canonicalTimezone(a) === canonicalTimezone(b);
}
