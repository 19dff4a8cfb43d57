import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, renderIndexHtml } from '../../../../../main/core/export/documents/index-html';
import type { ExportModel } from '../../../../../main/core/export/export-model';
import { launchChromium } from '../../../../helpers/chromium';
import { makeTempDir } from '../../../../helpers/temp-dir';
import {
  buildSampleModel,
  HINDI_COUNTERPARTY,
  HINDI_MESSAGE,
  TRICKY_NAME,
  type SampleFile,
} from './sample-model';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');

/** Lays the model's files out as an extracted BagIt bag, manifests made by sha256sum itself. */
function writeBag(model: ExportModel, files: SampleFile[], extra: SampleFile[] = []): string {
  const bag = path.join(makeTempDir('sakshya-bag-'), 'bundle');
  const payload: SampleFile[] = [
    ...files,
    ...extra,
    {
      bagPath: 'data/manifest.json',
      bytes: Buffer.from(JSON.stringify({ bundleId: model.bundleId })),
    },
    { bagPath: 'data/index.html', bytes: Buffer.from(renderIndexHtml(model)) },
  ];
  for (const file of payload) {
    const target = path.join(bag, ...file.bagPath.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.bytes);
  }
  fs.writeFileSync(
    path.join(bag, 'bagit.txt'),
    'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
  );
  fs.writeFileSync(path.join(bag, 'bag-info.txt'), `External-Identifier: ${model.bundleId}\n`);
  const manifest = execFileSync(
    'sha256sum',
    payload.map((f) => f.bagPath),
    { cwd: bag, encoding: 'utf8' },
  );
  fs.writeFileSync(path.join(bag, 'manifest-sha256.txt'), manifest);
  const tags = execFileSync('sha256sum', ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt'], {
    cwd: bag,
    encoding: 'utf8',
  });
  fs.writeFileSync(path.join(bag, 'tagmanifest-sha256.txt'), tags);
  return bag;
}

interface Row {
  path: string;
  status: string;
}

async function runVerify(page: Page, bag: string): Promise<{ rows: Row[]; summary: string }> {
  await page.locator('#bag-folder').setInputFiles(bag);
  await page.locator('#verify-button').click();
  await page.waitForFunction(
    () => document.getElementById('verify-summary')?.textContent !== '',
    undefined,
    {
      timeout: 60_000,
    },
  );
  const rows = await page.$$eval('#verify-results-body tr', (trs) =>
    trs.map((tr) => ({
      path: tr.getAttribute('data-path') ?? '',
      status: tr.getAttribute('data-status') ?? '',
    })),
  );
  const summary = (await page.locator('#verify-summary').textContent()) ?? '';
  return { rows, summary };
}

