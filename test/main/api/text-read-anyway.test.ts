// A camera photo is not read in the background (core/ocr/camera-photo.ts): the viewer's text says
// it is not a screenshot, and text:readAnyway reads it when the user asks.
import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvidenceText } from '../../../shared/contract/text';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers, type ApiHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { NOT_A_SCREENSHOT } from '../../../main/core/ocr/camera-photo';
import { makeTempDir } from '../../helpers/temp-dir';

// A small Canon photo: its EXIF names the camera and the exposure.
const PHOTO = path.resolve(__dirname, '../../fixtures/photos/img_1771.jpg');

const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

async function call<T>(handlers: ApiHandlers, name: string, input: unknown): Promise<T> {
  const result = await dispatchCall(handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code}`);
  return result.value as T;
}

describe('text:readAnyway', () => {
  it('reads a camera photo the background reading left unread, when the user asks', async () => {
    const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
    cores.push(core);
    const handlers = createHandlers(core, { emit: () => undefined });
    await core.create('monsoon tea on the terrace');
    const { id: caseId } = core.createCase({ title: 'QuickCash', timezone: 'Asia/Kolkata' });
    const [imported] = await core.importEvidence({
      taskId: crypto.randomUUID(),
      caseId,
      paths: [PHOTO],
    });
    const evidenceId = imported?.status === 'imported' ? imported.evidenceId : '';
    await core.text.idle();
    const skipped = await call<EvidenceText>(handlers, 'evidence:text', { evidenceId });
    expect(skipped).toMatchObject({ status: 'not-a-screenshot', reason: NOT_A_SCREENSHOT });

    expect(await call(handlers, 'text:readAnyway', { evidenceId })).toEqual({ queued: true });
    await core.text.idle();
    const read = await call<EvidenceText>(handlers, 'evidence:text', { evidenceId });
    expect(['read', 'no-text']).toContain(read.status);
    expect(read.reason).not.toBe(NOT_A_SCREENSHOT);
  });
});
