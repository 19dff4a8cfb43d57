import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchCall, summariseFailure } from '../../../main/api/dispatch';
import { createHandlers, type ApiHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { ERROR_MESSAGES } from '../../../shared/errors';
import { makeTempDir } from '../../helpers/temp-dir';

const PASSPHRASE = 'correct horse battery staple';

function makeCore(): AppCore {
  return new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
}

function collectLog(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}

describe('dispatchCall', () => {
  it('creates a vault, adds a case and lists it through the contract', async () => {
    const core = makeCore();
    const handlers = createHandlers(core);
    expect(await dispatchCall(handlers, 'vault:status', {})).toEqual({
      ok: true,
      value: { exists: false, unlocked: false },
    });
    const created = await dispatchCall(handlers, 'vault:create', { passphrase: PASSPHRASE });
    expect(created.ok).toBe(true);
    const added = await dispatchCall(handlers, 'case:create', {
      title: 'Calls from QuickCash agents',
    });
    expect(added).toMatchObject({
      ok: true,
      value: { title: 'Calls from QuickCash agents', status: 'open' },
    });
    const listed = await dispatchCall(handlers, 'case:list', {});
    expect(listed).toMatchObject({ ok: true, value: [{ title: 'Calls from QuickCash agents' }] });
    void core.close();
  });

  it('refuses an unknown call name as invalid input', async () => {
    const result = await dispatchCall(createHandlers(makeCore()), 'vault:destroy', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses names inherited from Object.prototype', async () => {
    const result = await dispatchCall(createHandlers(makeCore()), 'constructor', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses malformed input and names the fields without echoing their values', async () => {
    const handlers = createHandlers(makeCore());
    const wrongType = await dispatchCall(handlers, 'vault:unlock', { passphrase: 42 });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!wrongType.ok) expect(wrongType.error.message).toContain('passphrase');

    const extraKey = await dispatchCall(handlers, 'vault:unlock', {
      passphrase: PASSPHRASE,
      stolen: 'x',
    });
    expect(extraKey).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!extraKey.ok) expect(extraKey.error.message).not.toContain(PASSPHRASE);

    for (const raw of [undefined, null, 'text', [PASSPHRASE]]) {
      expect(await dispatchCall(handlers, 'vault:unlock', raw)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
  });

  it('returns a Sakshya error as its code with the English message', async () => {
    const handlers = createHandlers(makeCore());
    expect(await dispatchCall(handlers, 'case:list', {})).toEqual({
      ok: false,
      error: { code: 'VAULT_LOCKED', message: ERROR_MESSAGES.en.VAULT_LOCKED },
    });
    expect(await dispatchCall(handlers, 'vault:unlock', { passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      error: { code: 'VAULT_NOT_FOUND' },
    });
  });

  it('turns an unexpected failure into INTERNAL and logs one line without the input or message', async () => {
    const real = createHandlers(makeCore());
    const failing: ApiHandlers = {
      ...real,
      'vault:unlock': (input) => {
        const error = new Error(`could not parse ${input.passphrase}`) as Error & { code: string };
        error.code = 'SQLITE_BUSY';
        throw error;
      },
    };
    const { lines, log } = collectLog();
    const result = await dispatchCall(failing, 'vault:unlock', { passphrase: PASSPHRASE }, { log });
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: ERROR_MESSAGES.en.INTERNAL },
    });
    expect(lines).toEqual(['[sakshya] vault:unlock failed: INTERNAL (Error code=SQLITE_BUSY)']);
  });

  it('refuses a result that does not match the contract, and strips fields the contract does not name', async () => {
    const real = createHandlers(makeCore());
    const { lines, log } = collectLog();
    const broken: ApiHandlers = {
      ...real,
      'vault:status': () =>
        ({ exists: 'yes', unlocked: false }) as unknown as ReturnType<ApiHandlers['vault:status']>,
    };
    expect(await dispatchCall(broken, 'vault:status', {}, { log })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    expect(lines).toHaveLength(1);

    const leaky: ApiHandlers = {
      ...real,
      'vault:status': () => ({ exists: true, unlocked: true, masterKey: 'secret' }),
    };
    expect(await dispatchCall(leaky, 'vault:status', {}, { log })).toEqual({
      ok: true,
      value: { exists: true, unlocked: true },
    });
  });
});

describe('summariseFailure', () => {
  it('keeps only safe-looking error names and codes', () => {
    const odd = Object.assign(new Error('secret text'), {
      name: 'Weird name with spaces',
      code: 'has spaces',
    });
    expect(summariseFailure('case:get', odd)).toBe('[sakshya] case:get failed: INTERNAL (object)');
    expect(summariseFailure('case:get', 'a thrown string')).toBe(
      '[sakshya] case:get failed: INTERNAL (string)',
    );
  });
});
