// The dev/test transport: the same contract calls as the Electron IPC wrapper, over HTTP on
// 127.0.0.1, so the renderer can run in a normal browser (and Playwright). Never packaged.
// Guards: a random token on every request, Host and Origin checks against DNS rebinding and
// cross-site requests, a body size cap, and the same static-file rules and CSP as app://.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { EVENTS, type ApiResult } from '../../shared/api-contract';
import { ERROR_MESSAGES } from '../../shared/errors';
import { failWith } from '../api/dispatch';
import { createLocker, type EmitEvent } from '../api/locker';
import type { AppCore } from '../core/app-core';
import {
  runCoreInThisThread,
  startCoreHost,
  type CoreHost,
  type HostServices,
} from '../core-host/core-host';
import { readStaticFile, staticHeaders } from '../electron/protocol';
import { DOWNLOAD_PREFIX, ExportDownloadStore } from './export-downloads';
import { UploadStore } from './uploads';

export const TOKEN_HEADER = 'x-sakshya-token';
export const TOKEN_COOKIE = 'sakshya_token';
export const MAX_BODY_BYTES = 1024 * 1024;
const CALL_PREFIX = '/api/call/';
const EVENTS_PATH = '/api/events';
const UPLOAD_PATH = '/api/upload';
const HEARTBEAT_MS = 20_000;

export type WebTransportOptions = WebTransportCommon &
  (
    | {
        /** The vault the core host (a worker thread, as in the desktop app) opens. */
        vaultDir: string;
        /** The remembered vault place (core/vault/vault-pointer.ts); left out, the folder is fixed. */
        pointerFile?: string | undefined;
        scryptLogN?: number | undefined;
        /** The host died; by default one line on stderr, and every call fails as internal. */
        onCrash?: (error: Error) => void;
      }
    | {
        /** Tests that seed or inspect an AppCore directly: the core runs in this thread. */
        core: AppCore;
      }
  );

interface WebTransportCommon {
  rendererDir: string;
  host?: '127.0.0.1';
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The cap on one uploaded file; MAX_UPLOAD_BYTES by default. */
  maxUploadBytes?: number;
  /** Where uploads wait, in a private folder of their own; the OS temp folder by default. */
  uploadParentDir?: string;
  /** What `backup:chooseFolder` answers here (there is no folder dialog); tests set it. */
  backupFolder?: string | undefined;
  /** What it answers for where a restored vault goes (purpose 'vault'); tests set it. */
  restoreVaultFolder?: string | undefined;
}

export interface WebTransport {
  /** http://127.0.0.1:PORT/?token=… — opening it sets the session cookie. */
  url: string;
  token: string;
  port: number;
  /** Pushes a contract event to every open /api/events stream. */
  emit: EmitEvent;
  /** Where the calls go: the core host, or the core in this thread. */
  host: CoreHost;
  close(): Promise<void>;
}

type Respond = (
  status: number,
  headers: Record<string, string>,
  body?: string | Uint8Array,
) => void;

