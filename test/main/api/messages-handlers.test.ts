// The calls on messages read from screenshots, through the contract, on a real vault: listing the
// proposals of an imported WhatsApp screenshot, confirming one and then all, correcting one, and
// input the contract refuses.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers, type ApiHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { importPaths } from '../../../main/core/import/pipeline';
import { ChatTimeReader } from '../../../main/core/ocr/chat-times';
import { TextRecognizer } from '../../../main/core/ocr/recognize';
import { proposeMessagesFromEvidence } from '../../../main/core/ocr/screenshot-reading';
import type { ApiName, ApiOutput } from '../../../shared/api-contract';
import { makeTempDir } from '../../helpers/temp-dir';

const SCREENSHOT = path.resolve(
  import.meta.dirname,
  '../../fixtures/chat-screenshots/harasser/Screenshot_20240513-102000_WhatsApp.png',
);
const cores: AppCore[] = [];
const recognizer = new TextRecognizer();
const times = new ChatTimeReader(recognizer);
afterEach(() => {
  for (const core of cores.splice(0)) void core.close();
});
afterAll(async () => {
  await recognizer.close();
  await times.close();
});

async function call<N extends ApiName>(
  handlers: ApiHandlers,
  name: N,
  input: unknown,
): Promise<ApiOutput<N>> {
  const result = await dispatchCall(handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code}`);
  return result.value as ApiOutput<N>;
}

describe('messages calls', () => {
  it('list, confirm one and all, and correct the messages of a screenshot; refuse a confirm naming nothing', async () => {
    const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
    cores.push(core);
    const handlers = createHandlers(core);
    await call(handlers, 'vault:create', { passphrase: 'monsoon tea on the terrace' });
    const created = await call(handlers, 'case:create', {
      title: 'QuickCash',
      timezone: 'Asia/Kolkata',
      counterparty: { name: 'QuickCash', kind: 'loan-app', numbers: ['+919876543210'] },
    });
    const copy = path.join(makeTempDir(), path.basename(SCREENSHOT));
    fs.copyFileSync(SCREENSHOT, copy);
    const vault = core.requireVault();
    const [imported] = await importPaths(vault, [copy], { caseId: created.id });
    await proposeMessagesFromEvidence(vault, imported?.evidenceId ?? '', { recognizer, times });

    const proposed = await call(handlers, 'messages:list', {
      caseId: created.id,
      status: 'proposed',
    });
    expect(proposed).toHaveLength(5);
    expect(proposed[0]).toMatchObject({
      localTime: '2024-05-12 15:10',
      side: 'theirs',
      sender: '+91 98765 43210',
    });

    const refused = await dispatchCall(handlers, 'messages:confirm', { caseId: created.id });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? null : refused.error.code).toBe('INVALID_INPUT');

    expect(
      await call(handlers, 'messages:confirm', { caseId: created.id, ids: [proposed[0]?.id] }),
    ).toEqual({
      confirmed: 1,
      alreadyHere: 0,
    });
    const corrected = await call(handlers, 'messages:correct', {
      id: proposed[1]?.id,
      at: '2024-05-12T20:50:00+05:30',
    });
    expect(corrected).toMatchObject({
      status: 'confirmed',
      corrected: true,
      localTime: '2024-05-12 20:50',
    });
    expect(await call(handlers, 'messages:confirm', { caseId: created.id, all: true })).toEqual({
      confirmed: 3,
      alreadyHere: 0,
    });
    expect(
      await call(handlers, 'messages:list', { caseId: created.id, status: 'proposed' }),
    ).toEqual([]);
  }, 300_000);
});
