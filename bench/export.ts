// Issue 7's benchmark: export a case of 2,000 screenshot-sized PNG files (~300 KiB, random
// content, so nothing compresses) plus one 512 MiB video-sized file as a signed BagIt zip.
// Reports MB/s and peak RSS, the ratio to the standard tools doing the same work (`age -d` each
// file with the identity, then `sha256sum`, then `zip -0`), and the ratio to a bare in-process
// decrypt + hash + zip-store loop with no documents, manifests or signature.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import { EvidenceRepository } from '../main/core/db/repositories/evidence';
import { exportCase } from '../main/core/export/export-bundle';
import { openBlob } from '../main/core/vault/blob-store';
import { objectPath } from '../main/core/vault/layout';
import { Vault } from '../main/core/vault/vault';

const COUNT = Number(process.env.BENCH_SCREENSHOTS ?? 2000);
const SMALL = 300 * 1024;
const LARGE = Number(process.env.BENCH_LARGE_MIB ?? 512) * 1024 * 1024;
const MiB = 1024 * 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CHILD_FLAG = 'SAKSHYA_BENCH_EXPORT_CHILD';

interface ChildResult {
  seconds: number;
  peakRss: number;
  zipSize: number;
  itemCount: number;
}

function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function store(
  vault: Vault,
  caseId: string,
  data: Readable,
  name: string,
  mediaType: string,
  capturedAt: string,
): Promise<void> {
  const blob = await vault.storeBlob(data);
  vault.recordStoredBlob(caseId, blob, {
    originalName: name,
    mediaType,
    capture: {
      capturedAt,
      source: 'filename',
      confidence: 'medium',
      detail: 'bench',
      zoneAssumed: true,
    },
  });
}

function largeStream(): Readable {
  const block = randomBytes(4 * MiB);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= LARGE) {
        this.push(null);
        return;
      }
      block[0] = (block[0] ?? 0) ^ 0xff;
      const chunk = Buffer.from(block.subarray(0, Math.min(block.length, LARGE - sent)));
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

