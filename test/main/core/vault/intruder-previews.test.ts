// Issue 16 item 7, as the intruder would do it: a preview replaced in thumbnails/ with a picture
// sealed to the public recipient by the `age` tool (no passphrase, no Sakshya code). It is never
// shown and never put in a report; the app makes the real one again from the original, and
// `check` names it.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore } from '../../../../main/core/app-core';
import { buildExportModel } from '../../../../main/core/export/build-model';
import { checkVault } from '../../../../main/core/vault/check';
import { describeVaultLayout, thumbnailPath } from '../../../../main/core/vault/layout';
import { makeTempDir } from '../../../helpers/temp-dir';

const PASS = 'preview intruder passphrase';
const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) {
    await core.previewsIdle();
    void core.close();
  }
});

async function makePicture(colour: string): Promise<Buffer> {
  return sharp({ create: { width: 200, height: 120, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

describe('a preview swapped in the vault folder', () => {
  it('is never shown or exported, is made again from the original, and check names it', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    const core = new AppCore({ vaultDir: dir, scryptLogN: 10 });
    cores.push(core);
    await core.create(PASS);
    const owner = core.createCase({ title: 'Morphed photos', timezone: 'Asia/Kolkata' });
    const source = path.join(makeTempDir(), 'real.png');
    fs.writeFileSync(source, await makePicture('#1f6feb'));
    const [result] = await core.importEvidence({
      taskId: randomUUID(),
      caseId: owner.id,
      paths: [source],
    });
    const evidenceId = result?.evidenceId ?? '';
    await core.previewsIdle();
    const real = core.getThumbnail(evidenceId);
    expect(real.status).toBe('ready');
    const vault = core.requireVault();
    const blobName =
      vault.db
        .prepare<[string], { blob_name: string }>('SELECT blob_name FROM evidence WHERE id = ?')
        .get(evidenceId)?.blob_name ?? '';
    core.lock();

    // The intruder: a picture of their own, sealed to the public recipient, in place of the preview.
    const { recipient } = JSON.parse(fs.readFileSync(path.join(dir, 'vault.json'), 'utf8')) as {
      recipient: string;
    };
    const fake = path.join(makeTempDir(), 'fake.webp');
    await sharp(await makePicture('#ff0000'))
      .webp()
      .toFile(fake);
    const target = thumbnailPath(describeVaultLayout(dir), blobName);
    fs.rmSync(target);
    execFileSync('age', ['-r', recipient, '-o', target, fake]);

    await core.unlock(PASS);
    const unlocked = core.requireVault();
    const report = await checkVault(unlocked);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'preview-mismatch',
        subject: `preview:${blobName.slice(0, 12)}`,
      }),
    ]);
    expect(report.problems[0]?.message).toContain('real.png');

    const model = await buildExportModel(unlocked, { caseId: owner.id });
    expect(model.model.items.map((item) => item.thumbnailJpeg)).toEqual([null]);

    const shown = core.getThumbnail(evidenceId);
    expect(shown.dataUrl).toBeNull();
    expect(shown.status).toBe('pending');
    await core.previewsIdle();
    const remade = core.getThumbnail(evidenceId);
    expect(remade.status).toBe('ready');
    expect(remade.dataUrl).toBe(real.dataUrl);
    expect((await checkVault(unlocked)).problems).toEqual([]);
  });
});
