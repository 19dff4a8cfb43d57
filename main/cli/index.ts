#!/usr/bin/env node
// Entry point for `sakshya` and `npm run cli -- …`.
import { runCli } from './program';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
process.exitCode = code;
