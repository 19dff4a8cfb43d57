// Import throughput with text reading on, against off, in the same run (issue 20: "Import speed is
// unchanged, within noise"). Each phase is a fresh AppCore and vault importing the same pictures in
// batches through `importEvidence`, as the window does; a batch is timed until the import's result
// returns. Phases alternate (off, on, off, on by default), so a change of load on the shared
// machine shows up as a difference between phases of the same kind. With reading on, the phase
// then waits for the reading to finish: it reports how many pictures the reader had begun and read
// by the import's end, and the time until the LAST picture's text was read (a deferral that never
// reads would show here, and the phase fails if any picture is left unread).
//
// Phase kinds: `off` (no reading), `on` (the app's: reading waits until imports are quiet and the
// previews are made), `eager` (the reading starts after each batch, as before: the control);
// `on-nice` and `eager-nice` run the reader's threads 10 steps of nice below the import (Linux).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppCore } from '../../main/core/app-core';
import { EvidenceTextRepository } from '../../main/core/db/repositories/evidence-text';

export type PhaseKind = 'off' | 'on' | 'eager' | 'on-nice' | 'eager-nice';
const KINDS: readonly PhaseKind[] = ['off', 'on', 'eager', 'on-nice', 'eager-nice'];

export interface PhaseResult {
  kind: PhaseKind;
  files: number;
  /** Seconds spent in the import calls, batch by batch. */
  seconds: number;
  /** Pictures whose reading had begun, and had ended, when the last batch returned. */
  begun: number;
  read: number;
  /** Seconds from the first batch until the last picture's text was read (reading on only). */
  lastTextSeconds: number | null;
}

/**
 * `count` pictures made from `sources`, each made distinct by a few bytes after the picture's own
 * end (ignored by decoders), so that the import takes none for a duplicate.
 */
export function makeDistinctCopies(sources: readonly string[], count: number): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-ocr-copies-'));
  const files: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const source = sources[index % sources.length] ?? '';
    const target = path.join(dir, `${String(index).padStart(4, '0')}-${path.basename(source)}`);
    fs.writeFileSync(
      target,
      Buffer.concat([fs.readFileSync(source), crypto.randomBytes(8), Buffer.from([0])]),
    );
    files.push(target);
  }
  return files;
}

async function runPhase(
  files: readonly string[],
  batch: number,
  kind: PhaseKind,
): Promise<PhaseResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-ocr-throughput-'));
  const core = new AppCore({
    vaultDir: path.join(root, 'vault'),
    scryptLogN: 10,
    readText: kind !== 'off',
    ...(kind.startsWith('eager') ? { textQuietMs: null } : {}),
    ...(kind.endsWith('-nice') ? { textNiceness: 10 } : {}),
  });
  try {
    await core.create('bench passphrase for the throughput run');
    const { id: caseId } = core.createCase({ title: 'Throughput', timezone: 'Asia/Kolkata' });
    let seconds = 0;
    const phaseStart = performance.now();
    for (let at = 0; at < files.length; at += batch) {
      const start = performance.now();
      const results = await core.importEvidence({
        taskId: crypto.randomUUID(),
        caseId,
        paths: files.slice(at, at + batch),
      });
      seconds += (performance.now() - start) / 1000;
      if (results.some((result) => result.status !== 'imported'))
        throw new Error('a picture of the throughput run was not imported');
    }
    const begun = core.text.picturesBegun();
    const read = kind === 'off' ? 0 : core.text.status().done;
    let lastTextSeconds: number | null = null;
    if (kind !== 'off') {
      // The app's reader thread and its waits never keep a process alive by themselves.
      const alive = setInterval(() => undefined, 1000);
      try {
        await core.text.idle();
      } finally {
        clearInterval(alive);
      }
      lastTextSeconds = (performance.now() - phaseStart) / 1000;
      const counts = new EvidenceTextRepository(core.requireVault().db).countByStatus(caseId);
      if (counts.pending > 0)
        throw new Error(`the reading ended with ${String(counts.pending)} pictures unread`);
    }
    return { kind, files: files.length, seconds, begun, read, lastTextSeconds };
  } finally {
    // Waits for the reader and the previews to stop, so the next phase starts on a quiet core.
    await core.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const rate = (phase: PhaseResult): number => phase.files / phase.seconds;

function meanRate(phases: readonly PhaseResult[], kind: PhaseKind): number {
  const chosen = phases.filter((phase) => phase.kind === kind);
  return chosen.reduce((sum, phase) => sum + rate(phase), 0) / chosen.length;
}

/** Runs the phases in order; each kind's throughput is compared with the mean of the `off` ones. */
export async function measureImportThroughput(
  files: readonly string[],
  kinds: readonly PhaseKind[] = ['off', 'on', 'off', 'on'],
  batch = 10,
): Promise<{ phases: PhaseResult[]; ratios: Partial<Record<PhaseKind, number>> }> {
  const phases: PhaseResult[] = [];
  for (const kind of kinds) {
    phases.push(await runPhase(files, batch, kind));
    console.log(`  ${describePhase(phases.at(-1)!)}`);
  }
  const off = meanRate(phases, 'off');
  const ratios: Partial<Record<PhaseKind, number>> = {};
  for (const kind of new Set(kinds))
    if (kind !== 'off') ratios[kind] = meanRate(phases, kind) / off;
  return { phases, ratios };
}

export function describePhase(phase: PhaseResult): string {
  const head = `import, reading ${phase.kind.padEnd(10)} ${rate(phase).toFixed(1)} files/s (${String(phase.files)} pictures in batches of 10, ${phase.seconds.toFixed(1)} s)`;
  if (phase.lastTextSeconds === null) return head;
  return `${head}; by the import's end ${String(phase.begun)} begun, ${String(phase.read)} read; last text read ${phase.lastTextSeconds.toFixed(1)} s after the first batch`;
}

/** Prints the phases' on/off ratios with the load, as the ocr benches do. */
export async function reportImportThroughput(
  files: readonly string[],
  kinds?: readonly PhaseKind[],
): Promise<void> {
  const { ratios } = await measureImportThroughput(files, kinds);
  for (const [kind, ratio] of Object.entries(ratios))
    console.log(
      `import throughput, ${kind} / off: ${ratio.toFixed(2)} (load average ${os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')})`,
    );
}

const FIXTURES = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'test',
  'fixtures',
  'chat-screenshots',
);

/**
 * `npm run bench -- ocr-import [PICTURES] [PHASES]`: only the throughput, on copies of the chat
 * screenshots in test/fixtures (150 by default, so that an import takes over 10 s here); PHASES
 * as `off,on,off,on` (the default) or with `eager` phases as a control.
 */
export async function runOcrImportBench(): Promise<void> {
  const count = Number(process.argv[3] ?? 150);
  const kinds = (process.argv[4] ?? 'off,on,off,on').split(',') as PhaseKind[];
  if (kinds.some((kind) => !KINDS.includes(kind)) || !kinds.includes('off'))
    throw new Error(`phases are ${KINDS.join(', ')}, with at least one off`);
  const sources = fs
    .readdirSync(FIXTURES)
    .filter((name) => /\.(png|jpe?g)$/i.test(name))
    .map((name) => path.join(FIXTURES, name));
  const files = makeDistinctCopies(sources, count);
  try {
    await reportImportThroughput(files, kinds);
  } finally {
    fs.rmSync(path.dirname(files[0] ?? ''), { recursive: true, force: true });
  }
}
