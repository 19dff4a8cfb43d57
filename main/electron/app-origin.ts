// Our one origin. A custom privileged scheme instead of file:// gives the page a real origin, so the
// CSP, the IPC sender check and the navigation lock can all say "only app://sakshya".
export const APP_SCHEME = 'app';
export const APP_HOST = 'sakshya';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function isAppUrl(url: string): boolean {
  // URL.origin is "null" for non-special schemes under Node, so compare the parts instead.
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
