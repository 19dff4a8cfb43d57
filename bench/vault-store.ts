// Issue 2's benchmark: store one 512 MiB file, then 2,000 files of 300 KiB (read, SHA-256, encrypt,
// write, fsync, record). Compared with the standard tools run per file, and with a bare in-process
// loop that does the same crypto and durable write with no database work.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createEncryptStream, parseRecipient } from '../main/core/age';
import { Vault } from '../main/core/vault/vault';

const LARGE = 512 * 1024 * 1024;
const SMALL = 300 * 1024;
const SMALL_COUNT = Number(process.env.BENCH_SMALL_COUNT ?? 2000);
const MiB = 1024 * 1024;

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function writeRandomFile(file: string, size: number): void {
  const fd = fs.openSync(file, 'w');
  const block = randomBytes(4 * MiB);
  for (let written = 0; written < size; written += block.length) {
    fs.writeSync(fd, block, 0, Math.min(block.length, size - written));
    block[0] = (block[0] ?? 0) ^ 0xff; // vary blocks a little so nothing dedups
  }
  fs.closeSync(fd);
}

async function bareStore(file: string, out: string, recipient: string): Promise<void> {
  const hash = createHash('sha256');
  const fd = fs.openSync(out, 'w');
  await pipeline(
    fs.createReadStream(file, { highWaterMark: MiB }),
    new Transform({
      transform(chunk: Buffer, _e, cb) {
        hash.update(chunk);
        cb(null, chunk);
      },
    }),
    createEncryptStream([parseRecipient(recipient)]),
    fs.createWriteStream('', { fd, autoClose: false }),
  );
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  hash.digest('hex');
}

function toolsStore(file: string, out: string, recipient: string): void {
  execFileSync('sh', [
    '-c',
    'sha256sum "$1" >/dev/null && age -r "$2" -o "$3" "$1"',
    'sh',
    file,
    recipient,
    out,
  ]);
}

export async function runVaultStoreBench(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-bench-'));
  try {
    const large = path.join(work, 'large.bin');
    writeRandomFile(large, LARGE);
    const smallDir = path.join(work, 'small');
    fs.mkdirSync(smallDir);
    const smalls = Array.from({ length: SMALL_COUNT }, (_, i) => {
      const f = path.join(smallDir, `shot-${i}.png`);
      fs.writeFileSync(f, randomBytes(SMALL));
      return f;
    });
    const smallBytes = SMALL * SMALL_COUNT;

    const { vault } = await Vault.create(path.join(work, 'vault'), 'bench passphrase', {
      scryptLogN: 10,
    });
    const target = vault.createCase({ title: 'Bench' });
    let peakRss = process.memoryUsage().rss;
    const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

    let t = process.hrtime.bigint();
    await vault.addFile(target.id, large);
    const oursLarge = seconds(t);
    t = process.hrtime.bigint();
    for (const f of smalls) await vault.addFile(target.id, f);
    const oursSmall = seconds(t);
    clearInterval(sample);
    const recipient = vault.recipient;
    vault.lock();

    const bareDir = path.join(work, 'bare');
    fs.mkdirSync(bareDir);
    t = process.hrtime.bigint();
    await bareStore(large, path.join(bareDir, 'large.age'), recipient);
    const bareLarge = seconds(t);
    t = process.hrtime.bigint();
    for (const [i, f] of smalls.entries())
      await bareStore(f, path.join(bareDir, `${i}.age`), recipient);
    const bareSmall = seconds(t);
    fs.rmSync(bareDir, { recursive: true });

    const toolDir = path.join(work, 'tools');
    fs.mkdirSync(toolDir);
    t = process.hrtime.bigint();
    toolsStore(large, path.join(toolDir, 'large.age'), recipient);
    const toolLarge = seconds(t);
    t = process.hrtime.bigint();
    for (const [i, f] of smalls.entries()) toolsStore(f, path.join(toolDir, `${i}.age`), recipient);
    const toolSmall = seconds(t);

    const rows = [
      [
        '512 MiB file',
        `${(LARGE / MiB / oursLarge).toFixed(0)} MB/s`,
        `${(toolLarge / oursLarge).toFixed(2)}× (target ≥ 2.5×)`,
        `${(bareLarge / oursLarge).toFixed(2)}× (target ≥ 0.7×)`,
      ],
      [
        `${SMALL_COUNT} × 300 KiB`,
        `${(SMALL_COUNT / oursSmall).toFixed(0)} files/s, ${(smallBytes / MiB / oursSmall).toFixed(0)} MB/s`,
        `${(toolSmall / oursSmall).toFixed(2)}× (target ≥ 5×)`,
        `${(bareSmall / oursSmall).toFixed(2)}× (target ≥ 0.7×)`,
      ],
    ];
    console.log('case | Sakshya | vs sha256sum+age per file | vs bare in-process loop');
    for (const r of rows) console.log(r.join(' | '));
    console.log(`peak RSS while storing: ${(peakRss / MiB).toFixed(0)} MiB`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
