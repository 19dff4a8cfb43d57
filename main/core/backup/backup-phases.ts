// Where a backup's or a restore's time goes, for `npm run bench -- backup` (never for timed tests).
// Phases overlap (four copies, two hashes and a syncfs can run at once), so each phase keeps two
// figures: `wall`, the time during which at least one of it was running, and `busy`, the sum of
// every run's own time. Off unless the bench turns it on; then it costs two clock reads per span.

export const BACKUP_PHASES = [
  'snapshot',
  'plan',
  'copy',
  'hash',
  'syncfs',
  'rename',
  'folders',
  'manifest',
  /** A copy lane waiting for the batch it filled to be synced and renamed. */
  'wait',
] as const;
export type BackupPhase = (typeof BACKUP_PHASES)[number];

interface PhaseFigures {
  wall: number;
  busy: number;
  count: number;
  running: number;
  since: bigint;
}

let figures: Map<BackupPhase, PhaseFigures> | null = null;

/** Starts recording (the bench), forgetting anything recorded before. */
export function recordBackupPhases(): void {
  figures = new Map(
    BACKUP_PHASES.map((phase) => [phase, { wall: 0, busy: 0, count: 0, running: 0, since: 0n }]),
  );
}

/** What was recorded since recordBackupPhases, in seconds; empty when not recording. */
export function readBackupPhases(): {
  phase: BackupPhase;
  wall: number;
  busy: number;
  count: number;
}[] {
  if (figures === null) return [];
  return [...figures].map(([phase, f]) => ({ phase, wall: f.wall, busy: f.busy, count: f.count }));
}

/** Marks the start of one span of `phase`; call the function it returns at its end. */
export function startPhase(phase: BackupPhase): () => void {
  const f = figures?.get(phase);
  if (f === undefined) return () => undefined;
  const start = process.hrtime.bigint();
  if (f.running === 0) f.since = start;
  f.running += 1;
  f.count += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    const end = process.hrtime.bigint();
    f.busy += Number(end - start) / 1e9;
    f.running -= 1;
    if (f.running === 0) f.wall += Number(end - f.since) / 1e9;
  };
}

/** Times one awaited step as `phase`. */
export async function timePhase<T>(phase: BackupPhase, step: () => Promise<T>): Promise<T> {
  const end = startPhase(phase);
  try {
    return await step();
  } finally {
    end();
  }
}
