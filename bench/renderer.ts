// Issue 3's benchmark: how long the built renderer takes, in Debian Chromium, from navigation to an
// interactive unlock screen, and how big its JavaScript is once gzipped.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { AppCore } from '../main/core/app-core';
import { startWebTransport } from '../main/web-transport/server';
import { launchChromium } from '../test/helpers/chromium';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = 7;

export async function runRendererBench(): Promise<void> {
  // Always the current code: a build left in dist/ from older code would report its old size.
  const RENDERER = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-bench-renderer-'));
  execFileSync(
    'npx',
    ['vite', 'build', '--config', 'renderer/vite.config.ts', '--outDir', RENDERER, '--emptyOutDir'],
    {
      cwd: ROOT,
      stdio: 'ignore',
    },
  );
  const assets = path.join(RENDERER, 'assets');
  let raw = 0;
  let gzipped = 0;
  for (const file of fs.readdirSync(assets).filter((f) => f.endsWith('.js'))) {
    const bytes = fs.readFileSync(path.join(assets, file));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  console.log(
    `renderer JS: ${(raw / 1024).toFixed(0)} KB raw, ${(gzipped / 1024).toFixed(0)} KB gzipped (target < 400 KB)`,
  );

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-bench-ui-'));
  const core = new AppCore({ vaultDir: path.join(work, 'vault'), scryptLogN: 10 });
  await core.create('bench passphrase 123');
  core.lock();
  const transport = await startWebTransport({ core, rendererDir: RENDERER, port: 0 });
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(transport.url, { waitUntil: 'commit' });
      const field = page.locator('input[type="password"]').first();
      await field.waitFor({ state: 'visible' });
      await field.focus();
      // performance.now() in the page counts from its own navigation start.
      times.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    console.log(
      `unlock screen interactive: median ${median.toFixed(0)} ms over ${RUNS} loads (target < 300 ms)`,
    );
  } finally {
    await browser.close();
    await transport.close();
    await core.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
