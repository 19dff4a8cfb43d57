import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../shared/api-contract';
import type { EvidenceText, TextProgressPayload } from '../../../shared/contract/text';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers, type ApiHandlers } from '../../../main/api/handlers';
import type { EmitEvent } from '../../../main/api/locker';
import { AppCore } from '../../../main/core/app-core';
import { makeTempDir } from '../../helpers/temp-dir';

const SCREENSHOTS = path.resolve(__dirname, '../../fixtures/screenshots');
const PASS = 'monsoon tea on the terrace';

const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) {
    await core.text.idle();
    await core.previewsIdle();
    void core.close();
  }
});

async function call(handlers: ApiHandlers, name: string, input: unknown): Promise<unknown> {
  const result = await dispatchCall(handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code}`);
  return result.value;
}

describe('the text-reading calls', () => {
  it('read screenshots after an import, report calm progress, stop at a lock and resume after unlock', async () => {
    const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
    cores.push(core);
    const progress: TextProgressPayload[] = [];
    let lockAfterFirst = true;
    const emit: EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => {
      if (event !== 'text:progress') return;
      const p = payload as TextProgressPayload;
      progress.push(p);
      if (lockAfterFirst && p.done === 1) {
        lockAfterFirst = false;
        core.lock('idle');
      }
    };
    const handlers = createHandlers(core, { emit });
    await call(handlers, 'vault:create', { passphrase: PASS });
    const { id: caseId } = (await call(handlers, 'case:create', {
      title: 'QuickCash',
      timezone: 'Asia/Kolkata',
    })) as { id: string };
    const imported = (await call(handlers, 'evidence:import', {
      caseId,
      paths: [
        path.join(SCREENSHOTS, 'english-light.png'),
        path.join(SCREENSHOTS, 'hindi-dark.png'),
      ],
    })) as { results: { evidenceId: string; name: string }[] };
    // The import returned before any text was read: reading is a background job, which waits
    // for the import to go quiet and says so.
    expect(progress[0]).toEqual({ done: 0, total: 2, state: 'waiting' });
    await core.text.idle();
    // Then it says it reads, before the first picture is done.
    expect(progress.find((p) => p.state !== 'waiting')).toMatchObject({
      done: 0,
      state: 'reading',
    });
    expect(progress.at(-1)?.state).toBe('stopped');
    expect(core.status().unlocked).toBe(false);

    await call(handlers, 'vault:unlock', { passphrase: PASS });
    await core.text.idle();
    expect(progress.at(-1)).toMatchObject({ state: 'done', done: 1, total: 1 });
    expect(await call(handlers, 'text:status', {})).toMatchObject({ state: 'done' });

    const hindi = imported.results.find((r) => r.name === 'hindi-dark.png')!;
    const text = (await call(handlers, 'evidence:text', {
      evidenceId: hindi.evidenceId,
      search: 'धमकियाँ',
    })) as EvidenceText;
    expect(text.status).toBe('read');
    expect(text.matches).toHaveLength(1);
    expect(text.words[text.matches[0]!]?.text).toBe('धमकियाँ');
    const phone = text.facts.find((f) => f.kind === 'phone')!;
    expect(phone.person).toBeNull();
    await call(handlers, 'people:tieNumber', { caseId, number: phone.value, as: 'harasser' });
    const tied = (await call(handlers, 'evidence:text', {
      evidenceId: hindi.evidenceId,
    })) as EvidenceText;
    expect(tied.facts.find((f) => f.kind === 'phone')?.person?.role).toBe('harasser');
  });
});
