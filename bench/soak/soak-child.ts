// One worker of the soak (run-soak.ts): does one kind of work on the vault over and over, as fast
// as it can, until the soak kills it with SIGKILL. Before importing anything it appends the source's
// name and SHA-256 to expected.jsonl (fsynced), so every item that ever gets committed has its
// source hash written down first. It prints `ready` once the vault is open, `committed <ids>` after
// each import returns, and `passphrase <n>` once a passphrase change has returned.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EvidenceRepository } from '../../main/core/db/repositories/evidence';
import { ThumbnailsRepository } from '../../main/core/db/repositories/thumbnails';
import { Vault } from '../../main/core/vault/vault';
// Each kind of work loads its own modules before the child says `ready` (the soak bundles this
// file with code splitting, and kills only after `ready`, so every kill lands on real work): a
// child then starts without loading pdfkit, sharp or archiver when it only changes the passphrase.

export type SoakOperation =
  'import-files' | 'import-zip' | 'thumbnails' | 'export' | 'passwd' | 'rebuild' | 'backup';

const dir = process.env.SOAK_VAULT_DIR ?? '';
const source = process.env.SOAK_SOURCE_DIR ?? '';
const passphrases = JSON.parse(process.env.SOAK_PASSPHRASES ?? '[]') as string[];
const current = Number(process.env.SOAK_PASSPHRASE_INDEX ?? '0');
const backupFolder = process.env.SOAK_BACKUP_DIR ?? '';
const operation = process.argv[2] as SoakOperation;
const expectedFile = path.join(source, 'expected.jsonl');

function expect(name: string, bytes: Buffer): void {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const fd = fs.openSync(expectedFile, 'a');
  try {
    fs.writeSync(fd, `${JSON.stringify({ name, sha256 })}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function writeSource(file: string, bytes: Buffer): void {
  expect(path.basename(file), bytes);
  fs.writeFileSync(file, bytes);
}

async function makeFiles(round: number): Promise<string> {
  const folder = path.join(source, 'files', `${process.pid}-${round}`);
  fs.mkdirSync(folder, { recursive: true });
  for (let i = 0; i < 4; i += 1) {
    const bytes = randomBytes(1024 + Math.floor(Math.random() * 120_000));
    writeSource(path.join(folder, `${process.pid}-${round}-${i}.bin`), bytes);
  }
  const { default: sharp } = await import('sharp');
  const png = await sharp({
    create: {
      width: 48,
      height: 96,
      channels: 3,
      background: `#${randomBytes(3).toString('hex')}`,
    },
  })
    .png()
    .toBuffer();
  writeSource(path.join(folder, `${process.pid}-${round}-picture.png`), png);
  return folder;
}

function makeZip(round: number): string {
  const folder = path.join(source, 'zips', `${process.pid}-${round}`);
  fs.mkdirSync(folder, { recursive: true });
  const tag = `${process.pid}-${round}`;
  const picture = `IMG-20240513-WA${tag}.jpg`;
  const chat = `WhatsApp Chat with Agent ${tag}.txt`;
  const text = [
    `13/05/24, 09:15 - Agent: ${picture} (file attached)`,
    `13/05/24, 09:16 - Agent: pay today ${randomBytes(8).toString('hex')}`,
    ...Array.from(
      { length: 200 },
      (_, i) =>
        `13/05/24, 09:${String(17 + (i % 40)).padStart(2, '0')} - Agent: line ${i} ${randomBytes(24).toString('hex')}`,
    ),
    '',
  ].join('\n');
  writeSource(path.join(folder, chat), Buffer.from(text));
  writeSource(
    path.join(folder, picture),
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(60_000)]),
  );
  const zip = path.join(source, 'zips', `export-${tag}.zip`);
  execFileSync('zip', ['-q', '-j', zip, path.join(folder, chat), path.join(folder, picture)]);
  expect(path.basename(zip), fs.readFileSync(zip));
  return zip;
}

