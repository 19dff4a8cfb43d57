// Loads the bundled playbooks and checks any playbook the way the bundled ones are checked. The
// JSON is imported statically so the bundler ships it inside the app: nothing is read from disk.
import { SakshyaError } from '../../../shared/errors';
import { describeCycle, findDependencyCycle, listStepDependencies } from './dependency-graph';
import { PlaybookSchema, type CounterpartyKind, type Playbook, type PlaybookStep } from './schema';
import loanRecovery from './data/loan-recovery.json';
import whatsappHarassment from './data/whatsapp-harassment.json';
import socialMediaThreat from './data/social-media-threat.json';
import policeCyber from './data/police-cyber.json';

/** The order here is the order of suggestions: the most specific route first, the police last. */
const BUNDLED: readonly unknown[] = [
  loanRecovery,
  whatsappHarassment,
  socialMediaThreat,
  policeCyber,
];

let cache: readonly Playbook[] | null = null;

/**
 * Checks a playbook: the schema (both languages, a source link, real dates), then every step id it
 * mentions, then that the waits (`after` and `notBefore`) have no cycle. Throws INVALID_INPUT with
 * every problem found, naming the steps involved.
 */
export function validatePlaybook(data: unknown): Playbook {
  const parsed = PlaybookSchema.safeParse(data);
  const label = describePlaybook(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`,
    );
    throw new SakshyaError(
      'INVALID_INPUT',
      `Playbook ${label} is not valid: ${problems.join('; ')}`,
    );
  }
  const playbook = parsed.data;
  const problems = findReferenceProblems(playbook);
  if (problems.length > 0) {
    throw new SakshyaError(
      'INVALID_INPUT',
      `Playbook ${label} is not valid: ${problems.join('; ')}`,
    );
  }
  const cycle = findDependencyCycle(
    playbook.steps.map((step) => ({ id: step.id, dependsOn: listStepDependencies(step) })),
  );
  if (cycle) {
    throw new SakshyaError(
      'INVALID_INPUT',
      `Playbook ${label} has a dependency cycle: ${describeCycle(cycle)}`,
    );
  }
  return playbook;
}

/** The bundled playbooks, checked once. Each call returns copies, so callers cannot change the cache. */
export function loadPlaybooks(): Playbook[] {
  cache ??= BUNDLED.map((data) => validatePlaybook(data));
  return cache.map((playbook) => structuredClone(playbook));
}

export function findPlaybook(id: string): Playbook | null {
  return loadPlaybooks().find((playbook) => playbook.id === id) ?? null;
}

/**
 * Playbook ids to suggest for a counterparty kind, most specific first: a lender, agent or loan app
 * leads with loan-recovery, and every kind ends with police-cyber. Driven by each file's
 * `suggestedFor`, so a new playbook needs no code change.
 */
export function suggestPlaybooks(
  counterpartyKind: CounterpartyKind,
  playbooks: readonly Playbook[] = loadPlaybooks(),
): string[] {
  return playbooks
    .filter((playbook) => playbook.suggestedFor.includes(counterpartyKind))
    .map((p) => p.id);
}

function describePlaybook(data: unknown): string {
  if (typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string') {
    return `'${data.id}'`;
  }
  return '(without an id)';
}

function findReferenceProblems(playbook: Playbook): string[] {
  const problems: string[] = [];
  const steps = new Map<string, PlaybookStep>();
  for (const step of playbook.steps) {
    if (steps.has(step.id)) problems.push(`step id '${step.id}' is used twice`);
    steps.set(step.id, step);
  }
  const formerOwners = new Map<string, string>();
  for (const step of playbook.steps) {
    for (const formerId of step.formerIds ?? []) {
      if (steps.has(formerId))
        problems.push(`step '${step.id}': former id '${formerId}' is a current step id`);
      const owner = formerOwners.get(formerId);
      if (owner !== undefined)
        problems.push(`former id '${formerId}' is claimed by '${owner}' and '${step.id}'`);
      formerOwners.set(formerId, step.id);
    }
  }

  const checkField = (where: string, stepId: string, key: string, mustBeDate: boolean): void => {
    const target = steps.get(stepId);
    if (!target) return;
    const field = target.fields.find((candidate) => candidate.key === key);
    if (!field) problems.push(`${where}: step '${stepId}' has no field '${key}'`);
    else if (mustBeDate && field.kind !== 'date')
      problems.push(`${where}: field '${key}' of '${stepId}' is not a date`);
  };
  const checkStep = (where: string, stepId: string): void => {
    if (!steps.has(stepId)) problems.push(`${where}: unknown step id '${stepId}'`);
  };

  for (const step of playbook.steps) {
    const keys = new Set<string>();
    for (const field of step.fields) {
      if (keys.has(field.key))
        problems.push(`step '${step.id}': field key '${field.key}' is used twice`);
      keys.add(field.key);
    }
    for (const id of step.after) checkStep(`step '${step.id}' after`, id);
    const wait = step.notBefore;
    if (wait) {
      const where = `step '${step.id}' notBefore`;
      checkStep(where, wait.step);
      if (wait.field !== undefined) checkField(where, wait.step, wait.field, true);
      if (wait.unlessFilled !== undefined) checkField(where, wait.step, wait.unlessFilled, false);
      if (
        wait.reason &&
        !(wait.reason.en.includes('{date}') && wait.reason.hi.includes('{date}'))
      ) {
        problems.push(`${where}: the reason must contain {date} in both languages`);
      }
    }
    for (const [index, deadline] of (step.deadlines ?? []).entries()) {
      const where = `step '${step.id}' deadline ${index + 1}`;
      checkStep(where, deadline.from.step);
      if (deadline.from.field !== undefined)
        checkField(where, deadline.from.step, deadline.from.field, true);
      if (deadline.unlessFilled !== undefined)
        checkField(where, deadline.from.step, deadline.unlessFilled, false);
    }
  }
  return problems;
}
