// The app:// scheme that serves the built renderer (see app-origin.ts for why not file://).
// The path resolver and file reader are shared with the dev web transport, which has no Electron.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    // Every request is same-origin (app://sakshya to itself); without CORS, Electron refuses
    // cross-origin fetches to the scheme before our handler even runs.
    corsEnabled: false,
    codeCache: true,
    allowServiceWorkers: false,
    bypassCSP: false,
    stream: false,
  },
};

export interface ProtocolRegistrar {
  registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
}

export interface ProtocolHandlerHost {
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** Must run before `app` is ready: Chromium fixes scheme privileges at start-up. */
export function registerAppScheme(protocol: ProtocolRegistrar): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

export function serveAppProtocol(protocol: ProtocolHandlerHost, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}

export function createAppRequestHandler(
  rendererDir: string,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return plainResponse(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plainResponse(405, 'Method not allowed');
    const file = await readStaticFile(rendererDir, url.pathname);
    if (file === null) return plainResponse(404, 'Not found');
    const body = request.method === 'HEAD' ? null : new Uint8Array(file.body);
    return new Response(body, { status: 200, headers: staticHeaders(file.contentType) });
  };
}

export function staticHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

/**
 * Maps a URL path (still percent-encoded) to a file under `root`, or null. Refuses rather than
 * repairs: any `..` segment, backslash, colon, NUL, doubled leading slash or bad escape is refused
 * even where normalising would have landed inside the root, because such a request is never ours.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  if (!urlPath.startsWith('/') || urlPath.startsWith('//')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (/[\0\\:]/.test(decoded) || decoded.startsWith('//')) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const base = path.resolve(root);
  const resolved = path.resolve(base, relative);
  if (!resolved.startsWith(base + path.sep)) return null;
  return resolved;
}

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Reads a regular file under `root`, also refusing symlinks that lead out of it. */
export async function readStaticFile(
  root: string,
  urlPath: string,
): Promise<{ body: Buffer; contentType: string } | null> {
  const resolved = resolveStaticPath(root, urlPath);
  if (resolved === null) return null;
  try {
    const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(resolved)]);
    if (!realFile.startsWith(realRoot + path.sep)) return null;
    const stat = await fs.stat(realFile);
    if (!stat.isFile()) return null;
    return { body: await fs.readFile(realFile), contentType: contentTypeFor(realFile) };
  } catch {
    return null;
  }
}

function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: staticHeaders('text/plain; charset=utf-8') });
}
