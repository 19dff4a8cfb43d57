// A WhatsApp "Export chat" zip built on the spot with Debian's zip: a transcript whose sender is a
// name, a photo it sent, and a voice note (an Ogg page with an Opus header, enough for file-type
// and for the viewer to hand it to the window's player).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PHOTO = path.resolve(import.meta.dirname, '../fixtures/photos/img_1771.jpg');
export const CHAT_PHOTO = 'IMG-20240512-WA0003.jpg';
export const CHAT_VOICE = 'PTT-20240512-WA0004.opus';

/** Sent on 12 May 2024, Asia/Kolkata wall clock: two out of hours (20:49, 22:01), one in hours. */
export const AGENT_LINES = [
  '12/05/24, 14:10 - Agent Ravi: Madam your EMI is overdue. Pay today.',
  `12/05/24, 20:49 - Agent Ravi: ${CHAT_PHOTO} (file attached)`,
  '12/05/24, 20:49 - Agent Ravi: Pay now or we will call your brother',
  `12/05/24, 22:01 - Agent Ravi: ${CHAT_VOICE} (file attached)`,
  '12/05/24, 22:01 - Agent Ravi: Last warning. We will visit your school tomorrow.',
  '12/05/24, 22:05 - Meera: Please stop calling at night. I will pay on the 20th.',
];

export function writeOpusStub(file: string): void {
  const page = Buffer.alloc(47);
  page.write('OggS', 0, 'latin1');
  page[4] = 0; // version
  page[5] = 2; // beginning of stream
  page[26] = 1; // one segment
  page[27] = 19; // of 19 bytes
  page.write('OpusHead', 28, 'latin1');
  page[36] = 1; // version
  page[37] = 1; // one channel
  page.writeUInt32LE(48_000, 40);
  fs.writeFileSync(file, page);
}

/** Writes `<dir>/<zipName>` holding the transcript (lines given) and the two attachments. */
export function writeChatZip(dir: string, zipName: string, lines: readonly string[]): string {
  const stage = fs.mkdtempSync(path.join(dir, 'chat-'));
  fs.writeFileSync(path.join(stage, 'WhatsApp Chat with Agent Ravi.txt'), `${lines.join('\n')}\n`);
  fs.copyFileSync(PHOTO, path.join(stage, CHAT_PHOTO));
  writeOpusStub(path.join(stage, CHAT_VOICE));
  const zip = path.join(dir, zipName);
  execFileSync('zip', ['-q', '-j', zip, ...fs.readdirSync(stage).map((f) => path.join(stage, f))]);
  return zip;
}
