// File names inside an export bundle must survive being unzipped on Windows, macOS and Linux by
// people who have never heard of Sakshya. Windows is the strictest, so its rules apply everywhere:
// no <>:"/\|?* or control characters, no reserved device names (CON, NUL, COM1 …, with any
// extension), no trailing dots or spaces, short names, and no two names equal after case-folding.
// Written by hand because the npm packages for this (sanitize-filename and the like) neither keep
// the extension when shortening nor count UTF-8 bytes, which is what zip and file systems limit.

/** Each name stays within this many UTF-8 bytes, so paths stay under Windows' 260-character limit. */
export const MAX_NAME_BYTES = 120;

// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
/** An extension is kept only when it looks like one: short, and letters or digits. */
const EXTENSION = /\.[\p{L}\p{N}_-]{1,16}$/u;

/** One safe file name (not a path) for `name`, within `maxBytes` UTF-8 bytes. */
export function makeSafeName(name: string, maxBytes = MAX_NAME_BYTES): string {
  let safe = name.normalize('NFC').replace(FORBIDDEN, '_');
  safe = safe.replace(/[. ]+$/u, '').replace(/^ +/u, '');
  if (safe === '' || /^\.+$/u.test(safe)) safe = 'file';
  // 'CON', 'con.txt' and 'Con.tar.gz' are all the console device on Windows.
  const stem = safe.split('.')[0] ?? '';
  if (RESERVED.test(stem.trimEnd())) safe = `_${safe}`;
  return truncateKeepingExtension(safe, maxBytes);
}

/** Shortens to `maxBytes` UTF-8 bytes without splitting a character, keeping the extension. */
export function truncateKeepingExtension(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name, 'utf8') <= maxBytes) return name;
  const match = EXTENSION.exec(name);
  const extension = match !== null && match.index > 0 ? match[0] : '';
  const room = maxBytes - Buffer.byteLength(extension, 'utf8');
  let stem = '';
  let used = 0;
  for (const char of name.slice(0, name.length - extension.length)) {
    const size = Buffer.byteLength(char, 'utf8');
    if (used + size > room) break;
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

  constructor(private readonly maxBytes = MAX_NAME_BYTES) {}

  allocate(name: string): string {
    const safe = makeSafeName(name, this.maxBytes);
    if (this.claim(safe)) return safe;
    const match = EXTENSION.exec(safe);
    const extension = match !== null && match.index > 0 ? match[0] : '';
    const stem = safe.slice(0, safe.length - extension.length);
    for (let n = 2; ; n += 1) {
      const suffix = ` (${String(n)})${extension}`;
      const candidate = `${truncateKeepingExtension(stem, this.maxBytes - Buffer.byteLength(suffix, 'utf8'))}${suffix}`;
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