export async function startWebTransport(options: WebTransportOptions): Promise<WebTransport> {
  const host = options.host ?? '127.0.0.1';
  const token = crypto.randomBytes(32).toString('hex');
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const emit: EmitEvent = (event, payload) => {
    const line = `data: ${JSON.stringify({ event, payload: EVENTS[event].parse(payload) })}\n\n`;
    for (const stream of streams) stream.write(line);
  };
  const uploads = new UploadStore({
    maxBytes: options.maxUploadBytes,
    parentDir: options.uploadParentDir,
  });
  const downloads = new ExportDownloadStore(options.uploadParentDir);
  const coreHost = await connectCore(options, {
    emit,
    uploads,
    downloads,
    backupFolder: options.backupFolder,
    restoreVaultFolder: options.restoreVaultFolder,
  });
  const locker = createLocker(coreHost, emit);
  // Uploaded copies and exported bundles are evidence in the clear: none survive a lock.
  const stopClearingUploads = coreHost.onLocked(() => {
    uploads.clear();
    downloads.clear();
  });

  const server = http.createServer((request, response) => {
    handleRequest(request, response).catch(() => {
      if (!response.headersSent)
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Internal error');
    });
  });

  async function handleRequest(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    const respond: Respond = (status, headers, body) => {
      response.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
      response.end(body);
    };
    const rawUrl = request.url ?? '/';
    const url = new URL(rawUrl, `http://${host}:${port}`);

    if (!isOwnHost(request.headers.host, port)) {
      drainAndRespond(request, respond, 403, 'Forbidden host');
      return;
    }
    if (!tokenMatches(presentedToken(request, url), token)) {
      drainAndRespond(request, respond, 401, 'Unauthorized');
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !isOwnOrigin(origin, port)) {
      drainAndRespond(request, respond, 403, 'Forbidden origin');
      return;
    }

    if (url.pathname.startsWith(CALL_PREFIX)) {
      if (request.method !== 'POST') {
        drainAndRespond(request, respond, 405, 'Use POST');
        return;
      }
      const name = safeDecode(url.pathname.slice(CALL_PREFIX.length));
      const body = await readBody(request);
      if (body === null) {
        respondJson(
          respond,
          413,
          failWith('INVALID_INPUT', `${ERROR_MESSAGES.en.INVALID_INPUT} (too large)`),
        );
        return;
      }
      const input = parseJson(body);
      if (input === undefined) {
        respondJson(
          respond,
          400,
          failWith('INVALID_INPUT', `${ERROR_MESSAGES.en.INVALID_INPUT} (not JSON)`),
        );
        return;
      }
      respondJson(respond, 200, await coreHost.call(name ?? '', input.value));
      return;
    }

    if (url.pathname === UPLOAD_PATH) {
      if (request.method !== 'POST') {
        drainAndRespond(request, respond, 405, 'Use POST');
        return;
      }
      await receiveUpload(request, url, uploads, respond);
      return;
    }

    if (url.pathname.startsWith(DOWNLOAD_PREFIX) && request.method === 'GET') {
      const file = downloads.resolve(url.pathname);
      if (file === null) {
        drainAndRespond(request, respond, 404, 'Not found');
        return;
      }
      sendDownload(response, file);
      return;
    }

    if (url.pathname === EVENTS_PATH && request.method === 'GET') {
      openEventStream(response, streams);
      return;
    }

    if (request.method === 'GET' || request.method === 'HEAD') {
      // The raw path, not URL's normalised one, so "/../x" is refused rather than quietly repaired.
      const file = await readStaticFile(options.rendererDir, rawUrl.split('?', 1)[0] ?? '/');
      if (file !== null) {
        const headers = staticHeaders(file.contentType);
        if (url.searchParams.has('token')) headers['Set-Cookie'] = sessionCookie(token);
        respond(200, headers, request.method === 'HEAD' ? undefined : file.body);
        return;
      }
    }
    drainAndRespond(request, respond, 404, 'Not found');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  // Comments keep idle streams from being dropped by the browser or a proxy.
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    url: `http://${host}:${port}/?token=${token}`,
    token,
    port,
    emit,
    host: coreHost,
    close: async () => {
      clearInterval(heartbeat);
      locker.dispose();
      stopClearingUploads();
      uploads.clear();
      downloads.clear();
      for (const stream of streams) stream.end();
      streams.clear();
      const closed = new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      server.closeAllConnections();
      await closed;
      // A core passed in is the caller's to close; a host started here is ours.
      if (!('core' in options)) await coreHost.close();
    },
  };
}

