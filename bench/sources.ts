// Issue 19's benchmark: an "SMS Backup & Restore" file of at least 200 MB (half a million
// messages, a few MMS with pictures among them) imported through the real pipeline into a real
// vault. Reports messages per second (target ≥ 20,000/s) and the process's peak RSS (target
// < 300 MB), and, measured in the same run, the rate of the bare streaming read alone (the XML
// parsed, nothing stored), so the figure can be judged on a loaded machine.
// The import runs as the app runs it: in a worker thread with the core host's V8 limits
// (CORE_HOST_LIMITS), in a child process of its own. `--in-thread` runs it on the child's main
// thread instead (the figures before the core host). The peak is split into V8's heap, ArrayBuffers
// and native memory (bench/memory-split.ts).
// `npm run bench -- sources [--messages N] [--in-thread]`
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { CORE_HOST_LIMITS } from '../main/core-host/core-host';
import { importPaths } from '../main/core/import/pipeline';
import { readAndroidBackup } from '../main/core/readers/android-backup';
import { Vault } from '../main/core/vault/vault';
import { bundleBenchChild, readBytesWritten, readPeakRss } from './bundle-child';
import { describeSample, MemorySplit, type MemorySample } from './memory-split';

const MiB = 1024 * 1024;
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const START_MS = Date.parse('2023-01-01T00:00:00.000Z');
const HINDI = ['आज', 'शाम', 'तक', 'पैसे', 'जमा', 'करो', 'वरना', 'घर', 'आएंगे'];
const ENGLISH = ['Your', 'EMI', 'is', 'overdue', 'pay', 'today', 'or', 'we', 'call', 'family'];

function readCount(): number {
  const at = process.argv.indexOf('--messages');
  const value = at < 0 ? NaN : Number(process.argv[at + 1]);
  return Number.isInteger(value) && value > 0 ? value : 500_000;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** One message's text, Hindi every third; also used by bench/scratch-events.ts. */
export function makeBody(index: number): string {
  const words = index % 3 === 0 ? HINDI : ENGLISH;
  const parts: string[] = [];
  for (let i = 0; i < 14 + (index % 10); i += 1)
    parts.push(words[(index * 7 + i) % words.length] ?? '');
  return `${parts.join(' ')} #${String(index)}`;
}

function makeSms(index: number, at: number): string {
  const number = `+9198${String(76_500_000 + (index % 300)).padStart(8, '0')}`;
  const type = index % 10 === 0 ? 2 : 1;
  const readable = new Date(at).toUTCString();
  return `  <sms protocol="0" address="${number}" date="${String(at)}" type="${String(type)}" subject="null" body="${escapeXml(makeBody(index))}" toa="null" sc_toa="null" service_center="+919810051914" read="1" status="-1" locked="0" date_sent="${String(at - 2000)}" sub_id="1" readable_date="${readable}" contact_name="Agent ${String(index % 300)}" />\n`;
}

function makeMms(index: number, at: number): string {
  return `  <mms date="${String(at)}" msg_box="1" address="+919876543210" m_type="132" readable_date="${new Date(at).toUTCString()}" contact_name="XYZ Loans">
    <parts>
      <part seq="0" ct="image/png" name="IMG_${String(index)}.png" cl="IMG_${String(index)}.png" text="null" data="${PNG}" />
      <part seq="0" ct="text/plain" text="देखो तुम्हारी फ़ोटो ${String(index)}" data="null" />
    </parts>
    <addrs><addr address="+919876543210" type="137" charset="106" /><addr address="+919900011122" type="151" charset="106" /></addrs>
  </mms>\n`;
}

/** Writes the backup as a stream, so the bench's own memory stays out of the figure. */
export async function writeBackup(file: string, count: number): Promise<number> {
  const out = fs.createWriteStream(file);
  out.write(
    `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!--File Created By SMS Backup & Restore v10.20.002-->\n<?xml-stylesheet type="text/xsl" href="sms.xsl"?>\n<smses count="${String(count)}" type="full">\n`,
  );
  for (let index = 0; index < count; index += 1) {
    const at = START_MS + index * 97_000 + (index % 13) * 1000;
    // One MMS in 5,000 carries a picture, each a different one (the index is in its text only).
    const chunk = index % 5000 === 4999 ? makeMms(index, at) : makeSms(index, at);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end('</smses>\n');
  await once(out, 'finish');
  return fs.statSync(file).size;
}

async function timeBareRead(
  file: string,
): Promise<{ seconds: number; cpuSeconds: number; records: number }> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let records = 0;
  for await (const batch of readAndroidBackup(fs.createReadStream(file, { highWaterMark: MiB })))
    records += batch.length;
  const used = process.cpuUsage(cpu);
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    records,
  };
}

const CHILD = 'SAKSHYA_SOURCES_BENCH_CHILD';
const PASSPHRASE = 'bench passphrase 123';

