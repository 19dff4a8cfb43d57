// Locks every web page Electron creates to our own app:// origin: no navigation away, no new
// windows, no webviews, no permissions (camera, microphone, location, notifications…), and no
// network request to anything but app://. Sakshya is offline; a request elsewhere is a bug or an attack.
import { isAppUrl } from './app-origin';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  // Voice notes play from a blob made in memory from the decrypted bytes.
  'media-src blob:',
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's WebContents this module touches; the real one satisfies it. */
export interface GuardedWebContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent, url: string) => void,
  ): unknown;
  on(
    event: 'will-frame-navigate',
    listener: (details: PreventableEvent & { url: string }) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** The parts of Electron's Session this module touches. */
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
  webRequest: {
    onBeforeRequest(
      listener: (
        details: { url: string },
        callback: (response: { cancel: boolean }) => void,
      ) => void,
    ): void;
  };
}

export interface WebContentsCreatedSource {
  on(
    event: 'web-contents-created',
    listener: (event: unknown, contents: GuardedWebContents) => void,
  ): unknown;
}

/** Covers every WebContents, including any a future bug might open, not only our main window. */
export function guardAllWebContents(app: WebContentsCreatedSource): void {
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents);
  });
}

export function guardWebContents(contents: GuardedWebContents): void {
  const refuseForeign = (event: PreventableEvent, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.on('will-frame-navigate', (details) => {
    refuseForeign(details, details.url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * The two permissions granted: writing plain text to the clipboard, so "Copy" works for the
 * recovery key and hashes, and showing a system notification, for the due-day step reminder (its
 * text is generic and names nothing from the case). Reading the clipboard stays denied. Only our
 * own app:// pages ever load (see isRequestAllowed), so no remote page can use either.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set([
  'clipboard-sanitized-write',
  'notifications',
]);

export function guardSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(ALLOWED_PERMISSIONS.has(permission));
  });
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isRequestAllowed(details.url) });
  });
}

/** Our own pages, the DevTools frontend, and inline images the CSP already limits to img-src. */
export function isRequestAllowed(url: string): boolean {
  if (isAppUrl(url)) return true;
  const scheme = url.slice(0, url.indexOf(':') + 1).toLowerCase();
  return scheme === 'devtools:' || scheme === 'data:' || scheme === 'blob:';
}
