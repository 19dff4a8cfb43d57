// The process boundaries are rules, not wishes: each probe below breaks one, as a file placed in the
// folder it would live in, and ESLint (eslint.config.js) or the type checker (the folder's
// tsconfig.json) must reject it. Probes are linted and compiled in memory; nothing is written into
// the source tree. A clean probe per folder shows the rules do not simply fire on everything.
//
// The lint probes run the boundary rules exactly as eslint.config.js configures them (same
// entries, same file globs, same options) but without type information: these rules need none,
// and a probe that exists only in memory belongs to no tsconfig project. `npm run lint` runs the
// whole config, type-aware, over the real files.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BOUNDARY_RULES = ['no-restricted-imports', 'no-restricted-globals', 'no-restricted-syntax'];

/** eslint.config.js reduced to its boundary rules, with each entry's files, ignores and globals. */
async function loadBoundaryConfig(): Promise<Linter.Config[]> {
  const url = pathToFileURL(path.join(ROOT, 'eslint.config.js')).href;
  const { default: config } = (await import(url)) as { default: Linter.Config[] };
  const entries = config.map((entry): Linter.Config => {
    if (entry.files === undefined && entry.rules === undefined && entry.ignores !== undefined)
      return { ignores: entry.ignores }; // the global ignores
    const rules = Object.fromEntries(
      Object.entries(entry.rules ?? {}).filter(([rule]) => BOUNDARY_RULES.includes(rule)),
    );
    return {
      ...(entry.files === undefined ? {} : { files: entry.files }),
      ...(entry.ignores === undefined ? {} : { ignores: entry.ignores }),
      ...(entry.languageOptions?.globals === undefined
        ? {}
        : { languageOptions: { globals: entry.languageOptions.globals } }),
      rules,
    };
  });
  return [{ files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } }, ...entries];
}

let eslint: ESLint;
beforeAll(async () => {
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: await loadBoundaryConfig(),
  });
});

/** The boundary rules that fire on `code` as if it were the file `relativePath`. */
async function boundaryErrors(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, relativePath) });
  return (result?.messages ?? [])
    .filter((message) => message.severity === 2 && BOUNDARY_RULES.includes(message.ruleId ?? ''))
    .map((message) => `${message.ruleId ?? ''}: ${message.message}`);
}

interface Probe {
  readonly file: string;
  readonly code: string;
  readonly rule: string;
}

const probe = (file: string, rule: string, code: string): Probe => ({ file, code, rule });

const SHARED = 'shared/lint-probe.ts';
const RENDERER = 'renderer/src/lib/lint-probe.ts';

