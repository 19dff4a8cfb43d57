// File names inside an export bundle must survive being unzipped on Windows, macOS and Linux by
// people who have never heard of Sakshya. Windows is the strictest, so its rules apply everywhere:
// no <>:"/\|?* or control characters, no reserved device names (CON, NUL, COM1 …, with any
// extension), no trailing dots or spaces, short names, and no two names equal after case-folding.
// Written by hand because the npm packages for this (sanitize-filename and the like) neither keep
// the extension when shortening nor count UTF-8 bytes, which is what zip and file systems limit.

/** Each name stays within this many UTF-8 bytes (zip tools and some file systems count bytes). */
export const MAX_NAME_BYTES = 120;

/** Windows' MAX_PATH: 260 UTF-16 units, the last of them for the terminating NUL. */
export const WINDOWS_MAX_PATH = 259;
/** Where a bundle is usually unpacked: 'C:\Users\<a name of up to 20 characters>\Downloads\'. */
export const UNPACK_PREFIX_CHARS = 'C:\\Users\\'.length + 20 + '\\Downloads\\'.length;
/** The longest part suffix a bundle's top folder can carry: '-part999-of-999'. */
export const PART_SUFFIX_CHARS = 15;

/**
 * The room, in UTF-16 units (what MAX_PATH counts), for a file name in `folder` of a bag whose
 * top folder is `top` (without its part suffix), so that its path stays under MAX_PATH even
 * where Explorer's "Extract All" puts it: a zip named like its top folder unpacks into a folder
 * of that name, so the top folder appears twice:
 *   C:\Users\<name>\Downloads\<top>\<top>\data\evidence\<file>
 */
export function measureNameRoom(top: string, folder = 'data/evidence/'): number {
  const topChars = top.length + PART_SUFFIX_CHARS + 1;
  return WINDOWS_MAX_PATH - UNPACK_PREFIX_CHARS - 2 * topChars - folder.length;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
/** An extension is kept only when it looks like one: short, and letters or digits. */
const EXTENSION = /\.[\p{L}\p{N}_-]{1,16}$/u;

/**
 * One safe file name (not a path) for `name`, within `maxBytes` UTF-8 bytes and `maxChars`
 * UTF-16 units.
 */
export function makeSafeName(name: string, maxBytes = MAX_NAME_BYTES, maxChars = Infinity): string {
  let safe = name.normalize('NFC').replace(FORBIDDEN, '_');
  safe = safe.replace(/[. ]+$/u, '').replace(/^ +/u, '');
  if (safe === '' || /^\.+$/u.test(safe)) safe = 'file';
  // 'CON', 'con.txt' and 'Con.tar.gz' are all the console device on Windows.
  const stem = safe.split('.')[0] ?? '';
  if (RESERVED.test(stem.trimEnd())) safe = `_${safe}`;
  return truncateKeepingExtension(safe, maxBytes, maxChars);
}

/**
 * Shortens to `maxBytes` UTF-8 bytes and `maxChars` UTF-16 units without splitting a character,
 * keeping the extension.
 */
export function truncateKeepingExtension(
  name: string,
  maxBytes: number,
  maxChars = Infinity,
): string {
  if (Buffer.byteLength(name, 'utf8') <= maxBytes && name.length <= maxChars) return name;
  const match = EXTENSION.exec(name);
  const extension = match !== null && match.index > 0 ? match[0] : '';
  const room = maxBytes - Buffer.byteLength(extension, 'utf8');
  const charRoom = maxChars - extension.length;
  let stem = '';
  let used = 0;
  for (const char of name.slice(0, name.length - extension.length)) {
    const size = Buffer.byteLength(char, 'utf8');
    if (used + size > room || stem.length + char.length > charRoom) break;
    stem += char;
    used += size;
  }
  // Cutting may expose a trailing dot or space, which Windows would silently drop.
  stem = stem.replace(/[. ]+$/u, '');
  return `${stem === '' ? 'file' : stem}${extension}`;
}

/**
 * Hands out names that are unique in one folder even on case-insensitive file systems (Windows,
 * macOS): 'Photo.jpg' and 'photo.JPG' would overwrite each other there, so the second gets ' (2)'.
 */
export class SafeNameAllocator {
  private readonly taken = new Set<string>();

  constructor(
    private readonly maxBytes = MAX_NAME_BYTES,
    private readonly maxChars = Infinity,
  ) {}

  allocate(name: string): string {
    const safe = makeSafeName(name, this.maxBytes, this.maxChars);
    if (this.claim(safe)) return safe;
    const match = EXTENSION.exec(safe);
    const extension = match !== null && match.index > 0 ? match[0] : '';
    const stem = safe.slice(0, safe.length - extension.length);
    for (let n = 2; ; n += 1) {
      const suffix = ` (${String(n)})${extension}`;
      const candidate = `${truncateKeepingExtension(stem, this.maxBytes - Buffer.byteLength(suffix, 'utf8'), this.maxChars - suffix.length)}${suffix}`;
      if (this.claim(candidate)) return candidate;
    }
  }

  private claim(name: string): boolean {
    const key = foldCase(name);
    if (this.taken.has(key)) return false;
    this.taken.add(key);
    return true;
  }
}

/** Case-folding as file systems do it, near enough: both directions, so 'ß' and 'SS' collide. */
export function foldCase(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase();
}

/** The bag's top folder: 'sakshya-<slug>-<date>', and '-partN-of-M' when the bundle is split. */
export function formatTopFolder(
  caseTitle: string,
  date: string,
  part: { index: number; count: number } = { index: 1, count: 1 },
): string {
  const suffix = part.count > 1 ? `-part${String(part.index)}-of-${String(part.count)}` : '';
  return `sakshya-${slugify(caseTitle)}-${date}${suffix}`;
}

/** A short lowercase slug for the bag's top folder, e.g. 'quickcash-loan-app'. */
export function slugify(text: string, maxLength = 40): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return slug === '' ? 'case' : slug;
}
