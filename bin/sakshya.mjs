#!/usr/bin/env node
// The installed `sakshya` command runs the bundled CLI (built by `npm run build:main`).
// From a clone without a build, use `npm run cli -- <command>`.
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/main/cli.mjs', import.meta.url);
if (existsSync(bundled)) {
  await import(bundled.href);
} else {
  process.stderr.write(
    'sakshya: not built yet. Run `npm run build:main`, or use `npm run cli -- <command>`.\n',
  );
  process.exitCode = 2;
}