describe('index.html', () => {
  it('escapes every piece of model text and carries a strict CSP', async () => {
    const { model } = await buildSampleModel();
    const html = renderIndexHtml(model);
    expect(html).not.toContain(TRICKY_NAME);
    expect(html).toContain(escapeHtml(TRICKY_NAME));
    expect(html).toContain(HINDI_COUNTERPARTY);
    expect(html).toContain(`content="default-src 'none'; img-src data: 'self'`);
    expect(html).not.toMatch(/https?:\/\/(?!www\.rbi)/);
    expect(html).not.toContain('</script><');
  });

  describe('opened from file:// in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser.close();
    });

    async function openBag(bag: string): Promise<{ page: Page; requests: string[] }> {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(pathToFileURL(path.join(bag, 'data', 'index.html')).href);
      expect(errors).toEqual([]);
      return { page, requests };
    }

    it('lists the evidence with thumbnails and marks every file matching, then exactly the changed, missing and added ones', async () => {
      const { model, files } = await buildSampleModel();
      const bag = writeBag(model, files);
      const { page, requests } = await openBag(bag);

      await expect(page.locator('h1').textContent()).resolves.toBe(model.case.title);
      const body = (await page.locator('body').textContent()) ?? '';
      expect(body).toContain(HINDI_COUNTERPARTY);
      expect(body).toContain(HINDI_MESSAGE);
      expect(body).toContain('GRV-2024-000123');
      expect(body).toContain(model.signingKeyFingerprint);
      for (const item of model.items) expect(body).toContain(item.hashes.sha256);
      const thumbs = await page.$$eval('.thumb img', (imgs) =>
        imgs.map((img) => (img as HTMLImageElement).naturalWidth),
      );
      expect(thumbs.length).toBe(model.items.filter((i) => i.thumbnailJpeg).length);
      expect(thumbs.every((w) => w > 0)).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'export-index-1-open.png') });

      const first = await runVerify(page, bag);
      const listed =
        fs.readFileSync(path.join(bag, 'manifest-sha256.txt'), 'utf8').trim().split('\n').length +
        3;
      expect(first.rows).toHaveLength(listed);
      expect(first.rows.filter((r) => r.status !== 'matching')).toEqual([]);
      expect(first.summary).toContain(`All ${String(listed)} files match`);
      await page
        .locator('#verify')
        .screenshot({ path: path.join(SCREENSHOTS, 'export-index-2-all-match.png') });

      const changed = model.items[0]?.bagPath ?? '';
      const removed = model.items[1]?.bagPath ?? '';
      const changedFile = path.join(bag, ...changed.split('/'));
      const bytes = fs.readFileSync(changedFile);
      bytes[100] = (bytes[100] ?? 0) ^ 0xff;
      fs.writeFileSync(changedFile, bytes);
      fs.rmSync(path.join(bag, ...removed.split('/')));
      fs.writeFileSync(
        path.join(bag, 'data', 'evidence', 'added-later.txt'),
        'not from the export',
      );

      const second = await runVerify(page, bag);
      expect(second.rows.filter((r) => r.status === 'changed')).toEqual([
        { path: changed, status: 'changed' },
      ]);
      expect(second.rows.filter((r) => r.status === 'missing')).toEqual([
        { path: removed, status: 'missing' },
      ]);
      expect(second.rows.filter((r) => r.status === 'unlisted')).toEqual([
        { path: 'data/evidence/added-later.txt', status: 'unlisted' },
      ]);
      expect(second.summary).toContain('3 problems found: 1 changed, 1 missing, 1 not listed');
      await page
        .locator('#verify')
        .screenshot({ path: path.join(SCREENSHOTS, 'export-index-3-tampered.png') });

      const foreign = requests.filter(
        (url) => !url.startsWith('file:') && !url.startsWith('data:'),
      );
      expect(foreign).toEqual([]);
      await page.close();
    }, 120_000);

    it('hashes large files in slices with its own SHA-256, agreeing with sha256sum', async () => {
      const { model, files } = await buildSampleModel({ items: 3 });
      // Odd sizes straddle the 4 MiB slices and the 64-byte blocks.
      const big = { bagPath: 'data/chats/big.bin', bytes: randomBytes(9 * 1024 * 1024 + 37) };
      const bag = writeBag(model, files, [
        big,
        { bagPath: 'data/chats/empty.txt', bytes: Buffer.alloc(0) },
      ]);
      const { page, requests } = await openBag(bag);
      // Below every file's size, so every non-empty file goes through the hand-written SHA-256.
      await page.evaluate(() => {
        document.body.setAttribute('data-stream-threshold', '1');
      });
      const result = await runVerify(page, bag);
      expect(result.rows.filter((r) => r.status !== 'matching')).toEqual([]);
      expect(result.rows.map((r) => r.path)).toContain('data/chats/big.bin');
      expect(result.summary).toContain('files match');

      const bigFile = path.join(bag, 'data', 'chats', 'big.bin');
      const bytes = fs.readFileSync(bigFile);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
      fs.writeFileSync(bigFile, bytes);
      const tampered = await runVerify(page, bag);
      expect(tampered.rows.filter((r) => r.status !== 'matching')).toEqual([
        { path: 'data/chats/big.bin', status: 'changed' },
      ]);
      expect(
        requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:')),
      ).toEqual([]);
      await page.close();
    }, 120_000);

    it('catches a file whose manifest line was rewritten to match, against the hash recorded at import', async () => {
      const { model, files } = await buildSampleModel();
      const bag = writeBag(model, files);
      const target = model.items[2]?.bagPath ?? '';
      const targetFile = path.join(bag, ...target.split('/'));
      fs.appendFileSync(targetFile, 'x');
      // The forger also fixes manifest-sha256.txt, but cannot fix the hashes this page carries.
      const line = execFileSync('sha256sum', [target], { cwd: bag, encoding: 'utf8' });
      const manifestFile = path.join(bag, 'manifest-sha256.txt');
      const manifest = fs
        .readFileSync(manifestFile, 'utf8')
        .split('\n')
        .map((l) => (l.endsWith(`  ${target}`) ? line.trimEnd() : l))
        .join('\n');
      fs.writeFileSync(manifestFile, manifest);
      const { page } = await openBag(bag);
      const result = await runVerify(page, bag);
      expect(result.rows.filter((r) => r.status !== 'matching')).toEqual([
        { path: target, status: 'changed' },
        { path: 'manifest-sha256.txt', status: 'changed' },
      ]);
      const detail = await page
        .locator(`#verify-results-body tr[data-status="changed"] >> nth=0`)
        .textContent();
      expect(detail).toContain('not the SHA-256 recorded at import');
      await page.close();
    }, 60_000);

    it('stays readable when printed, without the checking controls', async () => {
      const { model, files } = await buildSampleModel({ items: 5 });
      const bag = writeBag(model, files);
      const { page } = await openBag(bag);
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('#verify-button').isVisible()).resolves.toBe(false);
      await expect(page.locator('.items').isVisible()).resolves.toBe(true);
      await page.screenshot({
        path: path.join(SCREENSHOTS, 'export-index-4-print.png'),
        fullPage: true,
      });
      await page.close();
    }, 60_000);

    it('shows hostile names as plain text without running them', async () => {
      const { model } = await buildSampleModel({ items: 2 });
      const hostile = '</script><img src=x onerror="document.title=1">&amp;';
      const first = model.items[0];
      if (!first) throw new Error('fixture has no items');
      first.originalName = hostile;
      first.bagPath = `data/evidence/0001_${hostile}`;
      model.case.title = `<b>${hostile}</b>`;
      const file = path.join(makeTempDir('sakshya-html-'), 'index.html');
      fs.writeFileSync(file, renderIndexHtml(model));
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(pathToFileURL(file).href);
      await expect(page.title()).resolves.toBe(`Evidence bundle: <b>${hostile}</b>`);
      await expect(page.locator('h1').textContent()).resolves.toBe(`<b>${hostile}</b>`);
      await expect(page.locator('#item-1 h3 a').textContent()).resolves.toBe(hostile);
      const embedded = await page.evaluate(
        () =>
          (
            JSON.parse(document.getElementById('sakshya-data')?.textContent ?? '{}') as {
              items: { bagPath: string }[];
            }
          ).items[0]?.bagPath,
      );
      expect(embedded).toBe(`data/evidence/0001_${hostile}`);
      await expect(page.locator('img[src="x"]').count()).resolves.toBe(0);
      expect(dialogs).toEqual([]);
      await page.close();
    }, 60_000);

    it('says plainly when the chosen folder is not a bundle', async () => {
      const { model, files } = await buildSampleModel({ items: 2 });
      const bag = writeBag(model, files);
      const { page } = await openBag(bag);
      const result = await runVerify(page, path.join(bag, 'data', 'evidence'));
      expect(result.summary).toContain('This folder has no manifest-sha256.txt');
      await page.close();
    }, 60_000);
  });
});