const PROBES: Probe[] = [
  // shared/: no Node built-ins, with or without node:, nor their subpaths
  probe(SHARED, 'no-restricted-imports', "import zlib from 'zlib';\nexport const z = zlib;"),
  probe(
    SHARED,
    'no-restricted-imports',
    "import { EventEmitter } from 'events';\nexport const e = EventEmitter;",
  ),
  probe(
    SHARED,
    'no-restricted-imports',
    "import { EventEmitter } from 'node:events';\nexport const e = EventEmitter;",
  ),
  probe(
    SHARED,
    'no-restricted-imports',
    "import { readFile } from 'fs/promises';\nexport const r = readFile;",
  ),
  probe(
    SHARED,
    'no-restricted-imports',
    "import { inspect } from 'node:util';\nexport const i = inspect;",
  ),
  probe(SHARED, 'no-restricted-imports', "import test from 'node:test';\nexport const t = test;"),
  // shared/: no main-only packages, no UI, nothing from main/ or renderer/
  probe(SHARED, 'no-restricted-imports', "import sharp from 'sharp';\nexport const s = sharp;"),
  probe(
    SHARED,
    'no-restricted-imports',
    "import Database from 'better-sqlite3-multiple-ciphers';\nexport const d = Database;",
  ),
  probe(
    SHARED,
    'no-restricted-imports',
    "import { useState } from 'react';\nexport const u = useState;",
  ),
  probe(
    SHARED,
    'no-restricted-imports',
    "import { AppCore } from '../main/core/app-core';\nexport const a = AppCore;",
  ),
  // shared/: no Node globals
  probe(SHARED, 'no-restricted-globals', "export const b = Buffer.from('x');"),
  probe(SHARED, 'no-restricted-globals', 'export const p = process.env;'),
  probe(SHARED, 'no-restricted-globals', 'export const d = __dirname;'),
  probe(SHARED, 'no-restricted-globals', 'export const f = __filename;'),
  probe(SHARED, 'no-restricted-globals', "export const r: unknown = require('zod');"),
  probe(SHARED, 'no-restricted-globals', 'export const g: unknown = global;'),
  probe(SHARED, 'no-restricted-globals', 'setImmediate(() => undefined);'),
  // renderer/: no Node, no main-only packages, no main/, no Electron
  probe(RENDERER, 'no-restricted-imports', "import util from 'util';\nexport const u = util;"),
  probe(RENDERER, 'no-restricted-imports', "import yauzl from 'yauzl';\nexport const y = yauzl;"),
  probe(
    RENDERER,
    'no-restricted-imports',
    "import { createHash } from 'node:crypto';\nexport const c = createHash;",
  ),
  probe(
    RENDERER,
    'no-restricted-imports',
    "import archiver from 'archiver';\nexport const a = archiver;",
  ),
  probe(
    RENDERER,
    'no-restricted-imports',
    "import Database from 'better-sqlite3-multiple-ciphers';\nexport const d = Database;",
  ),
  probe(
    RENDERER,
    'no-restricted-imports',
    "import { dispatchCall } from '../../../main/api/dispatch';\nexport const d = dispatchCall;",
  ),
  probe(
    RENDERER,
    'no-restricted-imports',
    "import { shell } from 'electron';\nexport const s = shell;",
  ),
  probe(
    RENDERER,
    'no-restricted-imports',
    "import { ipcRenderer as bus } from 'electron';\nexport const b = bus;",
  ),
  probe(RENDERER, 'no-restricted-globals', 'export const p = process.platform;'),
  probe(RENDERER, 'no-restricted-globals', "export const b = Buffer.from('x');"),
  // main/core: nothing of the layers that carry it, no Electron
  probe(
    'main/core/lint-probe.ts',
    'no-restricted-imports',
    "import { dispatchCall } from '../api/dispatch';\nexport const d = dispatchCall;",
  ),
  probe(
    'main/core/vault/lint-probe.ts',
    'no-restricted-imports',
    "import { createHandlers } from '../../api/handlers';\nexport const h = createHandlers;",
  ),
  probe(
    'main/core/lint-probe.ts',
    'no-restricted-imports',
    "import { startWebTransport } from '../web-transport/server';\nexport const s = startWebTransport;",
  ),
  probe(
    'main/core/lint-probe.ts',
    'no-restricted-imports',
    "import { registerHandlers } from '../electron/ipc';\nexport const r = registerHandlers;",
  ),
  probe(
    'main/core/lint-probe.ts',
    'no-restricted-imports',
    "import { app } from 'electron';\nexport const a = app;",
  ),
  probe(
    'main/core/lint-probe.ts',
    'no-restricted-imports',
    "import { startCoreHost } from '../core-host/core-host';\nexport const s = startCoreHost;",
  ),
  probe(
    'main/api/lint-probe.ts',
    'no-restricted-imports',
    "import { startCoreHost } from '../core-host/core-host';\nexport const s = startCoreHost;",
  ),
  // main/core-host: plain Node, under both transports
  probe(
    'main/core-host/lint-probe.ts',
    'no-restricted-imports',
    "import { app } from 'electron';\nexport const a = app;",
  ),
  probe(
    'main/core-host/lint-probe.ts',
    'no-restricted-imports',
    "import { startWebTransport } from '../web-transport/server';\nexport const s = startWebTransport;",
  ),
  probe(
    'main/cli/lint-probe.ts',
    'no-restricted-imports',
    "import { app } from 'electron';\nexport const a = app;",
  ),
  // IPC: only main/electron/ipc.ts uses ipcMain and only the preload ipcRenderer, under any name
  probe(
    'main/api/lint-probe.ts',
    'no-restricted-imports',
    "import { ipcMain as bus } from 'electron';\nexport const b = bus;",
  ),
  probe(
    'main/api/lint-probe.ts',
    'no-restricted-syntax',
    "import type { AppCore } from '../core/app-core';\nexport const b = (core: AppCore) => core.requireVault().listCases();",
  ),
  probe(
    'main/web-transport/lint-probe.ts',
    'no-restricted-imports',
    "import { ipcMain as bus } from 'electron';\nexport const b = bus;",
  ),
  probe(
    'main/electron/lint-probe.ts',
    'no-restricted-imports',
    "import { ipcMain as bus } from 'electron';\nexport const b = bus;",
  ),
  probe(
    'main/electron/lint-probe.ts',
    'no-restricted-imports',
    "import { ipcRenderer as r } from 'electron';\nexport const b = r;",
  ),
  probe(
    'main/electron/lint-probe.ts',
    'no-restricted-syntax',
    "import * as electron from 'electron';\nexport const b = electron.ipcMain;",
  ),
  probe(
    'main/electron/lint-probe.ts',
    'no-restricted-syntax',
    "import * as electron from 'electron';\nconst { ipcMain: bus } = electron;\nexport const b = bus;",
  ),
  probe(
    'main/electron/lint-probe.ts',
    'no-restricted-syntax',
    "import type { IpcMain } from 'electron';\nexport function f(ipcMain: IpcMain): void {\n  ipcMain.removeAllListeners();\n}",
  ),
];

