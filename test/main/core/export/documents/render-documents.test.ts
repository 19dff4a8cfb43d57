import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  locateDocumentWorker,
  renderDocuments,
  startRenderingDocuments,
} from '../../../../../main/core/export/documents/render-documents';
import { makeTempDir } from '../../../../helpers/temp-dir';
import { inspectPdf } from './pdf-oracles';
import { buildSampleModel } from './sample-model';

const MANIFEST_SHA256 = 'ab'.repeat(32);

/** The DOCX's body text, read with unzip (its docProps carry a creation time that differs). */
function readDocxBody(docx: Buffer): string {
  const file = path.join(makeTempDir('sakshya-docx-'), 'cert.docx');
  fs.writeFileSync(file, docx);
  execFileSync('unzip', ['-tq', file]);
  return execFileSync('unzip', ['-p', file, 'word/document.xml'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('rendering the documents in a worker thread', () => {
  it('gives the same report and certificate, page for page and word for word, as rendering here', async () => {
    const { model } = await buildSampleModel({ items: 12, withDevice: true });
    const script = locateDocumentWorker();
    expect(script?.source).toBe(true);
    const pending = startRenderingDocuments({ model, manifestSha256: MANIFEST_SHA256 }, script);
    const fromWorker = await pending.take();
    expect(pending.renderedIn()).toBe('worker');
    const here = await renderDocuments({ model, manifestSha256: MANIFEST_SHA256 });

    for (const key of ['reportPdf', 'certificatePdf'] as const) {
      expect(Buffer.isBuffer(fromWorker[key])).toBe(true);
      const a = inspectPdf(fromWorker[key]);
      const b = inspectPdf(here[key]);
      expect(a.pages).toBe(b.pages);
      expect(a.text).toBe(b.text);
    }
    // The thumbnails crossed the thread boundary intact: the report embeds one image per item.
    expect(fromWorker.reportPdf.length).toBeGreaterThan(here.reportPdf.length * 0.95);
    expect(inspectPdf(fromWorker.reportPdf).text).toContain(MANIFEST_SHA256);
    expect(readDocxBody(fromWorker.certificateDocx)).toBe(readDocxBody(here.certificateDocx));
  });

  it('renders in this thread instead when the worker cannot start', async () => {
    const { model } = await buildSampleModel({ items: 3 });
    const missing = pathToFileURL(path.join(makeTempDir(), 'no-such-worker.cjs'));
    const pending = startRenderingDocuments(
      { model, manifestSha256: MANIFEST_SHA256 },
      { file: missing, source: false },
    );
    const documents = await pending.take();
    expect(pending.renderedIn()).toBe('this thread');
    expect(inspectPdf(documents.reportPdf).text).toContain(model.items[0]?.hashes.sha256);
  });

  it('renders in this thread instead when the worker was cancelled before it answered', async () => {
    const { model } = await buildSampleModel({ items: 3 });
    const pending = startRenderingDocuments({ model, manifestSha256: MANIFEST_SHA256 });
    pending.cancel();
    const documents = await pending.take();
    expect(pending.renderedIn()).toBe('this thread');
    expect(inspectPdf(documents.certificatePdf).text).toContain(model.items[2]?.hashes.sha256);
  });
});
