// Helpers for the one-time recovery key check. The key is 8 groups of 4 Crockford base32
// characters; we ask for one group back to be sure it was written down, not just glanced at.

export function splitRecoveryKey(key: string): string[] {
  return key.split('-').filter((group) => group !== '');
}

/** A random group number, 1-based as people count. */
export function pickGroupNumber(groupCount: number, random: () => number = Math.random): number {
  return 1 + Math.floor(random() * Math.max(groupCount, 1));
}

/** Reads the way the core does: case, spaces and the look-alikes O→0 and I/L→1 do not matter. */
export function normalizeGroup(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function matchesGroup(key: string, groupNumber: number, typed: string): boolean {
  const group = splitRecoveryKey(key)[groupNumber - 1];
  return group !== undefined && normalizeGroup(typed) === normalizeGroup(group);
}
