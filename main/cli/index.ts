#!/usr/bin/env node
// Entry point for `sakshya` and `npm run cli -- …`. `sakshya verify` is the command a recipient
// runs (a lawyer, a cyber cell) with no vault, so it gets a program of its own that loads only what
// checking a bundle needs; every other command loads the full program.
import { findCommandName } from './command-name';

const argv = process.argv.slice(2);
const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
};
const code =
  findCommandName(argv) === 'verify'
    ? await (await import('./verify-program')).runVerifyCli(argv, io)
    : await (await import('./program')).runCli(argv, io);
process.exitCode = code;
