// The documents inside a real exported bundle (a real vault, exportCase, unzip): report.pdf read by
// qpdf and pdftotext, and data/index.html opened from file:// in Chromium, checking the real bag.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportCase } from '../../../../../main/core/export/export-bundle';
import { launchChromium } from '../../../../helpers/chromium';
import { makeTempDir } from '../../../../helpers/temp-dir';
import { makeExportVault, unzipBundle } from '../export-vault';
import { inspectPdf } from './pdf-oracles';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');

describe('the documents in a real exported bundle', () => {
  it('has a report with every imported hash and an index.html whose Verify finds every file matching', async () => {
    const { vault, caseId, importedHashes } = await makeExportVault();
    const outFile = path.join(makeTempDir('sakshya-out-'), 'bundle.zip');
    await exportCase(vault, { caseId, outFile });
    const bag = unzipBundle(outFile);

    const report = inspectPdf(fs.readFileSync(path.join(bag, 'data', 'report.pdf')));
    for (const hash of importedHashes.values()) expect(report.text).toContain(hash);
    expect(report.text).toContain('रवि कुमार');
    expect(report.text).toContain(`Page 1 of ${String(report.pages)}`);
    const certificate = inspectPdf(
      fs.readFileSync(path.join(bag, 'data', 'certificate-section63-draft.pdf')),
    );
    for (const hash of importedHashes.values()) expect(certificate.text).toContain(hash);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(path.join(bag, 'data', 'index.html')).href);
      await page.locator('#bag-folder').setInputFiles(bag);
      await page.locator('#verify-button').click();
      await page.waitForFunction(
        () => document.getElementById('verify-summary')?.textContent !== '',
      );
      const statuses = await page.$$eval('#verify-results-body tr', (trs) =>
        trs.map(
          (tr) => `${tr.getAttribute('data-status') ?? ''} ${tr.getAttribute('data-path') ?? ''}`,
        ),
      );
      const listed = fs
        .readFileSync(path.join(bag, 'manifest-sha256.txt'), 'utf8')
        .trim()
        .split('\n');
      expect(statuses.length).toBeGreaterThanOrEqual(listed.length);
      expect(statuses.filter((s) => !s.startsWith('matching '))).toEqual([]);
      await expect(page.locator('#verify-summary').textContent()).resolves.toContain(
        'Nothing was changed',
      );
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({
        path: path.join(SCREENSHOTS, 'export-index-5-real-bundle.png'),
        fullPage: true,
      });
      expect(
        requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:')),
      ).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