interface ChildResult {
  seconds: number;
  /** CPU time (user and system) the import took: less swayed by other processes than the wall clock. */
  cpuSeconds: number;
  messages: number;
  pictures: number;
  status: string;
  warnings: number;
  startRss: number;
  peakRss: number;
  /** Bytes the import passed to write(): the vault's WAL and database, and the stored pictures. */
  written: number;
  /** The importing thread's memory at the sample of highest RSS, and each part's highest. */
  atPeak: MemorySample;
  maxima: MemorySample;
  samples: number;
  runsIn: 'worker' | 'thread';
  /** CPU seconds of the child's three busiest threads (worker runs only; ThreadClock). */
  busiestThreads?: number[];
}

export async function runSourcesBench(): Promise<void> {
  const count = readCount();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-bench-sources-'));
  const bundle = await bundleBenchChild(import.meta.filename, 'sources-child');
  try {
    const file = path.join(work, 'sms-20240601000000.xml');
    const size = await writeBackup(file, count);
    console.log(
      `  backup: ${String(count)} messages, ${(size / MiB).toFixed(0)} MiB (load average before: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${String(os.cpus().length)} cores)`,
    );
    const vaultDir = path.join(work, 'vault');
    const { vault } = await Vault.create(vaultDir, PASSPHRASE, { scryptLogN: 10 });
    const caseId = vault.createCase({ title: 'Bench case', timezone: 'Asia/Kolkata' }).id;
    vault.updateCase(caseId, {
      counterparty: {
        name: 'XYZ Loans',
        kind: 'loan-app',
        numbers: ['+91 98765 43210'],
        agentNames: [],
        handles: [],
      },
    });
    vault.lock();
    fs.cpSync(vaultDir, `${vaultDir}.fresh`, { recursive: true });
    // The bare read first, in this process: the same file streamed through the reader, nothing stored.
    const bare = await timeBareRead(file);
    // The import in a fresh child running a bundle, as the installed CLI would, so its peak RSS is
    // its own and not what generating the file or the bare read left behind.
    // SAKSHYA_BENCH_CPU_PROF=DIR profiles the importing child (V8 .cpuprofile files in DIR).
    const profile = process.env.SAKSHYA_BENCH_CPU_PROF;
    const flags = profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`];
    const inThread = process.argv.includes('--in-thread');
    const runChildOnce = (): ChildResult => {
      const out = execFileSync(process.execPath, [...flags, bundle, vaultDir, caseId, file], {
        env: { ...process.env, [CHILD]: inThread ? 'thread' : 'worker' },
        maxBuffer: 16 * MiB,
      }).toString();
      return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildResult;
    };
    const run = runChildOnce();
    printRun(run, bare, 'import (the parsing thread beside the writer, as the app runs it)');
    // `--control`: the same import again into a fresh copy of the vault with the parsing thread's
    // bundle moved away, so the import parses on its own thread (the fallback, and the code before
    // the parsing thread): a control measured in the same run.
    if (process.argv.includes('--control')) {
      const worker = path.join(path.dirname(bundle), 'android-parse-worker.mjs');
      fs.renameSync(worker, `${worker}.off`);
      fs.rmSync(vaultDir, { recursive: true, force: true });
      fs.cpSync(`${vaultDir}.fresh`, vaultDir, { recursive: true });
      printRun(runChildOnce(), bare, 'control: the same import with no parsing thread');
    }
    console.log(
      `  load average after: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
  }
}

function printRun(
  run: ChildResult,
  bare: { seconds: number; cpuSeconds: number; records: number },
  label: string,
): void {
  const rate = run.messages / run.seconds;
  const bareRate = bare.records / bare.seconds;
  console.log(`  ${label}:`);
  console.log(
    `    ${String(run.messages)} messages in ${run.seconds.toFixed(1)} s = ${rate.toFixed(0)} messages/s (target ≥ 20,000/s); ${String(run.pictures)} MMS pictures; ${run.status}, ${String(run.warnings)} warnings`,
  );
  console.log(
    `    bare streaming read of the same file (parse only, nothing stored), same run: ${bareRate.toFixed(0)} records/s; the import runs at ${(rate / bareRate).toFixed(2)}× of it`,
  );
  console.log(
    `    CPU time per message (every thread of the importing process): import ${((run.cpuSeconds / run.messages) * 1e6).toFixed(1)} µs, bare read ${((bare.cpuSeconds / bare.records) * 1e6).toFixed(1)} µs (the import costs ${(run.cpuSeconds / run.messages / (bare.cpuSeconds / bare.records)).toFixed(2)}× the read); CPU over wall time ${(run.cpuSeconds / run.seconds).toFixed(2)}`,
  );
  if (run.busiestThreads !== undefined)
    console.log(
      `    CPU per message of the busiest threads (the importing one, the parsing one when there is one, then the next): ${run.busiestThreads.map((seconds) => `${((seconds / run.messages) * 1e6).toFixed(1)} µs`).join(', ')}; the busiest one bounds the rate with two free cores: ${(run.messages / Math.max(...run.busiestThreads, 1e-9)).toFixed(0)} messages/s`,
    );
  console.log(
    `    written to disk per message: ${(run.written / run.messages / 1024).toFixed(2)} KiB (the vault's log and database; not swayed by the load)`,
  );
  console.log(
    `    peak RSS of the importing process: ${(run.peakRss / MiB).toFixed(0)} MiB (target < 300 MB; ${(run.startRss / MiB).toFixed(0)} MiB before the import); the import ran ${run.runsIn === 'worker' ? `in a worker thread with the core host's limits ${JSON.stringify(CORE_HOST_LIMITS)}, as the app runs it` : "on the child's main thread (--in-thread)"}`,
  );
  console.log(
    `    memory at the highest sampled RSS (${String(run.samples)} samples, importing thread's heap): ${describeSample(run.atPeak)}`,
  );
  console.log(`    highest of each part: ${describeSample(run.maxima)}`);
}

