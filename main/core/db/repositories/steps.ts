// Progress on a case's playbook steps: one row per (case, playbook step), with proof evidence.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { STEP_STATUSES, StepSchema, type Step } from '../../../../shared/domain';
import type { Database } from '../types';
import {
  assertEvidenceInCase,
  parseInput,
  parseJsonColumn,
  parseRow,
  resolveClock,
  runWrite,
  UtcTimestampSchema,
  type Clock,
  type RepositoryOptions,
  groupEvidenceLinks,
} from './row-helpers';

const StepUpsertSchema = z.object({
  caseId: z.string(),
  playbookStepId: z.string().min(1).max(200),
  status: z.enum(STEP_STATUSES).optional(),
  doneAt: UtcTimestampSchema.nullable().optional(),
  dueAt: UtcTimestampSchema.nullable().optional(),
  references: z.record(z.string(), z.string()).optional(),
  notes: z.string().optional(),
  proofEvidenceIds: z.array(z.string()).optional(),
});

/**
 * Fields left out keep their current value (or the default for a new step), so toggling the
 * status never wipes notes or proof. `proofEvidenceIds`, when given, replaces the whole list.
 */
export type StepUpsert = z.input<typeof StepUpsertSchema>;

interface StepRow {
  id: string;
  case_id: string;
  playbook_step_id: string;
  status: string;
  done_at: string | null;
  due_at: string | null;
  refs: string;
  notes: string;
  updated_at: string;
}

interface ProofRow {
  step_id: string;
  evidence_id: string;
}

const SELECT_STEPS =
  'SELECT id, case_id, playbook_step_id, status, done_at, due_at, refs, notes, updated_at FROM steps';

export class StepsRepository {
  private readonly db: Database;
  private readonly now: Clock;

  constructor(db: Database, options: RepositoryOptions = {}) {
    this.db = db;
    this.now = resolveClock(options);
  }

  upsert(input: StepUpsert): Step {
    const parsed = parseInput(StepUpsertSchema, input, 'step');
    return this.db.transaction((): Step => {
      const current = this.find(parsed.caseId, parsed.playbookStepId);
      const next: Step = {
        id: current?.id ?? randomUUID(),
        caseId: parsed.caseId,
        playbookStepId: parsed.playbookStepId,
        status: parsed.status ?? current?.status ?? 'todo',
        doneAt: parsed.doneAt === undefined ? (current?.doneAt ?? null) : parsed.doneAt,
        dueAt: parsed.dueAt === undefined ? (current?.dueAt ?? null) : parsed.dueAt,
        references: parsed.references ?? current?.references ?? {},
        notes: parsed.notes ?? current?.notes ?? '',
        proofEvidenceIds: [...new Set(parsed.proofEvidenceIds ?? current?.proofEvidenceIds ?? [])],
        updatedAt: this.now().toISOString(),
      };
      assertEvidenceInCase(this.db, next.caseId, next.proofEvidenceIds);
      runWrite(
        () =>
          this.db
            .prepare(
              `INSERT INTO steps (id, case_id, playbook_step_id, status, done_at, due_at, refs, notes, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (case_id, playbook_step_id) DO UPDATE SET status = excluded.status,
                 done_at = excluded.done_at, due_at = excluded.due_at, refs = excluded.refs,
                 notes = excluded.notes, updated_at = excluded.updated_at`,
            )
            .run(
              next.id,
              next.caseId,
              next.playbookStepId,
              next.status,
              next.doneAt,
              next.dueAt,
              JSON.stringify(next.references),
              next.notes,
              next.updatedAt,
            ),
        {
          duplicate: 'this step already exists',
          missingReference: `case ${next.caseId} does not exist`,
        },
      );
      if (parsed.proofEvidenceIds !== undefined) {
        this.db.prepare('DELETE FROM step_proof WHERE step_id = ?').run(next.id);
        const link = this.db.prepare('INSERT INTO step_proof (step_id, evidence_id) VALUES (?, ?)');
        for (const evidenceId of next.proofEvidenceIds) link.run(next.id, evidenceId);
      }
      return next;
    })();
  }

  find(caseId: string, playbookStepId: string): Step | undefined {
    const row = this.db
      .prepare<[string, string], StepRow>(
        `${SELECT_STEPS} WHERE case_id = ? AND playbook_step_id = ?`,
      )
      .get(caseId, playbookStepId);
    if (row === undefined) return undefined;
    const proof = this.db
      .prepare<[string], ProofRow>(
        'SELECT step_id, evidence_id FROM step_proof WHERE step_id = ? ORDER BY rowid',
      )
      .all(row.id);
    return mapStepRow(row, groupProof(proof));
  }

  /** In the order the steps were first touched. */
  listByCase(caseId: string): Step[] {
    const rows = this.db
      .prepare<[string], StepRow>(`${SELECT_STEPS} WHERE case_id = ? ORDER BY rowid`)
      .all(caseId);
    const proof = this.db
      .prepare<[string], ProofRow>(
        `SELECT p.step_id, p.evidence_id FROM step_proof p JOIN steps s ON s.id = p.step_id
         WHERE s.case_id = ? ORDER BY p.rowid`,
      )
      .all(caseId);
    const byStep = groupProof(proof);
    return rows.map((row) => mapStepRow(row, byStep));
  }
}

function groupProof(rows: readonly ProofRow[]): Map<string, string[]> {
  return groupEvidenceLinks(rows, (row) => row.step_id);
}

function mapStepRow(row: StepRow, proof: ReadonlyMap<string, string[]>): Step {
  return parseRow(
    StepSchema,
    {
      id: row.id,
      caseId: row.case_id,
      playbookStepId: row.playbook_step_id,
      status: row.status,
      doneAt: row.done_at,
      dueAt: row.due_at,
      references: parseJsonColumn(row.refs),
      notes: row.notes,
      proofEvidenceIds: proof.get(row.id) ?? [],
      updatedAt: row.updated_at,
    },
    `step ${row.id}`,
  );
}
