import fs from 'node:fs';
import { TextRecognizer } from '../../main/core/ocr/recognize';
import { ChatTimeReader } from '../../main/core/ocr/chat-times';
import { createScores, readLabelled, scoreScreen, formatRatio } from './score-chats';
const dir = process.argv[2]!;
const labels = JSON.parse(fs.readFileSync(`${dir}/labels.json`, 'utf8'));
const r = new TextRecognizer(); const t = new ChatTimeReader(r);
const scores = createScores();
const start = Date.now();
for (const label of labels.slice(0, Number(process.argv[3] ?? 99))) {
  const res = await readLabelled(dir, label, r, t);
  scoreScreen(scores, res);
  console.log(label.file, res.screen?.header, res.proposed.length, res.screen?.items.map((i: any) => i.kind === 'day' ? `[${i.shown}→${i.date}]` : `${i.side}:${i.text}@${i.time?.shown}`).join(' | '));
}
await r.close(); await t.close();
console.log((Date.now() - start) / 1000, 's');
console.log(JSON.stringify({ ...scores, misses: undefined }), '\nEN', formatRatio(scores.words.en), 'HI', formatRatio(scores.words.hi), 'phones', formatRatio(scores.phones), 'times', formatRatio(scores.times), 'instants', formatRatio(scores.instants));
console.log(scores.misses.join('\n'));
