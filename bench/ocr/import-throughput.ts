// Import throughput with text reading on, against off, in the same run (issue 20: "Import speed is
// unchanged, within noise"). Each phase is a fresh AppCore and vault importing the same pictures in
// batches through `importEvidence`, as the window does; a batch is timed until the import's result
// returns. With reading on, the core reads in the background after each batch commits, so from the
// second batch on the import competes with a reader busy on the earlier ones: the worst case for
// the import. Phases run off, on, off, so a change of load on the shared machine shows up as a
// difference between the two controls.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppCore } from '../../main/core/app-core';

export interface PhaseResult {
  readText: boolean;
  files: number;
  seconds: number;
  /** Pictures read in the background by the time the phase ended (reading on only). */
  read: number;
}

async function runPhase(files: readonly string[], batch: number, readText: boolean) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-ocr-throughput-'));
  const core = new AppCore({ vaultDir: path.join(root, 'vault'), scryptLogN: 10, readText });
  try {
    await core.create('bench passphrase for the throughput run');
    const { id: caseId } = core.createCase({ title: 'Throughput', timezone: 'Asia/Kolkata' });
    let seconds = 0;
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
    const read = readText ? core.text.status().done : 0;
    return { readText, files: files.length, seconds, read };
  } finally {
    // Waits for the reader and the previews to stop, so the next phase starts on a quiet core.
    await core.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Off, on, off: the ratio is on against the mean of the two controls. */
export async function measureImportThroughput(
  files: readonly string[],
  batch = 10,
): Promise<{ phases: PhaseResult[]; ratio: number }> {
  const phases: PhaseResult[] = [];
  for (const readText of [false, true, false]) phases.push(await runPhase(files, batch, readText));
  const rate = (phase: PhaseResult): number => phase.files / phase.seconds;
  const off = phases.filter((phase) => !phase.readText);
  const on = phases.find((phase) => phase.readText);
  const offRate = off.reduce((sum, phase) => sum + rate(phase), 0) / off.length;
  return { phases, ratio: on === undefined ? Number.NaN : rate(on) / offRate };
}
