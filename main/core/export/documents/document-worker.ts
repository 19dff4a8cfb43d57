// A worker thread that renders a bundle's documents (render-documents.ts) and posts them back. It
// gets one job, answers once, and is then terminated by the export.
import { parentPort } from 'node:worker_threads';
import type { ExportModel } from '../export-model';
import { renderDocuments, type DocumentJob, type WorkerReply } from './render-documents';

/** Thumbnails arrive as plain Uint8Arrays; pdfkit's doc.image wants Buffers. */
function restoreThumbnails(model: ExportModel): ExportModel {
  return {
    ...model,
    items: model.items.map((item) => ({
      ...item,
      thumbnailJpeg:
        item.thumbnailJpeg === null
          ? null
          : Buffer.from(
              item.thumbnailJpeg.buffer,
              item.thumbnailJpeg.byteOffset,
              item.thumbnailJpeg.byteLength,
            ),
    })),
  };
}

parentPort?.once('message', (job: DocumentJob) => {
  const port = parentPort;
  renderDocuments({ ...job, model: restoreThumbnails(job.model) }).then(
    (documents) => {
      const reply: WorkerReply = { ok: true, documents };
      port?.postMessage(reply);
    },
    (error: unknown) => {
      // A plain sentence for the export, which then renders in its own thread; no evidence content.
      const reply: WorkerReply = {
        ok: false,
        message: error instanceof Error ? error.name : 'render failed',
      };
      port?.postMessage(reply);
    },
  );
});
