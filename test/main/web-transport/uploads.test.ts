// The dev/test upload route: files sent by a browser land in a private temporary folder, are
// imported under their original (sanitised) name, and are deleted afterwards or on lock.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sanitiseUploadName } from '../../../main/web-transport/uploads';
import { startWebTransport, type WebTransport } from '../../../main/web-transport/server';
import type { ApiResult, ImportResultItem } from '../../../shared/api-contract';
import { listFiles, makeTempDir } from '../../helpers/temp-dir';

const PHOTO = path.resolve(import.meta.dirname, '../../fixtures/photos/noexif.jpg');
const open: WebTransport[] = [];

afterEach(async () => {
  for (const transport of open.splice(0)) await transport.close();
});

interface Started {
  transport: WebTransport;
  base: string;
  uploadParent: string;
  caseId: string;
}

async function start(maxUploadBytes?: number): Promise<Started> {
  const root = makeTempDir();
  const rendererDir = path.join(root, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sakshya</title>');
  const uploadParent = path.join(root, 'tmp');
  fs.mkdirSync(uploadParent);
  // The core host, in its worker thread, as `npm run dev:web` runs it.
  const transport = await startWebTransport({
    vaultDir: path.join(root, 'vault'),
    scryptLogN: 10,
    rendererDir,
    uploadParentDir: uploadParent,
    ...(maxUploadBytes === undefined ? {} : { maxUploadBytes }),
  });
  open.push(transport);
  await transport.host.call('vault:create', { passphrase: 'monsoon tea on the terrace' });
  const created = await transport.host.call('case:create', { title: 'QuickCash' });
  const caseId = (created as { value: { id: string } }).value.id;
  return { transport, base: `http://127.0.0.1:${transport.port}`, uploadParent, caseId };
}

function upload(
  s: Started,
  name: string,
  body: Uint8Array,
  token = s.transport.token,
): Promise<Response> {
  return fetch(`${s.base}/api/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'x-sakshya-token': token, 'content-type': 'application/octet-stream' },
    body: Uint8Array.from(body),
  });
}

async function uploadId(s: Started, name: string, body: Uint8Array): Promise<string> {
  const response = await upload(s, name, body);
  expect(response.status).toBe(200);
  const result = (await response.json()) as ApiResult<{ uploadId: string }>;
  if (!result.ok) throw new Error(result.error.code);
  expect(result.value.uploadId).toMatch(/^[0-9a-f]{32}$/);
  return result.value.uploadId;
}

async function importUploads(
  s: Started,
  uploadIds: string[],
): Promise<ApiResult<{ results: ImportResultItem[] }>> {
  const response = await fetch(`${s.base}/api/call/evidence:import`, {
    method: 'POST',
    headers: { 'x-sakshya-token': s.transport.token, 'content-type': 'application/json' },
    body: JSON.stringify({ caseId: s.caseId, uploadIds }),
  });
  return (await response.json()) as ApiResult<{ results: ImportResultItem[] }>;
}

/** A chunked upload with no Content-Length, so the cap has to be enforced while streaming. */
function uploadChunked(s: Started, name: string, chunks: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: s.transport.port,
        method: 'POST',
        path: `/api/upload?name=${encodeURIComponent(name)}`,
        headers: { 'x-sakshya-token': s.transport.token },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          resolve(response.statusCode ?? 0);
        });
      },
    );
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

describe('the upload route', () => {
  it('refuses an upload without the token and keeps nothing', async () => {
    const s = await start();
    const response = await upload(s, 'a.png', new Uint8Array([1, 2, 3]), 'f'.repeat(64));
    expect(response.status).toBe(401);
    expect(listFiles(s.uploadParent)).toEqual([]);
  });

  it('takes only POST, and needs a name', async () => {
    const s = await start();
    const get = await fetch(`${s.base}/api/upload?name=a.png`, {
      headers: { 'x-sakshya-token': s.transport.token },
    });
    expect(get.status).toBe(405);
    const nameless = await fetch(`${s.base}/api/upload`, {
      method: 'POST',
      headers: { 'x-sakshya-token': s.transport.token },
      body: 'x',
    });
    expect(nameless.status).toBe(400);
  });

  it('imports an uploaded file under its original name, then deletes the temporary copy', async () => {
    const s = await start();
    const id = await uploadId(s, 'Screenshot_20240512-214301.jpg', fs.readFileSync(PHOTO));
    const waiting = listFiles(s.uploadParent);
    expect(waiting).toHaveLength(1);
    expect(path.basename(waiting[0] ?? '')).toBe('Screenshot_20240512-214301.jpg');
    if (process.platform !== 'win32') {
      const folder = path.join(
        s.uploadParent,
        path.dirname(waiting[0] ?? '').split(path.sep)[0] ?? '',
      );
      expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    }

    const result = await importUploads(s, [id]);
    expect(result).toMatchObject({
      ok: true,
      value: {
        results: [
          {
            name: 'Screenshot_20240512-214301.jpg',
            status: 'imported',
            capturedAtSource: 'filename',
          },
        ],
      },
    });
    const listed = await s.transport.host.call('evidence:list', { caseId: s.caseId });
    const items = (listed as { value: { originalName: string }[] }).value;
    expect(items.map((item) => item.originalName)).toEqual(['Screenshot_20240512-214301.jpg']);
    expect(listFiles(s.uploadParent)).toEqual([]);
    // The id is spent.
    expect(await importUploads(s, [id])).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('sanitises the name so it can never leave its folder or hide its extension', async () => {
    const s = await start();
    const id = await uploadId(s, '../../evil\u0000na\u202eme.png', fs.readFileSync(PHOTO));
    const [stored] = listFiles(s.uploadParent);
    expect(stored?.split(path.sep)).toHaveLength(3);
    expect(path.basename(stored ?? '')).toBe('evil_na_me.png');
    const result = await importUploads(s, [id]);
    expect(result).toMatchObject({
      ok: true,
      value: { results: [{ name: 'evil_na_me.png', status: 'imported' }] },
    });
  });

  it('refuses a file over the cap, declared or streamed, and keeps nothing of it', async () => {
    const s = await start(1024);
    const declared = await upload(s, 'big.bin', new Uint8Array(2048));
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await uploadChunked(s, 'big.bin', [Buffer.alloc(600), Buffer.alloc(600)])).toBe(413);
    expect(listFiles(s.uploadParent)).toEqual([]);
    expect(await uploadChunked(s, 'small.bin', [Buffer.alloc(500), Buffer.alloc(500)])).toBe(200);
    expect(listFiles(s.uploadParent)).toHaveLength(1);
  });

  it('deletes every waiting upload when the vault locks', async () => {
    const s = await start();
    const id = await uploadId(s, 'a.jpg', fs.readFileSync(PHOTO));
    expect(listFiles(s.uploadParent)).toHaveLength(1);
    s.transport.host.lock('user');
    expect(fs.readdirSync(s.uploadParent)).toEqual([]);
    await s.transport.host.call('vault:unlock', { passphrase: 'monsoon tea on the terrace' });
    expect(await importUploads(s, [id])).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('upload names', () => {
  it('keeps ordinary names, Hindi included, exactly', () => {
    expect(sanitiseUploadName('Screenshot_20240512-214301.png')).toBe(
      'Screenshot_20240512-214301.png',
    );
    expect(sanitiseUploadName('धमकी का मैसेज.jpg')).toBe('धमकी का मैसेज.jpg');
  });

  it('removes folders, separators, control and reserved characters, and empty or dot names', () => {
    expect(sanitiseUploadName('C:\\Users\\meera\\a.png')).toBe('a.png');
    expect(sanitiseUploadName('a<b>c:d"e|f?g*h.png')).toBe('a_b_c_d_e_f_g_h.png');
    expect(sanitiseUploadName('..')).toBe('file');
    expect(sanitiseUploadName('   ')).toBe('file');
    expect(sanitiseUploadName('name. . ')).toBe('name');
    expect(sanitiseUploadName('CON.txt')).toBe('_CON.txt');
  });

  it('shortens a very long name within 200 bytes, keeping its extension', () => {
    const long = `${'अ'.repeat(300)}.jpg`;
    const short = sanitiseUploadName(long);
    expect(Buffer.byteLength(short)).toBeLessThanOrEqual(200);
    expect(short.endsWith('अ.jpg')).toBe(true);
  });
});
