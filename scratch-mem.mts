import fs from 'node:fs';
import { TextRecognizer } from './main/core/ocr/recognize';
import { ChatTimeReader } from './main/core/ocr/chat-times';
import { decodeRaw, readChatScreen } from './main/core/ocr/chat-reading';
import { decodeHeifToPng } from './main/core/readers/thumbnails';
const mb = (n: number) => Math.round(n / 1048576);
const show = (what: string) => {
  const m = process.memoryUsage();
  console.log(`${what}: rss ${mb(m.rss)} peak ${Math.round(process.resourceUsage().maxRSS / 1024)} heap ${mb(m.heapUsed)} ext ${mb(m.external)} ab ${mb(m.arrayBuffers)}`);
};
const r = new TextRecognizer();
const t = new ChatTimeReader(r);
show('start');
const dir = 'test/fixtures/chat-screenshots';
for (const f of process.argv.slice(2)) {
  const t0 = performance.now();
  let bytes = fs.readFileSync(f.includes('/') ? f : `${dir}/${f}`);
  if (f.endsWith('.heic')) bytes = await decodeHeifToPng(bytes);
  const reading = await r.recognize(bytes, f.includes('-hi-') || f.includes('mixed') ? 'hi' : 'en');
  if (!f.includes('photos')) await readChatScreen(await decodeRaw(bytes), reading, { recognizer: r, times: t }, '2024-05-20');
  show(`${f} ${reading.status} ${((performance.now() - t0) / 1000).toFixed(1)} s [${r.loadedModels.join(',')}]`);
}
await r.close();
show('closed');
