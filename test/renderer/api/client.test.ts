// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebApi, getSakshyaApi, takeToken } from '../../../renderer/src/api/client';

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('web transport client', () => {
  it('takes the token from the address bar, keeps it for the tab and removes it from the URL', () => {
    window.history.replaceState(null, '', '/index.html?token=abc123&x=1#top');
    expect(takeToken()).toBe('abc123');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#top');
    expect(takeToken()).toBe('abc123');
  });

  it('posts each call with the token header and returns the result', async () => {
    const fetchMock = vi.fn(() =>
      Promise.resolve(Response.json({ ok: true, value: { exists: true, unlocked: false } })),
    );
    vi.stubGlobal('fetch', fetchMock);
    const api = createWebApi('t0ken');
    expect(await api.vault.status({})).toEqual({
      ok: true,
      value: { exists: true, unlocked: false },
    });
    expect(fetchMock).toHaveBeenCalledWith('/api/call/vault:status', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sakshya-token': 't0ken' },
      body: '{}',
    });
  });

  it('turns an unknown error code or a failed request into INTERNAL', async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(Response.json({ ok: false, error: { code: 'NOPE', message: 'x' } })),
    );
    expect(await createWebApi('t').vault.status({})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('offline')));
    expect(await createWebApi('t').vault.status({})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('uses the API the preload exposed when there is one', () => {
    const exposed = { vault: {}, on: () => () => undefined };
    vi.stubGlobal('sakshya', exposed);
    expect(getSakshyaApi()).toBe(exposed);
  });
});