describe('the lint boundaries', () => {
  it.each(PROBES.map((p) => [p.file, p.code.split('\n')[0] ?? '', p] as const))(
    'rejects in %s: %s',
    async (_file, _line, { file, code, rule }) => {
      const errors = await boundaryErrors(file, code);
      expect(
        errors.some((error) => error.startsWith(`${rule}:`)),
        errors.join('\n'),
      ).toBe(true);
    },
  );

  it('bans every Node built-in in shared/ and renderer/, with and without node:', async () => {
    const names = builtinModules.filter((name) => !name.startsWith('_')).slice(0, 1000);
    const code = names
      .flatMap((name) => [`import '${name}';`, `import 'node:${name}';`])
      .join('\n');
    for (const file of [SHARED, RENDERER]) {
      const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
      const linesWithAnError = new Set(
        (result?.messages ?? [])
          .filter((message) => message.ruleId === 'no-restricted-imports')
          .map((message) => message.line),
      );
      expect(linesWithAnError.size, file).toBe(names.length * 2);
    }
  });

  it('lets each folder use what it may', async () => {
    expect(
      await boundaryErrors(SHARED, "import { z } from 'zod';\nexport const s = z.string();"),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        RENDERER,
        "import { useState } from 'react';\nimport { API } from '../../../shared/api-contract';\nexport const u = [useState, API, document.title];",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'main/core/lint-probe.ts',
        "import fs from 'node:fs';\nimport sharp from 'sharp';\nimport { API } from '../../shared/api-contract';\nexport const c = [fs, sharp, API, Buffer.from('x'), process.pid];",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'main/api/lint-probe.ts',
        "import { AppCore } from '../core/app-core';\nexport const a = AppCore;",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'main/core-host/lint-probe.ts',
        "import { Worker } from 'node:worker_threads';\nimport { dispatchCall } from '../api/dispatch';\nimport { AppCore } from '../core/app-core';\nexport const h = [Worker, dispatchCall, AppCore];",
      ),
    ).toEqual([]);
  });
});

