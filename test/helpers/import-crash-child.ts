// Run as a child process by the import crash test: imports batches (fresh random files, a fresh
// WhatsApp zip export with a picture, and the fixture photos) with previews on, as fast as it can,
// until the parent kills it with SIGKILL.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { importPaths } from '../../main/core/import/pipeline';
import { ThumbnailQueue } from '../../main/core/import/thumbnail-queue';
import { Vault } from '../../main/core/vault/vault';

const dir = process.env.CRASH_VAULT_DIR ?? '';
const pass = process.env.CRASH_PASSPHRASE ?? '';
const source = process.env.CRASH_SOURCE_DIR ?? '';
const photos = process.env.CRASH_PHOTOS_DIR ?? '';

const vault = Vault.open(dir, pass);
const target = vault.listCases()[0] ?? vault.createCase({ title: 'Crash target' });
const queue = new ThumbnailQueue(vault);
process.stdout.write('ready\n');

for (let round = 0; ; round += 1) {
  const batch = path.join(source, `${process.pid}-${round}`);
  const chat = path.join(batch, 'chat');
  fs.mkdirSync(chat, { recursive: true });
  for (let i = 0; i < 5; i += 1)
    fs.writeFileSync(
      path.join(batch, `${i}.bin`),
      randomBytes(1024 + Math.floor(Math.random() * 200_000)),
    );
  fs.writeFileSync(
    path.join(chat, 'WhatsApp Chat with Agent.txt'),
    `13/05/24, 09:15 - Agent: IMG-20240513-WA0001.jpg (file attached)\n13/05/24, 09:16 - Agent: round ${round} ${randomBytes(8).toString('hex')}\n`,
  );
  fs.writeFileSync(
    path.join(chat, 'IMG-20240513-WA0001.jpg'),
    Buffer.concat([fs.readFileSync(path.join(photos, 'noexif.jpg')), randomBytes(16)]),
  );
  execFileSync(
    'zip',
    ['-q', '../export.zip', 'WhatsApp Chat with Agent.txt', 'IMG-20240513-WA0001.jpg'],
    { cwd: chat },
  );
  await importPaths(vault, [path.join(batch, 'export.zip'), batch, photos], {
    caseId: target.id,
    thumbnails: queue,
  });
  process.stdout.write(`batch ${round}\n`);
}
