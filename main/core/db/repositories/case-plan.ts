// A case's own plan: the playbooks it follows once chosen, and the steps the user added. A step's
// status, notes and proof live in StepsRepository, under 'custom/<id>' for the user's own steps.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../types';
import {
  parseInput,
  parseJsonColumn,
  parseRow,
  resolveClock,
  runWrite,
  type Clock,
  type RepositoryOptions,
} from './row-helpers';

const PlaybookIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(100);
const CalendarDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const CustomStepInputSchema = z.object({
  caseId: z.string().min(1),
  title: z.string().trim().min(1).max(300),
  dueDate: CalendarDateText.nullable().optional(),
});
export type CustomStepInput = z.input<typeof CustomStepInputSchema>;

export interface StoredCustomStep {
  id: string;
  caseId: string;
  title: string;
  dueDate: string | null;
  createdAt: string;
}

const StoredCustomStepSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  title: z.string(),
  dueDate: z.string().nullable(),
  createdAt: z.string(),
});

interface CustomStepRow {
  id: string;
  case_id: string;
  title: string;
  due_date: string | null;
  created_at: string;
}

export class CasePlanRepository {
  private readonly db: Database;
  private readonly now: Clock;

  constructor(db: Database, options: RepositoryOptions = {}) {
    this.db = db;
    this.now = resolveClock(options);
  }

  /** The chosen playbook ids in order, or null when the user has not chosen yet. */
  findChoice(caseId: string): string[] | null {
    const text = this.db
      .prepare<[string], string>('SELECT playbook_ids FROM case_playbooks WHERE case_id = ?')
      .pluck()
      .get(caseId);
    if (text === undefined) return null;
    return parseRow(z.array(z.string()), parseJsonColumn(text), `playbook choice of ${caseId}`);
  }

  saveChoice(caseId: string, playbookIds: readonly string[]): string[] {
    const ids = [...new Set(parseInput(z.array(PlaybookIdSchema), playbookIds, 'playbook list'))];
    runWrite(
      () =>
        this.db
          .prepare(
            `INSERT INTO case_playbooks (case_id, playbook_ids, chosen_at) VALUES (?, ?, ?)
             ON CONFLICT (case_id) DO UPDATE SET playbook_ids = excluded.playbook_ids,
               chosen_at = excluded.chosen_at`,
          )
          .run(caseId, JSON.stringify(ids), this.now().toISOString()),
      {
        duplicate: 'this choice already exists',
        missingReference: `case ${caseId} does not exist`,
      },
    );
    return ids;
  }

  addCustomStep(input: CustomStepInput): StoredCustomStep {
    const parsed = parseInput(CustomStepInputSchema, input, 'own step');
    const step: StoredCustomStep = {
      id: randomUUID(),
      caseId: parsed.caseId,
      title: parsed.title,
      dueDate: parsed.dueDate ?? null,
      createdAt: this.now().toISOString(),
    };
    runWrite(
      () =>
        this.db
          .prepare(
            'INSERT INTO custom_steps (id, case_id, title, due_date, created_at) VALUES (?, ?, ?, ?, ?)',
          )
          .run(step.id, step.caseId, step.title, step.dueDate, step.createdAt),
      {
        duplicate: 'this step already exists',
        missingReference: `case ${step.caseId} does not exist`,
      },
    );
    return step;
  }

  /** In the order they were added. */
  listCustomSteps(caseId: string): StoredCustomStep[] {
    return this.db
      .prepare<[string], CustomStepRow>(
        'SELECT id, case_id, title, due_date, created_at FROM custom_steps WHERE case_id = ? ORDER BY created_at, rowid',
      )
      .all(caseId)
      .map((row) =>
        parseRow(
          StoredCustomStepSchema,
          {
            id: row.id,
            caseId: row.case_id,
            title: row.title,
            dueDate: row.due_date,
            createdAt: row.created_at,
          },
          `own step ${row.id}`,
        ),
      );
  }
}
