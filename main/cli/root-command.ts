// What every `sakshya` program shares: the root command with its global options and help footer,
// and the one way a parsed run becomes an exit code. The full program (program.ts) and the small
// one that only verifies a bundle (verify-program.ts) are both built on it, so they cannot drift.
import { Command, CommanderError } from 'commander';
import { EXIT_OK, EXIT_USAGE, type CliIo } from './io';
import { Printer } from './output';

export interface GlobalOptions {
  vault?: string;
  json?: boolean;
  passphraseFile?: string;
}

const HELP_FOOTER = `
Passphrase: asked on the terminal with no echo, or read from --passphrase-file FILE or the
SAKSHYA_PASSPHRASE environment variable. Never pass it as an argument.

Exit codes:
  0  success
  1  an integrity problem was found (each one is listed)
  2  usage error or bad input (wrong passphrase, missing vault, unreadable file)
`;

export function createRootCommand(io: CliIo): Command {
  return new Command('sakshya')
    .description('Sakshya: keep evidence of harassment safe, provable and organised.')
    .option('--vault <dir>', 'the vault folder (default: your app-data folder)')
    .option('--json', 'print machine-readable JSON')
    .option('--passphrase-file <file>', 'read the passphrase from the first line of this file')
    .addHelpText('after', HELP_FOOTER)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError();
}

/** Parses `argv` with the program `build` makes and turns what happened into an exit code. */
export async function runProgram(
  argv: string[],
  io: CliIo,
  build: (setExit: (code: number) => void) => Command,
): Promise<number> {
  let exitCode = EXIT_OK;
  const wantsJson = argv.includes('--json');
  const program = build((code) => {
    exitCode = Math.max(exitCode, code);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return EXIT_OK;
      if (error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    return new Printer(io, wantsJson).error(error);
  }
  return exitCode;
}
