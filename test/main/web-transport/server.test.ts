import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/security';
import {
  MAX_BODY_BYTES,
  startWebTransport,
  type WebTransport,
} from '../../../main/web-transport/server';
import { makeTempDir } from '../../helpers/temp-dir';

const open: WebTransport[] = [];

afterEach(async () => {
  for (const transport of open.splice(0)) await transport.close();
});

async function start(): Promise<{ transport: WebTransport; base: string }> {
  const root = makeTempDir();
  const rendererDir = path.join(root, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sakshya</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'secret');
  // The core host, in its worker thread, as `npm run dev:web` runs it.
  const transport = await startWebTransport({
    vaultDir: path.join(root, 'vault'),
    scryptLogN: 10,
    rendererDir,
  });
  open.push(transport);
  return { transport, base: `http://127.0.0.1:${transport.port}` };
}

/** A raw request, so the test controls the Host header and the exact path bytes. */
function rawRequest(
  port: number,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

function call(base: string, token: string, name: string, body: string): Promise<Response> {
  return fetch(`${base}/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sakshya-token': token },
    body,
  });
}

describe('the web transport', () => {
  it('listens on 127.0.0.1 with a 64-hex-digit token in its URL', async () => {
    const { transport } = await start();
    expect(transport.token).toMatch(/^[0-9a-f]{64}$/);
    expect(transport.url).toBe(`http://127.0.0.1:${transport.port}/?token=${transport.token}`);
  });

  it('answers 401 on every route without the token or with a wrong one', async () => {
    const { transport, base } = await start();
    const wrong = 'f'.repeat(64);
    for (const route of ['/', '/index.html', '/assets/app.js', '/api/events', '/nowhere']) {
      expect((await fetch(`${base}${route}`)).status, route).toBe(401);
      expect(
        (await fetch(`${base}${route}`, { headers: { 'x-sakshya-token': wrong } })).status,
        route,
      ).toBe(401);
      expect((await fetch(`${base}${route}?token=${wrong}`)).status, route).toBe(401);
      expect(
        (await fetch(`${base}${route}`, { headers: { cookie: `sakshya_token=${wrong}` } })).status,
        route,
      ).toBe(401);
    }
    expect((await call(base, wrong, 'vault:status', '{}')).status).toBe(401);
    expect((await call(base, transport.token.slice(1), 'vault:status', '{}')).status).toBe(401);
  });

  it('refuses a Host header that is not 127.0.0.1 or localhost on our port', async () => {
    const { transport } = await start();
    const token = { 'x-sakshya-token': transport.token };
    for (const host of [
      'evil.example',
      `evil.example:${transport.port}`,
      `127.0.0.1:${transport.port + 1}`,
    ]) {
      const response = await rawRequest(transport.port, { path: '/', headers: { ...token, host } });
      expect(response.status, host).toBe(403);
    }
    const ok = await rawRequest(transport.port, {
      path: '/',
      headers: { ...token, host: `localhost:${transport.port}` },
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a call sent from another origin', async () => {
    const { transport } = await start();
    const response = await rawRequest(transport.port, {
      path: '/api/call/vault:status',
      method: 'POST',
      headers: {
        'x-sakshya-token': transport.token,
        origin: 'http://evil.example',
        host: `127.0.0.1:${transport.port}`,
      },
      body: '{}',
    });
    expect(response.status).toBe(403);
  });

  it('serves the page with the CSP and sets an HttpOnly, SameSite=Strict cookie that then admits assets', async () => {
    const { transport, base } = await start();
    const page = await fetch(transport.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`sakshya_token=${transport.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const asset = await fetch(`${base}/assets/app.js`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
  });

  it('runs contract calls against the real core', async () => {
    const { transport, base } = await start();
    const created = await call(
      base,
      transport.token,
      'vault:create',
      JSON.stringify({ passphrase: 'a long passphrase' }),
    );
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({
      ok: true,
      value: { recoveryKey: expect.any(String) as string },
    });
    const added = await call(
      base,
      transport.token,
      'case:create',
      JSON.stringify({ title: 'Threats on WhatsApp' }),
    );
    expect(await added.json()).toMatchObject({ ok: true, value: { title: 'Threats on WhatsApp' } });
    const wrong = await call(
      base,
      transport.token,
      'vault:unlock',
      JSON.stringify({ passphrase: 'not it at all' }),
    );
    expect(await wrong.json()).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
  });

  it('answers malformed JSON, unknown calls and oversized bodies with INVALID_INPUT', async () => {
    const { transport, base } = await start();
    const malformed = await call(base, transport.token, 'vault:unlock', '{"passphrase": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const unknown = await call(base, transport.token, 'vault:explode', '{}');
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const huge = await call(
      base,
      transport.token,
      'vault:unlock',
      JSON.stringify({ passphrase: 'x'.repeat(MAX_BODY_BYTES) }),
    );
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(
      (
        await fetch(`${base}/api/call/vault:status`, {
          headers: { 'x-sakshya-token': transport.token },
        })
      ).status,
    ).toBe(405);
  });

  it('refuses path traversal and answers 404 for unknown paths', async () => {
    const { transport } = await start();
    const headers = { 'x-sakshya-token': transport.token };
    for (const route of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2F..%2Fsecret.txt',
      '/%2e%2e/secret.txt',
      '/nowhere.js',
    ]) {
      const response = await rawRequest(transport.port, { path: route, headers });
      expect(response.status, route).toBe(404);
      expect(response.body, route).not.toContain('secret');
    }
  });

  it('streams a vault:locked event to /api/events when the core locks', async () => {
    const { transport, base } = await start();
    await transport.host.call('vault:create', { passphrase: 'a long passphrase' });
    const controller = new AbortController();
    const response = await fetch(`${base}/api/events?token=${transport.token}`, {
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    transport.host.lock('idle');
    while (!text.includes('\n\ndata: ') || !text.endsWith('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    const data = text.split('\n').find((line) => line.startsWith('data: '));
    expect(JSON.parse(data?.slice('data: '.length) ?? 'null')).toEqual({
      event: 'vault:locked',
      payload: { reason: 'idle' },
    });
  });
});
