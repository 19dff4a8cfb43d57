import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../../../main/electron/app-origin';
import {
  APP_SCHEME_PRIVILEGES,
  createAppRequestHandler,
  resolveStaticPath,
} from '../../../main/electron/protocol';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/security';
import { makeTempDir } from '../../helpers/temp-dir';

function makeRendererDir(): string {
  const root = path.join(makeTempDir(), 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Sakshya</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  return root;
}

describe('resolveStaticPath', () => {
  const root = path.resolve('/srv/renderer');

  it('maps the root and plain asset paths to files inside the renderer folder', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveStaticPath(root, '/assets/my%20font.woff2')).toBe(
      path.join(root, 'assets', 'my font.woff2'),
    );
  });

  it.each([
    ['a parent segment', '/../secret.txt'],
    ['a nested parent segment', '/assets/../../secret.txt'],
    ['an encoded slash after dots', '/..%2fsecret.txt'],
    ['encoded dots and slash', '/%2e%2e%2fsecret.txt'],
    ['an upper-case encoded slash', '/assets/..%2F..%2Fsecret.txt'],
    ['a backslash', '/..%5csecret.txt'],
    ['a raw backslash', '/assets\\..\\secret.txt'],
    ['a NUL byte', '/index.html%00.png'],
    ['an absolute path', '//etc/passwd'],
    ['an encoded absolute path', '/%2fetc%2fpasswd'],
    ['a Windows drive path', '/C:/Windows/win.ini'],
    ['a bad escape', '/%E0%A4%A'],
    ['a dot segment', '/./index.html'],
    ['a path without a leading slash', 'index.html'],
  ])('refuses %s', (_label, urlPath) => {
    expect(resolveStaticPath(root, urlPath)).toBeNull();
  });
});

describe('the app:// request handler', () => {
  it('serves index.html with the content security policy and a JavaScript type for scripts', async () => {
    const handle = createAppRequestHandler(makeRendererDir());
    const page = await handle(new Request(APP_ENTRY_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>Sakshya</title>');

    const script = await handle(new Request('app://sakshya/assets/app.js'));
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 404 for traversal, missing files, folders and other hosts', async () => {
    const renderer = makeRendererDir();
    fs.writeFileSync(path.join(path.dirname(renderer), 'secret.txt'), 'secret');
    const handle = createAppRequestHandler(renderer);
    for (const url of [
      'app://sakshya/..%2fsecret.txt',
      'app://sakshya/assets/..%2F..%2Fsecret.txt',
      'app://sakshya/missing.js',
      'app://sakshya/assets',
      'app://elsewhere/index.html',
    ]) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('secret');
    }
  });

  it('refuses a symlink that leads out of the renderer folder', async () => {
    const renderer = makeRendererDir();
    const outside = path.join(path.dirname(renderer), 'secret.txt');
    fs.writeFileSync(outside, 'secret');
    fs.symlinkSync(outside, path.join(renderer, 'link.txt'));
    const response = await createAppRequestHandler(renderer)(new Request('app://sakshya/link.txt'));
    expect(response.status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const handle = createAppRequestHandler(makeRendererDir());
    const response = await handle(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });
});

describe('the app scheme', () => {
  it('is registered as a standard, secure scheme that does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({
      standard: true,
      secure: true,
      bypassCSP: false,
      corsEnabled: false,
    });
  });

  it('recognises only app://sakshya as our origin', () => {
    expect(isAppUrl('app://sakshya/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://sakshya/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
