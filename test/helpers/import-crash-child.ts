// Run as a child process by the import crash test: imports batches (fresh random files, a fresh
// WhatsApp zip export with a picture, and the fixture photos) with previews on, as fast as it can,
// until the parent kills it with SIGKILL. Each batch holds dozens of small files committed in
// small groups, so kills land inside group commits; after each batch it announces the evidence ids
// it was told were imported, which the parent then expects to find.
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

// CRASH_AT=<fs function>:<n> kills this process at the n-th call of that node:fs function (after
// the vault is open), so a test can stop it at an exact step of a group commit.
const [crashCall, crashNth] = (process.env.CRASH_AT ?? '').split(':');

const vault = await Vault.open(dir, pass);
if (crashCall !== undefined && crashCall !== '') armCrash(crashCall, Number(crashNth));
const target = vault.listCases()[0] ?? vault.createCase({ title: 'Crash target' });
const queue = new ThumbnailQueue(vault);
process.stdout.write('ready\n');

for (let round = 0; ; round += 1) {
  const batch = path.join(source, `${process.pid}-${round}`);
  const chat = path.join(batch, 'chat');
  fs.mkdirSync(chat, { recursive: true });
  for (let i = 0; i < 40; i += 1)
    fs.writeFileSync(
      path.join(batch, `${i}.bin`),
      randomBytes(1024 + Math.floor(Math.random() * (i < 5 ? 200_000 : 20_000))),
    );
  // CRASH_VIDEO_BYTES adds a video that big to the batch: written ahead, with a hash helper.
  const videoBytes = Number(process.env.CRASH_VIDEO_BYTES ?? 0);
  if (videoBytes > 0) fs.writeFileSync(path.join(batch, 'video.mp4'), randomBytes(videoBytes));
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
  const results = await importPaths(vault, [path.join(batch, 'export.zip'), batch, photos], {
    caseId: target.id,
    thumbnails: queue,
    commitGroup: { maxFiles: 2 + (round % 3) * 6 },
  });
  const ids = results.filter((r) => r.status === 'imported').map((r) => r.evidenceId);
  process.stdout.write(`batch ${round} imported ${ids.join(',')}\n`);
}

function armCrash(name: string, nth: number): void {
  const functions = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = functions[name];
  if (original === undefined) throw new Error(`no fs.${name}`);
  let calls = 0;
  functions[name] = (...args: unknown[]): unknown => {
    calls += 1;
    if (calls === nth) process.kill(process.pid, 'SIGKILL');
    return original.apply(fs, args);
  };
}
