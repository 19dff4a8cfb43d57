import { describe, expect, it } from 'vitest';
import {
  ALLOWED_PERMISSIONS,
  CONTENT_SECURITY_POLICY,
  guardAllWebContents,
  guardSession,
  guardWebContents,
} from '../../../main/electron/security';
import { FakeSession, FakeWebContents, createFakeElectron } from '../../helpers/fake-electron';

describe('guardWebContents', () => {
  it('lets the page move within app://sakshya but not to any other address', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents);
    expect(contents.tryNavigate('app://sakshya/index.html#/cases')).toBe(false);
    expect(contents.tryNavigate('https://evil.example/')).toBe(true);
    expect(contents.tryNavigate('file:///etc/passwd')).toBe(true);
    expect(contents.tryNavigate('app://other/index.html')).toBe(true);
    expect(contents.tryNavigate('https://evil.example/', 'will-redirect')).toBe(true);
    expect(contents.tryFrameNavigate('https://evil.example/')).toBe(true);
    expect(contents.tryFrameNavigate('app://sakshya/index.html')).toBe(false);
  });

  it('denies window.open and webview attachment', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents);
    expect(contents.tryWindowOpen('https://evil.example/')).toBe('deny');
    expect(contents.tryWindowOpen('app://sakshya/index.html')).toBe('deny');
    expect(contents.tryAttachWebview()).toBe(true);
  });

  it('guards every WebContents the app creates', () => {
    const electron = createFakeElectron();
    guardAllWebContents(electron.app);
    const window = new electron.BrowserWindow({});
    expect(window.webContents.tryNavigate('https://evil.example/')).toBe(true);
    expect(window.webContents.tryWindowOpen('https://evil.example/')).toBe('deny');
  });
});

describe('guardSession', () => {
  it.each(['media', 'geolocation', 'clipboard-read', 'display-capture', 'hid', 'openExternal'])(
    'denies the %s permission when asked and when checked',
    async (permission) => {
      const session = new FakeSession();
      guardSession(session);
      expect(await session.requestPermission(permission)).toBe(false);
      expect(session.checkPermission(permission)).toBe(false);
    },
  );

  it('allows only writing plain text to the clipboard and showing the step reminder notification', async () => {
    const session = new FakeSession();
    guardSession(session);
    expect(await session.requestPermission('clipboard-sanitized-write')).toBe(true);
    expect(session.checkPermission('clipboard-sanitized-write')).toBe(true);
    expect(await session.requestPermission('notifications')).toBe(true);
    expect(session.checkPermission('notifications')).toBe(true);
    expect([...ALLOWED_PERMISSIONS].sort()).toEqual(['clipboard-sanitized-write', 'notifications']);
  });

  it('denies device access', () => {
    const session = new FakeSession();
    guardSession(session);
    expect(session.checkDevicePermission()).toBe(false);
  });

  it('blocks every request except our own origin, DevTools and inline images', async () => {
    const session = new FakeSession();
    guardSession(session);
    expect(await session.isRequestBlocked('app://sakshya/assets/app.js')).toBe(false);
    expect(await session.isRequestBlocked('devtools://devtools/bundled/devtools_app.html')).toBe(
      false,
    );
    expect(await session.isRequestBlocked('data:image/png;base64,AAAA')).toBe(false);
    expect(await session.isRequestBlocked('https://evil.example/beacon')).toBe(true);
    expect(await session.isRequestBlocked('http://127.0.0.1:8080/')).toBe(true);
    expect(await session.isRequestBlocked('file:///etc/passwd')).toBe(true);
    expect(await session.isRequestBlocked('ws://evil.example/')).toBe(true);
    expect(await session.isRequestBlocked('app://other/x.js')).toBe(true);
  });
});

describe('the content security policy', () => {
  it('allows only our own scripts, styles, fonts and connections, and no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src blob:; font-src 'self'; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });
});
