// The worker thread that reads text: it keeps one TextRecognizer (and so its tesseract threads)
// warm and answers one picture at a time. The picture's bytes arrive decrypted in memory from the
// core's thread and are never written anywhere. If this thread dies, text-queue.ts restarts it.
// A picture that may be a chat screenshot (it has a capture day) is also read as a chat here
// (bubbles, sides, times: more recognition passes), so that work too stays off the core's thread;
// the core turns the screen into proposed messages.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeHeifToPng, isHeifType } from '../readers/thumbnails';
import { viewAsBuffer } from '../workers/from-thread';
import { lowerThisThreadsPriority } from '../workers/thread-priority';
import { decodeRaw, readChatScreen, type ChatScreenReading } from './chat-reading';
import { ChatTimeReader } from './chat-times';
import { DAMAGED, TextRecognizer, type PreferredLanguage, type TextReading } from './recognize';

export interface TextJob {
  id: number;
  bytes: Uint8Array;
  preferred: PreferredLanguage;
  /** The stored file's media type: HEIC/HEIF is decoded here first, as the previews do. */
  mediaType?: string;
  /** The picture's capture day (YYYY-MM-DD on the case's clock) when it may be a chat. */
  captureDay?: string;
}

/** What the queue starts this thread with. */
export interface TextWorkerStart {
  /** Steps of nice below the core's thread, for this thread and the tesseract threads it starts. */
  niceness: number;
}

export type TextReply =
  | { id: number; reading: TextReading; screen?: ChatScreenReading | null }
  | { id: number; error: string };

let recognizer: TextRecognizer | undefined;
let times: ChatTimeReader | undefined;

async function readScreen(
  bytes: Buffer,
  reading: TextReading,
  captureDay: string | undefined,
): Promise<ChatScreenReading | null | undefined> {
  if (captureDay === undefined || reading.status !== 'read' || recognizer === undefined)
    return undefined;
  try {
    times ??= new ChatTimeReader(recognizer);
    return await readChatScreen(await decodeRaw(bytes), reading, { recognizer, times }, captureDay);
  } catch {
    // The text stays read; the picture is simply not taken for a chat.
    return null;
  }
}

/** Reads one picture; exported so a stand-in worker in the tests can reuse it. */
export async function runTextJob(job: TextJob): Promise<TextReply> {
  try {
    recognizer ??= new TextRecognizer();
    const stored = viewAsBuffer(job.bytes);
    let bytes = stored;
    if (job.mediaType !== undefined && isHeifType(job.mediaType)) {
      try {
        bytes = await decodeHeifToPng(stored);
      } catch {
        return { id: job.id, reading: { status: 'no-text', reason: DAMAGED } };
      }
    }
    const reading = await recognizer.recognize(bytes, job.preferred);
    const screen = await readScreen(bytes, reading, job.captureDay);
    return screen === undefined ? { id: job.id, reading } : { id: job.id, reading, screen };
  } catch (error) {
    // The class name only: a message could quote the picture's text.
    return { id: job.id, error: error instanceof Error ? error.name : 'Error' };
  }
}

// Before any tesseract thread is started, so that they inherit it (Linux).
const start = workerData as Partial<TextWorkerStart> | null | undefined;
if (parentPort !== null && typeof start?.niceness === 'number')
  lowerThisThreadsPriority(start.niceness);

parentPort?.on('message', (job: TextJob | 'close') => {
  if (job === 'close') {
    void Promise.all([recognizer?.close(), times?.close()]).finally(() => {
      parentPort?.close();
    });
    return;
  }
  void runTextJob(job).then((reply) => {
    parentPort?.postMessage(reply);
  });
});
