// The bundles as shipped: built by scripts/build-main.mjs into a folder of their own (inside the
// repository, so their packages resolve from node_modules as dist/main's do), then run by Node.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreHost } from '../../main/core-host/core-host';
import { startRenderingDocuments } from '../../main/core/export/documents/render-documents';
import { publishStagedBlobs } from '../../main/core/vault/blob-store';
import { stampOf } from '../../main/core/vault/source-watch';
import { SHARED_HASH_MIN_BYTES, StageWorkers } from '../../main/core/vault/stage-workers';
import { startParseThread } from '../../main/core/import/android-parse-thread';
import { Vault } from '../../main/core/vault/vault';
import { inspectPdf } from '../main/core/export/documents/pdf-oracles';
import { buildSampleModel } from '../main/core/export/documents/sample-model';
import { expectAgeDecrypts, stageThrough } from '../helpers/staging';
import { makeTempDir } from '../helpers/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, 'node_modules', '.cache', `sakshya-build-test-${String(process.pid)}`);

interface BuildScript {
  buildMain: (into: string, options: { quiet: boolean }) => Promise<void>;
}

beforeAll(async () => {
  const script = (await import(
    pathToFileURL(path.join(ROOT, 'scripts/build-main.mjs')).href
  )) as BuildScript;
  await buildMain(script);
}, 120_000);

async function buildMain(script: BuildScript): Promise<void> {
  await script.buildMain(OUT, { quiet: true });
}

afterAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
});

