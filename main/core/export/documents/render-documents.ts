// The three documents of a bundle that take real time to make: the report and the Section 63
// certificate draft as PDF and DOCX. For a big case they are rendered in a worker thread while the
// evidence streams into the zip (see document-worker.ts): on a 2,000-file case that is ~2 s of
// text shaping that no longer waits behind the streaming on the main thread.
//
// The worker is a speed-up and never a dependency: if it cannot be found, cannot start, or fails,
// the documents are rendered here, in this thread, when they are needed.
import type { Worker } from 'node:worker_threads';
import { locateWorkerScript, spawnWorker, type WorkerScript } from '../../workers/worker-script';
import type { ExportModel } from '../export-model';
import { viewAsBuffer } from '../../workers/from-thread';

export interface RenderedDocuments {
  certificatePdf: Buffer;
  certificateDocx: Buffer;
  reportPdf: Buffer;
}

export interface DocumentJob {
  model: ExportModel;
  manifestSha256: string;
}

export type WorkerReply =
  { ok: true; documents: RenderedDocuments } | { ok: false; message: string };

export async function renderDocuments(job: DocumentJob): Promise<RenderedDocuments> {
  // Loaded here, not at the top: pdfkit, fontkit and docx cost ~30 MiB, which the thread that
  // streams the evidence does not carry when the worker renders.
  const [{ renderCertificatePdf }, { renderCertificateDocx }, { renderReportPdf }] =
    await Promise.all([
      import('./certificate-pdf'),
      import('./certificate-docx'),
      import('./report-pdf'),
    ]);
  return {
    certificatePdf: await renderCertificatePdf(job.model),
    certificateDocx: await renderCertificateDocx(job.model),
    reportPdf: await renderReportPdf(job.model, { manifestSha256: job.manifestSha256 }),
  };
}

// Set by scripts/build-main.mjs in each bundle to the file name of the worker bundle beside it.
declare const __SAKSHYA_DOCUMENT_WORKER__: string | undefined;

export function locateDocumentWorker(): WorkerScript | null {
  return locateWorkerScript(
    typeof __SAKSHYA_DOCUMENT_WORKER__ === 'string' ? __SAKSHYA_DOCUMENT_WORKER__ : undefined,
    (import.meta as { url?: string }).url,
    './document-worker.ts',
  );
}

/** Documents being made; `take` gives them (rendered here if the worker did not), `cancel` stops. */
export interface PendingDocuments {
  take: () => Promise<RenderedDocuments>;
  cancel: () => void;
  /** Once `take` has resolved: where the documents were made. */
  renderedIn: () => 'worker' | 'this thread' | null;
}

/**
 * Starts rendering in a worker thread and returns at once. `script` null renders in this thread,
 * when `take` is called.
 */
export function startRenderingDocuments(
  job: DocumentJob,
  script: WorkerScript | null = locateDocumentWorker(),
): PendingDocuments {
  let renderedIn: 'worker' | 'this thread' | null = null;
  const renderHere = async (): Promise<RenderedDocuments> => {
    const documents = await renderDocuments(job);
    renderedIn = 'this thread';
    return documents;
  };
  if (script === null)
    return { take: renderHere, cancel: () => undefined, renderedIn: () => renderedIn };
  let worker: Worker | undefined;
  const fromWorker = new Promise<RenderedDocuments | null>((resolve) => {
    try {
      // A young generation of 8 MiB instead of V8's default lowered the worker's peak by ~20 MiB on
      // a 2,000-file case, for no time that could be measured.
      worker = spawnWorker(script, { maxYoungGenerationSizeMb: 8 });
    } catch {
      resolve(null);
      return;
    }
    worker.once('message', (reply: WorkerReply) => {
      resolve(reply.ok ? restoreBuffers(reply.documents) : null);
      // At once, not when the documents are taken: the streaming goes on for a while, and the
      // worker would otherwise hold its heap all that while.
      void worker?.terminate();
    });
    worker.once('error', () => {
      resolve(null);
    });
    worker.once('exit', () => {
      resolve(null);
    });
    worker.postMessage(job);
  });
  return {
    take: async () => {
      const documents = await fromWorker;
      void worker?.terminate();
      if (documents === null) return renderHere();
      renderedIn = 'worker';
      return documents;
    },
    cancel: () => {
      void worker?.terminate();
    },
    renderedIn: () => renderedIn,
  };
}

/** Buffers arrive from another thread as plain Uint8Arrays; pdfkit and archiver want Buffers. */
export function restoreBuffers(documents: RenderedDocuments): RenderedDocuments {
  return {
    certificatePdf: viewAsBuffer(documents.certificatePdf),
    certificateDocx: viewAsBuffer(documents.certificateDocx),
    reportPdf: viewAsBuffer(documents.reportPdf),
  };
}
