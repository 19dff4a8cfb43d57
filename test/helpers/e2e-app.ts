// The one set-up of the Chromium e2e tests (test/e2e/*.e2e.test.ts): a private work folder, the
// real web transport over the core host (a worker thread, as `npm run dev:web` and the desktop app
// run it), a vault created and seeded through the real API (vault:create, case:create, …), Debian
// Chromium with one page that records its errors, and a close that undoes it all.
// No core runs in the test's thread: what a test checks in the core it asks through `call`, the
// same dispatch the page's calls go to.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CaseInput } from '../../shared/domain';
import type { CoreHost } from '../../main/core-host/core-host';
import { startWebTransport, type WebTransport } from '../../main/web-transport/server';
import { launchChromium } from './chromium';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const RENDERER_DIR =
  process.env.SAKSHYA_TEST_RENDERER_DIR ?? path.join(ROOT, 'dist', 'renderer');
/** Where the tests' screenshots go, to be looked at (artifacts/ is not committed). */
export const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');

export interface E2eAppOptions {
  /** Names the temp folder: sakshya-NAME-e2e-… */
  name: string;
  /** The vault is created (vault:create) with it; null leaves no vault, for first-run tests. */
  passphrase: string | null;
  /** Created in this order, through `case:create`, once the vault is open. */
  cases?: CaseInput[];
  /** Work done in the work folder before the host starts (files to import, fixtures). */
  prepare?: (workRoot: string) => void | Promise<void>;
  /** Seeding through the API once the cases exist (incidents, imports, settings). */
  seed?: (app: E2eApp) => Promise<void>;
  viewport?: { width: number; height: number };
  /** The browser's locale; en-IN by default, null for Chromium's own. */
  locale?: string | null;
  /** The browser's time zone (IANA); Chromium's own by default. */
  timezoneId?: string;
  /** Lets the page download (exported bundles). */
  acceptDownloads?: boolean;
  /** Uploads and finished bundles go under the work folder, where the test can find them. */
  uploadsInWorkRoot?: boolean;
  /** Grants the page the clipboard (Copy buttons). */
  clipboard?: boolean;
  /** Also count console.error lines as page errors (default true). */
  consoleErrors?: boolean;
  /** What `backup:chooseFolder` answers (there is no folder dialog here). */
  backupFolder?: string;
}

export interface E2eApp {
  workRoot: string;
  vaultDir: string;
  transport: WebTransport;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Errors the page threw (and console errors, unless turned off). */
  pageErrors: string[];
  /** The ids of `cases`, in order. */
  caseIds: string[];
  /** One contract call through the core host's dispatch; throws with the error code if it fails. */
  call: HostCall;
  /** A screenshot of the page into artifacts/screenshots/NAME.png. */
  snap: (name: string, options?: { fullPage?: boolean }) => Promise<void>;
  close: () => Promise<void>;
}

/** One contract call through a core host's dispatch; throws with the error code if it fails. */
export type HostCall = <T = unknown>(name: string, input?: unknown) => Promise<T>;

export function callThrough(host: CoreHost): HostCall {
  return async <T>(name: string, input: unknown = {}): Promise<T> => {
    const result = await host.call(name, input);
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
}

/** Starts everything; a failure part-way closes what was already started. */
export async function startE2eApp(options: E2eAppOptions): Promise<E2eApp> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html')))
    throw new Error(
      `${RENDERER_DIR}/index.html is missing. Build the renderer first: npm run build:renderer.`,
    );
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), `sakshya-${options.name}-e2e-`));
  const vaultDir = path.join(workRoot, 'vault');
  let transport: WebTransport | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    // Locks the vault, waits for the core host to close its database, and ends it.
    await transport?.close();
    // Retries: a background write (a preview, a text reading) may end just as the folder goes.
    fs.rmSync(workRoot, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  };
  try {
    await options.prepare?.(workRoot);
    transport = await startWebTransport({
      vaultDir,
      scryptLogN: 10,
      rendererDir: RENDERER_DIR,
      port: 0,
      ...(options.backupFolder === undefined ? {} : { backupFolder: options.backupFolder }),
      ...(options.uploadsInWorkRoot === true ? { uploadParentDir: workRoot } : {}),
    });
    const call = callThrough(transport.host);
    if (options.passphrase !== null) await call('vault:create', { passphrase: options.passphrase });
    const caseIds: string[] = [];
    for (const input of options.cases ?? [])
      caseIds.push((await call<{ id: string }>('case:create', input)).id);

    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1360, height: 860 },
      ...(options.locale === null ? {} : { locale: options.locale ?? 'en-IN' }),
      ...(options.timezoneId === undefined ? {} : { timezoneId: options.timezoneId }),
      ...(options.acceptDownloads === true ? { acceptDownloads: true } : {}),
    });
    if (options.clipboard === true)
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: new URL(transport.url).origin,
      });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    if (options.consoleErrors !== false)
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const app: E2eApp = {
      workRoot,
      vaultDir,
      transport,
      browser,
      context,
      page,
      pageErrors,
      caseIds,
      call,
      snap: async (name, snapOptions = {}) => {
        await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), ...snapOptions });
      },
      close,
    };
    await options.seed?.(app);
    return app;
  } catch (error) {
    await close();
    throw error;
  }
}
