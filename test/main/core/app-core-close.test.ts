// AppCore.close() resolves only once its background queues (text reading, previews) have stopped,
// so nothing writes into the vault folder afterwards and the folder can be removed at once.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore } from '../../../main/core/app-core';

const SCREENSHOTS = path.resolve(__dirname, '../../fixtures/screenshots');

describe('AppCore.close', () => {
  it('waits for the text reading it cuts short, so the vault folder can be removed at once, without retries', async () => {
    // Not makeTempDir: its removal retries, which is what this test must not need.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-close-'));
    const core = new AppCore({ vaultDir: path.join(root, 'vault'), scryptLogN: 10 });
    await core.create('monsoon tea on the terrace');
    const { id: caseId } = core.createCase({ title: 'QuickCash', timezone: 'Asia/Kolkata' });
    // The reading begins once the import is quiet and the previews are made (import-quiet.ts).
    const begun = new Promise<void>((resolve) =>
      core.text.onPictureBegun(() => {
        resolve();
      }),
    );
    await core.importEvidence({
      taskId: crypto.randomUUID(),
      caseId,
      paths: [
        path.join(SCREENSHOTS, 'english-light.png'),
        path.join(SCREENSHOTS, 'hindi-dark.png'),
      ],
    });
    await begun;
    // The reader thread is at work on the first picture.
    expect(core.text.status()).toMatchObject({ done: 0, state: 'reading' });
    await core.close();
    fs.rmSync(root, { recursive: true });
    // Nothing comes back: no late write recreates the folder or a file in it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(fs.existsSync(root)).toBe(false);
  });
});