// ---- The type checker: one tsconfig per runtime ----

/** Error codes tsc reports for `files` (path relative to ROOT → source) compiled with `tsconfig`'s options. */
function typeErrors(tsconfig: string, files: Record<string, string>): Map<string, string[]> {
  const configPath = path.join(ROOT, tsconfig);
  const { config } = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file)) as {
    config: unknown;
  };
  const parsed = ts.parseJsonConfigFileContent(
    config,
    ts.sys,
    path.dirname(configPath),
    undefined,
    configPath,
  );
  const virtual = new Map(
    Object.entries(files).map(([file, text]) => [path.join(ROOT, file), text]),
  );
  const host = ts.createCompilerHost(parsed.options);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (file) => virtual.has(file) || fileExists(file);
  host.readFile = (file) => virtual.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = virtual.get(file);
    return text === undefined
      ? getSourceFile(file, language, ...rest)
      : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram({
    rootNames: [...virtual.keys()],
    options: parsed.options,
    host,
  });
  const byFile = new Map<string, string[]>(
    [...virtual.keys()].map((file) => [path.relative(ROOT, file), []]),
  );
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file === undefined ? '' : path.relative(ROOT, diagnostic.file.fileName);
    byFile.get(file)?.push(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
  }
  return byFile;
}

describe('one tsconfig per runtime', () => {
  it('keeps Node and the DOM out of shared/', () => {
    const errors = typeErrors('shared/tsconfig.json', {
      'shared/type-probe-buffer.ts': "export const b = Buffer.from('x');",
      'shared/type-probe-process.ts': 'export const p = process.env;',
      'shared/type-probe-document.ts': 'export const t = document.title;',
      'shared/type-probe-clean.ts':
        "import { z } from 'zod';\nexport const s = z.string().parse('x');",
    });
    expect(errors.get('shared/type-probe-buffer.ts')?.join()).toMatch(/Cannot find name 'Buffer'/);
    expect(errors.get('shared/type-probe-process.ts')?.join()).toMatch(
      /Cannot find name 'process'/,
    );
    expect(errors.get('shared/type-probe-document.ts')?.join()).toMatch(
      /Cannot find name 'document'/,
    );
    expect(errors.get('shared/type-probe-clean.ts')).toEqual([]);
  });

  it('keeps Node out of the renderer and the DOM in it', () => {
    const errors = typeErrors('renderer/tsconfig.json', {
      'renderer/src/type-probe-buffer.ts': "export const b = Buffer.from('x');",
      'renderer/src/type-probe-process.ts': 'export const p = process.platform;',
      'renderer/src/type-probe-clean.ts': 'export const t = document.title;',
    });
    expect(errors.get('renderer/src/type-probe-buffer.ts')?.join()).toMatch(
      /Cannot find name 'Buffer'/,
    );
    expect(errors.get('renderer/src/type-probe-process.ts')?.join()).toMatch(
      /Cannot find name 'process'/,
    );
    expect(errors.get('renderer/src/type-probe-clean.ts')).toEqual([]);
  });

  it('keeps the DOM out of main/ and Node in it', () => {
    const errors = typeErrors('main/tsconfig.json', {
      'main/core/type-probe-document.ts': 'export const t = document.title;',
      'main/core/type-probe-window.ts': 'export const w = window.innerWidth;',
      'main/core/type-probe-clean.ts': "export const b = Buffer.from('x').length + process.pid;",
    });
    expect(errors.get('main/core/type-probe-document.ts')?.join()).toMatch(
      /Cannot find name 'document'/,
    );
    expect(errors.get('main/core/type-probe-window.ts')?.join()).toMatch(
      /Cannot find name 'window'/,
    );
    expect(errors.get('main/core/type-probe-clean.ts')).toEqual([]);
  });
});