/** Opens the vault, imports the one file and measures it, in whichever thread calls it. */
async function runImport(
  vaultDir: string,
  caseId: string,
  file: string,
  runsIn: ChildResult['runsIn'],
): Promise<ChildResult> {
  const vault = await Vault.open(vaultDir, PASSPHRASE);
  const startRss = process.memoryUsage().rss;
  const writtenBefore = readBytesWritten();
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  // SAKSHYA_BENCH_RSS=1 prints each sample (taken when the importing thread's event loop turns).
  const split = new MemorySplit(
    100,
    process.env.SAKSHYA_BENCH_RSS === undefined
      ? undefined
      : (line) => {
          console.error(line);
        },
  );
  const results = await importPaths(vault, [file], { caseId });
  split.stop();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  vault.lock();
  return {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    messages: results[0]?.chat?.messages ?? 0,
    pictures: results.length - 1,
    status: results[0]?.status ?? 'none',
    warnings: results[0]?.warnings.length ?? 0,
    startRss,
    peakRss: readPeakRss(),
    written: readBytesWritten() - writtenBefore,
    atPeak: split.peak,
    maxima: split.max,
    samples: split.samples,
    runsIn,
  };
}

/**
 * CPU seconds of each of the process's threads, from /proc/self/task/TID/schedstat (Linux), last
 * seen within 50 ms of its end. Which thread is the importing one and which the parsing one is told
 * by their size: on a quiet machine the import's wall time is about that of its busiest thread.
 */
class ThreadClock {
  private readonly seen = new Map<string, number>();

  sample(): void {
    let tasks: string[];
    try {
      tasks = fs.readdirSync('/proc/self/task');
    } catch {
      return;
    }
    for (const tid of tasks) {
      try {
        const ns = Number(
          fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0],
        );
        if (Number.isFinite(ns)) this.seen.set(tid, ns / 1e9);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  }

  busiest(count: number): number[] {
    return [...this.seen.values()].sort((a, b) => b - a).slice(0, count);
  }
}

/**
 * In the child: the import in a worker thread with the core host's limits (the app's way), or on
 * this thread; prints the figures as JSON. The peak RSS is the whole process's, read after the
 * worker has ended.
 */
async function runChild(vaultDir: string, caseId: string, file: string): Promise<void> {
  if (process.env[CHILD] === 'thread') {
    console.log(JSON.stringify(await runImport(vaultDir, caseId, file, 'thread')));
    return;
  }
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { vaultDir, caseId, file },
    resourceLimits: CORE_HOST_LIMITS,
  });
  // This thread is idle meanwhile, so it also samples the whole process's RSS (every 50 ms, until
  // the worker has ended): an outside sampler of /proc/PID/smaps once saw 215 MiB where VmHWM
  // said 201. The figure given is the higher of the two.
  let sampled = 0;
  const threads = new ThreadClock();
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
    threads.sample();
  }, 50);
  const [result] = (await once(worker, 'message')) as [ChildResult];
  await once(worker, 'exit');
  clearInterval(sampler);
  console.log(
    JSON.stringify({
      ...result,
      peakRss: Math.max(readPeakRss(), sampled),
      busiestThreads: threads.busiest(3),
    }),
  );
}

if (process.env[CHILD] !== undefined && !isMainThread) {
  const start = workerData as { vaultDir: string; caseId: string; file: string };
  const result = await runImport(start.vaultDir, start.caseId, start.file, 'worker');
  parentPort?.postMessage(result);
} else if (process.env[CHILD] !== undefined) {
  const [vaultDir, caseId, file] = process.argv.slice(2);
  if (vaultDir === undefined || caseId === undefined || file === undefined)
    throw new Error('usage: sources.ts VAULT CASE FILE');
  await runChild(vaultDir, caseId, file);
}
