// Security review finding 4 (issue 16), as the intruder would do it: with write access to the vault
// folder and no passphrase, they swap the stored files of two items, or seal a picture of their own
// to the public recipient with the `age` tool in place of one. The viewer and the previews decrypt
// the file, but show it only if it hashes to what was recorded at import; otherwise the item says
// plainly that its stored copy was changed, and nothing of the planted picture is drawn.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore } from '../../../../main/core/app-core';
import { describeVaultLayout, objectPath, thumbnailPath } from '../../../../main/core/vault/layout';
import { makeTempDir } from '../../../helpers/temp-dir';

const PASS = 'stored file intruder passphrase';
const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) {
    await core.previewsIdle();
    void core.close();
  }
});

function makePicture(colour: string): Promise<Buffer> {
  return sharp({ create: { width: 200, height: 120, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

async function makeVault() {
  const dir = path.join(makeTempDir(), 'vault');
  const core = new AppCore({ vaultDir: dir, scryptLogN: 10 });
  cores.push(core);
  await core.create(PASS);
  const owner = core.createCase({ title: 'Morphed photos', timezone: 'Asia/Kolkata' });
  const ids: string[] = [];
  const blobs: string[] = [];
  for (const [name, colour] of [
    ['blue.png', '#1f6feb'],
    ['green.png', '#2da44e'],
  ] as const) {
    const source = path.join(makeTempDir(), name);
    fs.writeFileSync(source, await makePicture(colour));
    const [result] = await core.importEvidence({
      taskId: randomUUID(),
      caseId: owner.id,
      paths: [source],
    });
    const id = result?.evidenceId ?? '';
    ids.push(id);
    blobs.push(
      core
        .requireVault()
        .db.prepare<[string], { blob_name: string }>('SELECT blob_name FROM evidence WHERE id = ?')
        .get(id)?.blob_name ?? '',
    );
  }
  await core.previewsIdle();
  core.lock();
  return { dir, core, ids, blobs, layout: describeVaultLayout(dir) };
}

describe('a stored file changed in the vault folder', () => {
  it('swapped with another item’s is not shown as this item: the viewer says it was changed', async () => {
    const { core, ids, blobs, layout } = await makeVault();
    const [a, b] = [objectPath(layout, blobs[0] ?? ''), objectPath(layout, blobs[1] ?? '')];
    const aside = `${a}.swap`;
    fs.renameSync(a, aside);
    fs.renameSync(b, a);
    fs.renameSync(aside, b);

    await core.unlock(PASS);
    for (const id of ids) {
      expect(await core.viewer.view(id)).toMatchObject({ kind: 'none', reasonCode: 'changed' });
    }
  });

  it('replaced by a picture sealed to the public recipient is never shown nor drawn as a preview', async () => {
    const { dir, core, ids, blobs, layout } = await makeVault();
    const { recipient } = JSON.parse(fs.readFileSync(path.join(dir, 'vault.json'), 'utf8')) as {
      recipient: string;
    };
    const planted = path.join(makeTempDir(), 'planted.png');
    fs.writeFileSync(planted, await makePicture('#ff0000'));
    const target = objectPath(layout, blobs[0] ?? '');
    fs.rmSync(target);
    execFileSync('age', ['-r', recipient, '-o', target, planted]);
    // The preview goes too, so the app has to draw one again from the stored file.
    fs.rmSync(thumbnailPath(layout, blobs[0] ?? ''));

    await core.unlock(PASS);
    const first = ids[0] ?? '';
    const view = await core.viewer.view(first);
    expect(view).toMatchObject({ kind: 'none', reasonCode: 'changed' });
    expect(JSON.stringify(view)).not.toContain('data:image');
    expect(core.getThumbnail(first).status).toBe('pending');
    await core.previewsIdle();
    const preview = core.getThumbnail(first);
    expect(preview.dataUrl).toBeNull();
    expect(preview.status).toBe('none');
    expect(preview.reason).toContain('changed since it was imported');
    // The other item is untouched and still shows.
    expect(await core.viewer.view(ids[1] ?? '')).toMatchObject({ kind: 'image' });
  });
});
