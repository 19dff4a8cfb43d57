import { describe, expect, it } from 'vitest';
import { renderReportPdf } from '../../../../../main/core/export/documents/report-pdf';
import { inspectPdf } from './pdf-oracles';
import { buildSampleModel, HINDI_COUNTERPARTY, HINDI_MESSAGE, TRICKY_NAME } from './sample-model';

const MANIFEST_SHA = 'f'.repeat(8) + '0123456789abcdef'.repeat(3) + 'e'.repeat(8);

describe('report.pdf', () => {
  it('passes qpdf --check and extracts every hash, the Hindi name and message, and page numbers', async () => {
    const { model } = await buildSampleModel();
    const pdf = await renderReportPdf(model, { manifestSha256: MANIFEST_SHA });
    const { text, pages, qpdfOutput } = inspectPdf(pdf);
    expect(qpdfOutput).toContain('No syntax or stream encoding errors');
    for (const item of model.items) {
      expect(text).toContain(item.hashes.sha256);
      if (item.hashes.md5) expect(text).toContain(item.hashes.md5);
    }
    expect(text).toContain(MANIFEST_SHA);
    expect(text).toContain(HINDI_COUNTERPARTY);
    expect(text).toContain(HINDI_MESSAGE);
    expect(text).toContain(TRICKY_NAME);
    expect(text).toContain(model.bundleId);
    expect(text).toContain(model.signingKeyFingerprint);
    expect(text).toContain('GRV-2024-000123');
    expect(text).toContain('RBI Master Direction on Digital Lending');
    expect(text).toContain('Call at 21:15 (after 19:00)');
    expect(text).toContain('cannot contain its own hash');
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(text).toContain(`Page 1 of ${String(pages)}`);
    expect(text).toContain(`Page ${String(pages)} of ${String(pages)}`);
  });

  it('still renders when a preview is damaged and when the case is empty', async () => {
    const { model } = await buildSampleModel({ items: 2 });
    const first = model.items[0];
    if (!first) throw new Error('fixture has no items');
    first.thumbnailJpeg = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]);
    const damaged = inspectPdf(await renderReportPdf(model, { manifestSha256: MANIFEST_SHA }));
    expect(damaged.text).toContain('Preview unreadable');
    expect(damaged.text).toContain(first.hashes.sha256);

    const empty = {
      ...model,
      items: [],
      timeline: [],
      steps: [],
      period: { from: null, to: null },
      summary: {
        ...model.summary,
        countsByKind: {},
        peakDay: null,
        flaggedCount: 0,
        flaggedRules: [],
      },
    };
    const { text, pages } = inspectPdf(
      await renderReportPdf(empty, { manifestSha256: MANIFEST_SHA }),
    );
    expect(text).toContain('No evidence files in this bundle.');
    expect(text).toContain('No dated entries');
    expect(text).toContain(`Page ${String(pages)} of ${String(pages)}`);
  });

  it('completes a 500-item case with a long timeline and keeps every hash extractable', async () => {
    const { model } = await buildSampleModel({ items: 500, timelineEntries: 1500 });
    const started = performance.now();
    const before = process.memoryUsage().rss;
    const pdf = await renderReportPdf(model, { manifestSha256: MANIFEST_SHA });
    const seconds = (performance.now() - started) / 1000;
    const { text, pages } = inspectPdf(pdf);
    const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    console.log(
      `500-item report: ${String(pages)} pages, ${seconds.toFixed(1)} s, ${(pdf.length / 1024 / 1024).toFixed(1)} MB, RSS +${grownMb.toFixed(0)} MB`,
    );
    for (const item of model.items) expect(text).toContain(item.hashes.sha256);
    expect(text).toContain(`Page ${String(pages)} of ${String(pages)}`);
    expect(grownMb).toBeLessThan(400);
  }, 240_000);
});
