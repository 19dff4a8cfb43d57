// The worker thread that reads text: it keeps one TextRecognizer (and so its tesseract threads)
// warm and answers one picture at a time. The picture's bytes arrive decrypted in memory from the
// core's thread and are never written anywhere. If this thread dies, text-queue.ts restarts it.
import { parentPort } from 'node:worker_threads';
import { viewAsBuffer } from '../workers/from-thread';
import { TextRecognizer, type PreferredLanguage, type TextReading } from './recognize';

export interface TextJob {
  id: number;
  bytes: Uint8Array;
  preferred: PreferredLanguage;
}

export type TextReply = { id: number; reading: TextReading } | { id: number; error: string };

let recognizer: TextRecognizer | undefined;

/** Reads one picture; exported so a stand-in worker in the tests can reuse it. */
export async function runTextJob(job: TextJob): Promise<TextReply> {
  try {
    recognizer ??= new TextRecognizer();
    const reading = await recognizer.recognize(viewAsBuffer(job.bytes), job.preferred);
    return { id: job.id, reading };
  } catch (error) {
    // The class name only: a message could quote the picture's text.
    return { id: job.id, error: error instanceof Error ? error.name : 'Error' };
  }
}

parentPort?.on('message', (job: TextJob | 'close') => {
  if (job === 'close') {
    void recognizer?.close().finally(() => {
      parentPort?.close();
    });
    return;
  }
  void runTextJob(job).then((reply) => {
    parentPort?.postMessage(reply);
  });
});
