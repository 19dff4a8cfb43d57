// Dependency checks shared by the playbook validator and by user-added steps.
import type { PlaybookStep } from './schema';

export interface DependencyNode {
  id: string;
  /** Ids this node waits for. */
  dependsOn: readonly string[];
}

type Colour = 'visiting' | 'done';

/**
 * The first cycle found, as a closed path such as ['a', 'b', 'c', 'a'], or null. The search walks
 * nodes and edges in the order given, so the same data always names the same cycle. Edges to ids
 * that are not nodes are ignored here; the caller reports them as unknown ids.
 */
export function findDependencyCycle(nodes: readonly DependencyNode[]): string[] | null {
  const edges = new Map<string, readonly string[]>();
  for (const node of nodes) edges.set(node.id, node.dependsOn);
  const colour = new Map<string, Colour>();
  const path: string[] = [];

  // Iterative, so a long chain in a data file cannot overflow the stack.
  for (const start of nodes) {
    if (colour.has(start.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
    colour.set(start.id, 'visiting');
    path.push(start.id);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) break;
      const targets = edges.get(frame.id) ?? [];
      const target = targets[frame.next];
      if (target === undefined) {
        colour.set(frame.id, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      frame.next += 1;
      if (!edges.has(target)) continue;
      const seen = colour.get(target);
      if (seen === 'visiting') return [...path.slice(path.indexOf(target)), target];
      if (seen === 'done') continue;
      colour.set(target, 'visiting');
      path.push(target);
      stack.push({ id: target, next: 0 });
    }
  }
  return null;
}

export function describeCycle(cycle: readonly string[]): string {
  return cycle.join(' → ');
}

/** The steps a step waits for: its `after` list and the step its "not before" counts from. */
export function listStepDependencies(step: PlaybookStep): string[] {
  const ids = [...step.after];
  if (step.notBefore && !ids.includes(step.notBefore.step)) ids.push(step.notBefore.step);
  return ids;
}
