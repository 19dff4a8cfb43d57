// Which command a `sakshya` command line names, read before commander loads, so index.ts can start
// the small verify-only program for `sakshya verify` (verify-program.ts). Imports nothing.

/** The root's global options that take a value (see root-command.ts). */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--vault', '--passphrase-file']);

/** The first word that is not a global option or its value, or undefined (e.g. `--help` alone). */
export function findCommandName(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const word = argv[index] ?? '';
    if (word === '--') return argv[index + 1];
    if (GLOBAL_OPTIONS_WITH_VALUE.has(word)) index += 1;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}