/** The same bytes through decrypt → SHA-256 → zip (stored), with nothing else. */
async function bareExport(
  vault: Vault,
  blobs: { name: string; entry: string }[],
  out: string,
): Promise<void> {
  const archive = new ZipArchive({ forceZip64: true });
  const written = pipeline(archive, fs.createWriteStream(out));
  for (const { name, entry } of blobs) {
    const hash = createHash('sha256');
    const tap = new Transform({
      transform(chunk: Buffer, _e, cb) {
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    openBlob(vault.layout, name, vault.identity).pipe(tap);
    const done = new Promise<void>((resolve) =>
      archive.once('entry', () => {
        resolve();
      }),
    );
    archive.append(tap, { name: entry, store: true });
    await done;
    hash.digest('hex');
  }
  await archive.finalize();
  await written;
  const fd = fs.openSync(out, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

export async function runExportBench(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-bench-export-'));
  try {
    const { vault } = Vault.create(path.join(work, 'vault'), 'bench passphrase', {
      scryptLogN: 10,
    });
    const target = vault.createCase({ title: 'Export bench', timezone: 'Asia/Kolkata' });
    let t = process.hrtime.bigint();
    for (let i = 0; i < COUNT; i += 1) {
      const data = Buffer.concat([PNG_MAGIC, randomBytes(SMALL - PNG_MAGIC.length)]);
      const at = new Date(Date.UTC(2024, 4, 1) + i * 60_000).toISOString();
      await store(
        vault,
        target.id,
        Readable.from([data]),
        `Screenshot_${String(i).padStart(5, '0')}.png`,
        'image/png',
        at,
      );
    }
    await store(
      vault,
      target.id,
      largeStream(),
      'VID_20240512_2130.mp4',
      'video/mp4',
      '2024-05-12T16:00:00.000Z',
    );
    const evidence = new EvidenceRepository(vault.db).listByCase(target.id);
    const totalBytes = evidence.reduce((n, e) => n + e.size, 0);
    console.log(
      `built a vault of ${String(evidence.length)} files (${(totalBytes / MiB).toFixed(0)} MiB) in ${since(t).toFixed(1)} s`,
    );

    // The export runs in a fresh process, so its peak RSS is the export's own and not what
    // building this vault left behind in this one.
    const vaultDir = vault.layout.root;
    const child = execFileSync(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, vaultDir, target.id, path.join(work, 'bundle.zip')],
      { encoding: 'utf8', env: { ...process.env, [CHILD_FLAG]: '1' }, maxBuffer: 1 << 20 },
    );
    const measured = JSON.parse(child.trim().split('\n').at(-1) ?? '{}') as ChildResult;
    const ours = measured.seconds;
    const peak = measured.peakRss;
    const zipSize = measured.zipSize;
    const result = { itemCount: measured.itemCount };
    fs.rmSync(path.join(work, 'bundle.zip'));

    t = process.hrtime.bigint();
    await bareExport(
      vault,
      evidence.map((e, i) => ({
        name: e.blobName,
        entry: `data/evidence/${String(i).padStart(4, '0')}_${e.originalName}`,
      })),
      path.join(work, 'bare.zip'),
    );
    const bare = since(t);
    fs.rmSync(path.join(work, 'bare.zip'));

    // The standard tools: age -d each file with the identity, sha256sum them, zip -0 the folder.
    const identity = path.join(work, 'identity.txt');
    fs.writeFileSync(identity, vault.revealIdentity(), { mode: 0o600 });
    const plain = path.join(work, 'plain');
    fs.mkdirSync(plain);
    const jobs = evidence.map((e, i) => [
      objectPath(vault.layout, e.blobName),
      path.join(plain, `${String(i).padStart(4, '0')}_${e.originalName}`),
    ]);
    vault.lock();
    t = process.hrtime.bigint();
    for (const [from, to] of jobs)
      execFileSync('age', ['-d', '-i', identity, '-o', to ?? '', from ?? '']);
    execFileSync('sh', [
      '-c',
      'cd "$1" && find . -type f -print0 | xargs -0 sha256sum > ../sums.txt',
      'sh',
      plain,
    ]);
    execFileSync('zip', ['-0', '-q', '-r', path.join(work, 'tools.zip'), '.'], { cwd: plain });
    execFileSync('sync', [path.join(work, 'tools.zip')]);
    const tools = since(t);

    console.log(
      `export of ${String(result.itemCount)} files, ${(totalBytes / MiB).toFixed(0)} MiB → ${(zipSize / MiB).toFixed(0)} MiB zip: ${ours.toFixed(1)} s, ${(totalBytes / MiB / ours).toFixed(0)} MB/s`,
    );
    console.log(`  peak RSS: ${(peak / MiB).toFixed(0)} MiB (target < 300 MiB)`);
    console.log(
      `  vs age -d + sha256sum + zip -0: ${(tools / ours).toFixed(2)}× (tools ${tools.toFixed(1)} s; target ≥ 3×)`,
    );
    console.log(
      `  vs bare decrypt + hash + zip-store loop: ${(bare / ours).toFixed(2)}× (bare ${bare.toFixed(1)} s; target ≥ 0.7×)`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** In the child: open the vault, export, and print the time and peak RSS as one JSON line. */
async function runChild(vaultDir: string, caseId: string, out: string): Promise<void> {
  const vault = Vault.open(vaultDir, 'bench passphrase');
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const t = process.hrtime.bigint();
  const result = await exportCase(vault, { caseId, outFile: out });
  const seconds = since(t);
  clearInterval(sampler);
  vault.lock();
  const line: ChildResult = {
    seconds,
    peakRss: peak,
    zipSize: result.files[0]?.size ?? 0,
    itemCount: result.itemCount,
  };
  console.log(JSON.stringify(line));
}

if (process.env[CHILD_FLAG] === '1') {
  const [vaultDir, caseId, out] = process.argv.slice(2);
  if (vaultDir === undefined || caseId === undefined || out === undefined)
    throw new Error('usage: export.ts VAULT CASE OUT');
  await runChild(vaultDir, caseId, out);
}
