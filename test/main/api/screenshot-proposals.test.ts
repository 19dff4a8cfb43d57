// A chat screenshot imported through the app's own pipeline has its messages proposed by the
// background text reading, with no separate "read the messages" step: the real worker thread reads
// the picture and its chat, the core stores the proposals, and messages:list shows them.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScreenshotMessageView } from '../../../shared/contract/messages';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers, type ApiHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { makeTempDir } from '../../helpers/temp-dir';

const SCREENSHOT = path.resolve(
  __dirname,
  '../../fixtures/chat-screenshots/harasser/Screenshot_20240513-102000_WhatsApp.png',
);
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
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

describe('messages in a dropped chat screenshot', () => {
  it('are proposed by the background reading, without anyone asking, and count once confirmed', async () => {
    const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
    cores.push(core);
    const handlers = createHandlers(core, { emit: () => undefined });
    await call(handlers, 'vault:create', { passphrase: PASS });
    const { id: caseId } = (await call(handlers, 'case:create', {
      title: 'XYZ Loans',
      timezone: 'Asia/Kolkata',
      counterparty: {
        name: 'XYZ Loans',
        kind: 'loan-app',
        numbers: ['+91 98765 43210'],
        agentNames: [],
        handles: [],
      },
    })) as { id: string };
    const copy = path.join(makeTempDir(), path.basename(SCREENSHOT));
    fs.copyFileSync(SCREENSHOT, copy);
    const imported = (await call(handlers, 'evidence:import', { caseId, paths: [copy] })) as {
      results: { evidenceId: string }[];
    };
    const evidenceId = imported.results[0]?.evidenceId ?? '';
    // Nothing is proposed while the import returns: the reading is a background job.
    expect(await call(handlers, 'messages:list', { caseId })).toEqual([]);
    await core.text.idle();

    const proposed = (await call(handlers, 'messages:list', {
      caseId,
      status: 'proposed',
    })) as ScreenshotMessageView[];
    expect(proposed.map((one) => [one.localTime, one.side, one.text, one.occurredAt])).toEqual([
      ['2024-05-12 15:10', 'theirs', 'Pay today', '2024-05-12T09:40:00.000Z'],
      ['2024-05-12 20:49', 'theirs', 'We will call your brother', '2024-05-12T15:19:00.000Z'],
      ['2024-05-12 21:41', 'theirs', 'PAY NOW or we visit your office', '2024-05-12T16:11:00.000Z'],
      ['2024-05-12 22:03', 'mine', 'Please stop messaging at night', '2024-05-12T16:33:00.000Z'],
      [
        '2024-05-13 09:15',
        'theirs',
        'Last warning. Call 98765 43210 now',
        '2024-05-13T03:45:00.000Z',
      ],
    ]);
    expect(proposed.every((one) => one.sender === '+91 98765 43210')).toBe(true);
    expect(proposed.every((one) => one.evidenceId === evidenceId)).toBe(true);

    // Reading the queue again (an unlock, another import) proposes nothing twice.
    core.text.readPending(caseId);
    await core.text.idle();
    expect(await call(handlers, 'messages:list', { caseId })).toHaveLength(5);

    expect(await call(handlers, 'messages:confirm', { caseId, all: true })).toEqual({
      confirmed: 5,
      alreadyHere: 0,
    });
    const confirmed = (await call(handlers, 'messages:list', {
      caseId,
      status: 'confirmed',
    })) as ScreenshotMessageView[];
    expect(confirmed.every((one) => one.eventId !== null)).toBe(true);
  });
});
