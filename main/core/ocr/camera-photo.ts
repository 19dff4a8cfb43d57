// A cheap rule, on what the import already recorded, that tells a camera photo from a screenshot
// before any pixel is decoded. Reading a photo took 16–41 s under load (issue 20) and found
// nothing in most, and every unlock queued the unread ones again; a photo is now marked "not a
// screenshot, text not read" at once, and the user can ask for it to be read (text:readAnyway,
// `sakshya read-text --id`).
//
// A screenshot never carries exposure settings: the phone's screen is not a lens. So a picture is
// taken for a camera photo only when its EXIF names a camera (Make or Model) AND records how the
// shot was exposed (exposure time, f-number, ISO or focal length), and neither its name nor its
// software says "screenshot". Anything else (no EXIF, a forwarded picture whose EXIF was
// stripped, a screenshot saved as JPEG) is read as before.
import type { Evidence } from '../../../shared/domain';

export const NOT_A_SCREENSHOT =
  'Not a screenshot: this looks like a camera photo, so its text was not read. You can ask for it to be read.';

const EXPOSURE_TAGS = ['ExposureTime', 'FNumber', 'ISO', 'FocalLength', 'ApertureValue'];
const SCREENSHOT_WORDS = /screen\s*shot|screenshot|screen[ _-]?cap|scr_|स्क्रीनशॉट/iu;

export function looksLikeCameraPhoto(
  evidence: Pick<Evidence, 'originalName' | 'metadata'>,
): boolean {
  const meta = evidence.metadata;
  const named = isText(meta.Make) || isText(meta.Model);
  const exposed = EXPOSURE_TAGS.some((tag) => meta[tag] !== undefined && meta[tag] !== null);
  if (!named || !exposed) return false;
  const software = typeof meta.Software === 'string' ? meta.Software : '';
  return !SCREENSHOT_WORDS.test(evidence.originalName) && !SCREENSHOT_WORDS.test(software);
}

function isText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