describe('the main-process bundles', () => {
  it('put the documents and stage workers beside each bundle that needs them, and keep pdfkit out of the CLI until it is used', () => {
    const names = [
      'index.cjs',
      'core-host-worker.cjs',
      'document-worker.cjs',
      'stage-worker.cjs',
    ].concat(['cli.mjs', 'document-worker.mjs', 'stage-worker.mjs']);
    for (const name of names) expect(fs.existsSync(path.join(OUT, name)), name).toBe(true);
    // Split at dynamic imports: the CLI's entry file itself imports no heavy package; the chunks
    // its commands load find the workers beside the bundle.
    const cli = fs.readFileSync(path.join(OUT, 'cli.mjs'), 'utf8');
    expect(cli).not.toMatch(/^import .* from "(pdfkit|docx|sharp|better-sqlite3[^"]*|exifr)";$/m);
    const chunks = fs
      .readdirSync(path.join(OUT, 'chunks'))
      .map((name) => fs.readFileSync(path.join(OUT, 'chunks', name), 'utf8'))
      .join('\n');
    expect(chunks).toContain('document-worker.mjs');
    expect(chunks).toContain('stage-worker.mjs');
    const host = fs.readFileSync(path.join(OUT, 'core-host-worker.cjs'), 'utf8');
    expect(host).toContain('stage-worker.cjs');
    expect(host).toContain('document-worker.cjs');
    expect(host).toContain('android-parse-worker.cjs');
    expect(chunks).toContain('android-parse-worker.mjs');
    expect(fs.readFileSync(path.join(OUT, 'index.cjs'), 'utf8')).toContain('core-host-worker.cjs');
  });

  it('run the core host from the built core-host-worker.cjs: create, lock, unlock, a case', async () => {
    const host = await startCoreHost({
      vaultDir: path.join(makeTempDir(), 'vault'),
      scryptLogN: 10,
      script: { file: pathToFileURL(path.join(OUT, 'core-host-worker.cjs')), source: false },
    });
    try {
      expect(
        await host.call('vault:create', { passphrase: 'bundle host passphrase' }),
      ).toMatchObject({ ok: true });
      await host.call('vault:lock', {});
      await host.ping();
      expect(
        await host.call('vault:unlock', { passphrase: 'bundle host passphrase' }),
      ).toMatchObject({ ok: true, value: { unlocked: true } });
      await host.call('case:create', { title: 'QuickCash' });
      expect(await host.call('case:list', {})).toMatchObject({
        ok: true,
        value: [{ title: 'QuickCash' }],
      });
    } finally {
      await host.close();
    }
  });

  it('start --help and verify without loading zod, sharp, the database, pdfkit, docx, exifr or any package from node_modules', () => {
    // commander and zod are bundled into the CLI (one parse instead of dozens of resolved files),
    // so neither comes from node_modules; zod's schemas are in a chunk that neither command loads.
    const heavy =
      /node_modules\/(zod|commander|sharp|better-sqlite3[^/]*|pdfkit|docx|exifr|archiver)\//;
    for (const args of [['--help'], ['verify', path.join(makeTempDir(), 'no-such-bundle.zip')]]) {
      const trace = path.join(makeTempDir(), 'modules.txt');
      fs.writeFileSync(trace, '');
      try {
        execFileSync(
          process.execPath,
          [
            '--import',
            path.join(ROOT, 'scripts/module-trace.mjs'),
            path.join(OUT, 'cli.mjs'),
            ...args,
          ],
          { env: { ...process.env, SAKSHYA_MODULE_TRACE: trace }, stdio: 'ignore' },
        );
      } catch {
        // verify of a missing bundle exits 2; what it loaded on the way is what counts.
      }
      const loaded = fs.readFileSync(trace, 'utf8').split('\n');
      expect(
        loaded.some((url) => url.endsWith('/cli.mjs')),
        args[0],
      ).toBe(true);
      const zodChunks = fs
        .readdirSync(path.join(OUT, 'chunks'))
        .filter((name) =>
          fs.readFileSync(path.join(OUT, 'chunks', name), 'utf8').includes('node_modules/zod/'),
        );
      expect(zodChunks.length, 'a chunk holds zod').toBeGreaterThan(0);
      expect(
        loaded.filter((url) => zodChunks.some((name) => url.endsWith(`/chunks/${name}`))),
        args[0],
      ).toEqual([]);
      expect(
        loaded.filter((url) => heavy.test(url)),
        args[0],
      ).toEqual([]);
      // (This build itself sits in node_modules/.cache.) yauzl is bundled too: imported from
      // node_modules, it was scanned by Node's export lexer first (~80 ms of verify's CPU).
      expect(
        loaded.filter(
          (url) =>
            !url.startsWith(pathToFileURL(fs.realpathSync(OUT)).href) &&
            url.includes('/node_modules/'),
        ),
        args[0],
      ).toEqual([]);
      if (args[0] === 'verify') {
        // verify runs its own small program: no chunk with the other commands is even parsed.
        const programChunks = fs
          .readdirSync(path.join(OUT, 'chunks'))
          .filter((name) =>
            fs
              .readFileSync(path.join(OUT, 'chunks', name), 'utf8')
              .includes('create a new vault and show its recovery key once'),
          );
        expect(programChunks.length, 'a chunk holds the full program').toBe(1);
        expect(
          loaded.filter((url) => programChunks.some((name) => url.endsWith(`/chunks/${name}`))),
        ).toEqual([]);
      }
    }
  });

  for (const name of ['stage-worker.mjs', 'stage-worker.cjs']) {
    it(`write stored copies that the age tool decrypts in the built ${name}`, async () => {
      const { vault } = await Vault.create(
        path.join(makeTempDir(), 'vault'),
        'bundle stage passphrase',
        {
          scryptLogN: 10,
        },
      );
      const pool = new StageWorkers(
        { file: pathToFileURL(path.join(OUT, name)), source: false },
        2,
      );
      try {
        const sources = [1, 1_150_000, 9 * 1024 * 1024].map((size) => {
          const file = path.join(makeTempDir(), `source-${String(size)}.bin`);
          fs.writeFileSync(file, randomBytes(size));
          return file;
        });
        const staged = await Promise.all(sources.map((file) => stageThrough(pool, vault, file)));
        expect(pool.counts).toEqual({ worker: 3, thisThread: 0, helped: 0 });
        // A big file is hashed by the second worker while the first seals it.
        const big = path.join(makeTempDir(), 'big.bin');
        fs.writeFileSync(big, randomBytes(SHARED_HASH_MIN_BYTES + 5));
        const watch = { path: big, expected: stampOf(fs.statSync(big)) };
        staged.push(await stageThrough(pool, vault, big, { watch }));
        sources.push(big);
        expect(pool.counts).toEqual({ worker: 4, thisThread: 0, helped: 1 });
        expect(staged[3]?.sha256).toBe(
          createHash('sha256').update(fs.readFileSync(big)).digest('hex'),
        );
        await publishStagedBlobs(vault.layout, staged);
        staged.forEach((blob, index) => {
          expectAgeDecrypts(vault, blob.name, fs.readFileSync(sources[index] ?? ''));
        });
      } finally {
        await pool.close();
        vault.lock();
      }
    });
  }

  for (const name of ['android-parse-worker.mjs', 'android-parse-worker.cjs']) {
    it(`parse a stored SMS backup into rows in the built ${name}, hashing exactly the stored file`, async () => {
      const { vault } = await Vault.create(path.join(makeTempDir(), 'vault'), 'bundle parse pass', {
        scryptLogN: 10,
      });
      try {
        const caseId = vault.createCase({ title: 'Parse', timezone: 'Asia/Kolkata' }).id;
        const sms = path.join(ROOT, 'test/fixtures/android/sms-20240513090000.xml');
        const added = await vault.addFile(caseId, sms);
        if (added.status !== 'imported') throw new Error('expected a new file');
        const thread = startParseThread(
          vault,
          added.evidence,
          { batch: 5000, readChunk: 65536, timezone: 'Asia/Kolkata' },
          { file: pathToFileURL(path.join(OUT, name)), source: false },
        );
        if (thread === null) throw new Error('expected the thread to start');
        const texts: string[] = [];
        let end: { sha256: string; problem: string | null } | undefined;
        for await (const batch of thread.batches(undefined)) {
          texts.push(...batch.rows.map((row) => row.text));
          end = batch.end;
        }
        expect(end).toEqual({ sha256: added.evidence.sha256, problem: null });
        expect(end?.sha256).toBe(createHash('sha256').update(fs.readFileSync(sms)).digest('hex'));
        expect(texts.length).toBeGreaterThan(3);
        expect(texts.join('\n')).toMatch(/[\u0900-\u097f]/);
      } finally {
        vault.lock();
      }
    });
  }

  for (const name of ['document-worker.mjs', 'document-worker.cjs']) {
    it(`render an export's documents in the built ${name}`, async () => {
      const { model } = await buildSampleModel({ items: 5 });
      const pending = startRenderingDocuments(
        { model, manifestSha256: 'cd'.repeat(32) },
        { file: pathToFileURL(path.join(OUT, name)), source: false },
      );
      const documents = await pending.take();
      expect(pending.renderedIn()).toBe('worker');
      expect(inspectPdf(documents.reportPdf).text).toContain(model.items[4]?.hashes.sha256);
      expect(inspectPdf(documents.certificatePdf).text).toContain(model.items[0]?.hashes.sha256);
      const docx = path.join(makeTempDir(), 'certificate.docx');
      fs.writeFileSync(docx, documents.certificateDocx);
      execFileSync('unzip', ['-tq', docx]);
    });
  }

  it('run the shipped CLI: an export of 200 files verifies with no vault, and SAKSHYA_INSECURE_SCRYPT_LOG_N is ignored', () => {
    const env = {
      ...process.env,
      SAKSHYA_PASSPHRASE: 'bundle test passphrase',
      // Set, but the shipped CLI must ignore it: its key files keep the full work factor.
      SAKSHYA_INSECURE_SCRYPT_LOG_N: '10',
    };
    const work = makeTempDir();
    const vault = path.join(work, 'vault');
    const files = path.join(work, 'files');
    fs.mkdirSync(files);
    for (let i = 0; i < 200; i += 1)
      fs.writeFileSync(
        path.join(files, `note-${String(i).padStart(3, '0')}.txt`),
        `Call log entry ${String(i)}\n`,
      );
    const cli = (args: string[]): string =>
      execFileSync(process.execPath, [path.join(OUT, 'cli.mjs'), '--vault', vault, ...args], {
        env,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
    cli(['init']);
    for (const keyFile of ['passphrase.age', 'recovery.age']) {
      const header = fs.readFileSync(path.join(vault, 'keys', keyFile), 'latin1');
      expect(header).toMatch(/\n-> scrypt \S+ 18\n/);
    }
    const caseId = (
      JSON.parse(cli(['--json', 'case', 'create', '--title', 'Bundle test'])) as { id: string }
    ).id;
    cli(['import', '--case', caseId, files]);
    const out = path.join(work, 'case.zip');
    const exported = JSON.parse(cli(['--json', 'export', '--case', caseId, '--out', out])) as {
      itemCount: number;
    };
    expect(exported.itemCount).toBe(200);
    const verified = JSON.parse(cli(['--json', 'verify', out])) as { intact: boolean };
    expect(verified.intact).toBe(true);
    const listing = execFileSync('unzip', ['-l', out], { encoding: 'utf8' });
    expect(listing).toContain('data/report.pdf');
    expect(listing).toContain('data/certificate-section63-draft.docx');
  }, 120_000);
});
