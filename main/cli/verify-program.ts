// `sakshya verify` on its own: the root command (the same global options and help as the full
// program) with only the verify command. index.ts runs it when the command is `verify`, so
// checking a bundle does not parse and register the other commands (`npm run bench -- cli`).
import { registerVerifyCommand } from './commands/verify';
import type { CliIo } from './io';
import { createRootCommand, runProgram } from './root-command';

export function runVerifyCli(argv: string[], io: CliIo): Promise<number> {
  return runProgram(argv, io, (setExit) => {
    const program = createRootCommand(io);
    registerVerifyCommand(program, setExit);
    return program;
  });
}