function connectCore(options: WebTransportOptions, services: HostServices): Promise<CoreHost> {
  if ('core' in options) return Promise.resolve(runCoreInThisThread(options.core, services));
  return startCoreHost({
    vaultDir: options.vaultDir,
    pointerFile: options.pointerFile,
    scryptLogN: options.scryptLogN,
    services,
    onCrash:
      options.onCrash ??
      ((error) => {
        console.error(`[sakshya] the core host stopped: ${error.name}`);
      }),
  });
}

/**
 * POST /api/upload?name=<encoded name>: the raw body is one file. Answers like a contract call,
 * `{ ok: true, value: { uploadId } }`, so the page reads it with the same code.
 */
async function receiveUpload(
  request: http.IncomingMessage,
  url: URL,
  uploads: UploadStore,
  respond: Respond,
): Promise<void> {
  const name = url.searchParams.get('name');
  if (name === null || name === '') {
    drainAndRespondJson(
      request,
      respond,
      400,
      failWith('INVALID_INPUT', `${ERROR_MESSAGES.en.INVALID_INPUT} (name)`),
    );
    return;
  }
  const declared = request.headers['content-length'];
  const outcome = await uploads.receive(
    request,
    name,
    declared === undefined ? undefined : Number(declared),
  );
  if (!outcome.ok) {
    const detail = outcome.reason === 'too-large' ? 'too large' : 'too many uploads waiting';
    drainAndRespondJson(
      request,
      respond,
      413,
      failWith('INVALID_INPUT', `${ERROR_MESSAGES.en.INVALID_INPUT} (${detail})`),
    );
    return;
  }
  respondJson(respond, 200, { ok: true, value: { uploadId: outcome.uploadId } });
}

function drainAndRespondJson(
  request: http.IncomingMessage,
  respond: Respond,
  status: number,
  result: ApiResult<unknown>,
): void {
  request.resume();
  respondJson(respond, status, result);
}

/** Streams a finished bundle as an attachment; a zip may be far larger than any body kept in memory. */
function sendDownload(response: http.ServerResponse, file: string): void {
  const name = path.basename(file);
  response.writeHead(200, {
    'Cache-Control': 'no-store',
    'Content-Type': 'application/zip',
    'Content-Length': String(fs.statSync(file).size),
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    'X-Content-Type-Options': 'nosniff',
  });
  fs.createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** Server-Sent Events: unnamed `message` events whose data is JSON `{ event, payload }`. */
function openEventStream(response: http.ServerResponse, streams: Set<http.ServerResponse>): void {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  response.write(': connected\n\n');
  streams.add(response);
  // The response's close, not the request's: a GET request "closes" as soon as it has been read.
  response.on('close', () => streams.delete(response));
}

function presentedToken(request: http.IncomingMessage, url: URL): string | undefined {
  const header = request.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  const query = url.searchParams.get('token');
  if (query !== null) return query;
  return readCookie(request.headers.cookie, TOKEN_COOKIE);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function tokenMatches(presented: string | undefined, token: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** DNS-rebinding defence: a hostile name that resolves to 127.0.0.1 still sends its own Host. */
export function isOwnHost(hostHeader: string | undefined, port: number): boolean {
  if (hostHeader === undefined) return false;
  const value = hostHeader.toLowerCase();
  return value === `127.0.0.1:${port}` || value === `localhost:${port}`;
}

function isOwnOrigin(origin: string, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function sessionCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Reads the whole body, or null when it is too large, after draining it so the client sees the 413. */
function readBody(request: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    let tooLarge = declared > MAX_BODY_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    request.on('end', () => {
      resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

function parseJson(body: string): { value: unknown } | undefined {
  if (body.trim() === '') return { value: {} };
  try {
    return { value: JSON.parse(body) as unknown };
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function respondJson(respond: Respond, status: number, result: ApiResult<unknown>): void {
  respond(status, { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify(result));
}

function drainAndRespond(
  request: http.IncomingMessage,
  respond: Respond,
  status: number,
  text: string,
): void {
  request.resume();
  respond(status, { 'Content-Type': 'text/plain; charset=utf-8' }, text);
}