async function importForever(vault: Vault, caseId: string, zip: boolean): Promise<never> {
  for (let round = 0; ; round += 1) {
    const target = zip ? makeZip(round) : await makeFiles(round);
    const { importPaths } = await import('../../main/core/import/pipeline');
    const results = await importPaths(vault, [target], { caseId, commitGroup: { maxFiles: 2 } });
    const ids = results.filter((r) => r.status === 'imported').map((r) => r.evidenceId);
    process.stdout.write(`committed ${ids.join(',')}\n`);
  }
}

async function thumbnailsForever(vault: Vault): Promise<never> {
  const { ThumbnailQueue } = await import('../../main/core/import/thumbnail-queue');
  const queue = new ThumbnailQueue(vault);
  for (;;) {
    const pictures = new EvidenceRepository(vault.db)
      .listAll()
      .filter((e) => e.mediaType.startsWith('image/'));
    const repo = new ThumbnailsRepository(vault.db);
    for (const item of pictures) {
      repo.remove(item.blobName);
      queue.enqueue(item.blobName, item.mediaType);
    }
    await queue.idle();
    if (pictures.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function exportForever(vault: Vault, caseId: string): Promise<never> {
  const { exportCase } = await import('../../main/core/export/export-bundle');
  const out = path.join(source, 'exports');
  fs.mkdirSync(out, { recursive: true });
  for (let round = 0; ; round += 1) {
    const file = path.join(out, `${process.pid}-${round}.zip`);
    // After a rebuild the vault's history cannot say whether it had a signing key, and export asks
    // before making one (issue 16); the soak's user says yes, as she would in the app.
    await exportCase(vault, { caseId, outFile: file, newSigningKey: true });
    fs.rmSync(file, { force: true });
  }
}

async function passwdForever(vault: Vault): Promise<never> {
  for (let index = current; ; index = 1 - index) {
    const next = 1 - index;
    await vault.changePassphrase(passphrases[index] ?? '', passphrases[next] ?? '', {
      scryptLogN: 10,
    });
    process.stdout.write(`passphrase ${String(next)}\n`);
  }
}

/** Backs up to the same folder over and over; `published N` once generation N is in place. */
async function backupForever(vault: Vault): Promise<never> {
  const { BackupService } = await import('../../main/core/backup/backup-service');
  const service = new BackupService(() => vault);
  for (;;) {
    const result = await service.run({ folder: backupFolder, keep: 3 });
    process.stdout.write(`published ${String(result.generation)}\n`);
  }
}

async function rebuildForever(): Promise<never> {
  const { rebuildVault } = await import('../../main/core/vault/rebuild');
  for (;;) {
    const { vault } = await rebuildVault(dir, passphrases[current] ?? '');
    vault.lock();
    process.stdout.write('rebuilt\n');
  }
}

/** Loads the modules this child's kind of work needs, before it says `ready`. */
async function loadModules(): Promise<void> {
  const modules: Record<SoakOperation, () => Promise<unknown>[]> = {
    'import-files': () => [import('sharp'), import('../../main/core/import/pipeline')],
    'import-zip': () => [import('../../main/core/import/pipeline')],
    thumbnails: () => [import('../../main/core/import/thumbnail-queue')],
    export: () => [import('../../main/core/export/export-bundle')],
    passwd: () => [],
    rebuild: () => [import('../../main/core/vault/rebuild')],
    backup: () => [import('../../main/core/backup/backup-service')],
  };
  await Promise.all(modules[operation]());
}

async function main(): Promise<void> {
  await loadModules();
  if (operation === 'rebuild') {
    process.stdout.write('ready\n');
    await rebuildForever();
  }
  const vault = await Vault.open(dir, passphrases[current] ?? '');
  const caseId = vault.listCases()[0]?.id ?? '';
  process.stdout.write('ready\n');
  if (operation === 'import-files') await importForever(vault, caseId, false);
  else if (operation === 'import-zip') await importForever(vault, caseId, true);
  else if (operation === 'thumbnails') await thumbnailsForever(vault);
  else if (operation === 'export') await exportForever(vault, caseId);
  else if (operation === 'backup') await backupForever(vault);
  else await passwdForever(vault);
}

await main();
