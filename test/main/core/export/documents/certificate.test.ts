import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCertificateDocx } from '../../../../../main/core/export/documents/certificate-docx';
import { renderCertificatePdf } from '../../../../../main/core/export/documents/certificate-pdf';
import { makeTempDir } from '../../../../helpers/temp-dir';
import { inspectPdf } from './pdf-oracles';
import { buildSampleModel, TRICKY_NAME } from './sample-model';

function unzipEntry(zip: Buffer, entry: string): string {
  const file = path.join(makeTempDir('sakshya-docx-'), 'cert.docx');
  fs.writeFileSync(file, zip);
  // unzip -t fails (and throws here) on any damaged entry.
  execFileSync('unzip', ['-tq', file]);
  return execFileSync('unzip', ['-p', file, entry], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('the Section 63 certificate draft', () => {
  it('as PDF passes qpdf, lists every hash, fills Part A from the device, and says DRAFT on every page', async () => {
    const { model } = await buildSampleModel({ items: 60 });
    const { text, pages } = inspectPdf(await renderCertificatePdf(model));
    for (const item of model.items) {
      expect(text).toContain(item.hashes.sha256);
      expect(text).toContain(item.hashes.md5);
    }
    expect(text).toContain('THE SCHEDULE [See section 63(4)(c)]');
    expect(text).toContain('PART A (To be filled by the Party)');
    expect(text).toContain('PART B (To be filled by the Expert)');
    expect(text).toContain('Make & Model: Xiaomi Redmi Note 12');
    expect(text).toContain('IMEI/UIN/UID/MAC/Cloud ID (as applicable): 861234567890123');
    expect(text).toContain('Owned and used by me');
    expect(text).toContain('[X] SHA256');
    expect(text).toContain('[X] MD5');
    expect(text).toContain('check the current rule');
    expect(text).toContain(TRICKY_NAME);
    expect(text).toContain('व्हाट्सऐप');
    expect(pages).toBeGreaterThan(3);
    const pageTexts = text.split('\f').filter((page) => page.trim() !== '');
    expect(pageTexts).toHaveLength(pages);
    pageTexts.forEach((page, i) => {
      expect(page).toContain('DRAFT: to be checked with a lawyer');
      expect(page).toContain(`Page ${String(i + 1)} of ${String(pages)}`);
    });
  });

  it('leaves clearly marked blanks for the device when none was entered', async () => {
    const { model } = await buildSampleModel({ withDevice: false });
    const { text } = inspectPdf(await renderCertificatePdf(model));
    expect(text).toContain('Make & Model: ______');
    expect(text).toContain('Not entered in Sakshya: fill in by hand');
    expect(text).not.toContain('Xiaomi');
  });

  it('as DOCX is a valid zip whose document.xml carries the hashes, the device and the word DRAFT', async () => {
    const { model } = await buildSampleModel();
    const xml = unzipEntry(await renderCertificateDocx(model), 'word/document.xml');
    for (const item of model.items) {
      expect(xml).toContain(item.hashes.sha256);
      expect(xml).toContain(item.hashes.md5);
    }
    expect(xml).toContain('PART A (To be filled by the Party)');
    expect(xml).toContain('PART B (To be filled by the Expert)');
    expect(xml).toContain('Xiaomi Redmi Note 12');
    expect(xml).toContain('DRAFT');
    expect(xml).toContain('<w:tbl>');
    // Model text is XML-escaped, not injected.
    expect(xml).toContain('Fast&lt;Cash&gt; &amp;');
    const header = unzipEntry(await renderCertificateDocx(model), 'word/header1.xml');
    expect(header).toContain('DRAFT: to be checked with a lawyer');
  });
});
