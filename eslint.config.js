// Type-aware lint with zero warnings. The folder rules below are the process boundaries:
// shared/ is environment-free, renderer/ has no Node, and the core under main/core has no Electron
// and knows nothing of the layers that carry it (api/, web-transport/, electron/).
// test/lint/boundaries.test.ts lints a probe that breaks each rule and expects the error.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Every Node built-in, bare and with `node:` (builtinModules already lists subpaths such as
// fs/promises), plus any `node:` name a later Node adds (node:sqlite, node:test, …).
const NODE_BUILTINS = [
  ...new Set(
    builtinModules.flatMap((name) => [
      name.replace(/^node:/, ''),
      `node:${name.replace(/^node:/, '')}`,
    ]),
  ),
];

// npm packages that belong to main/ only. sharp and better-sqlite3 are native; yauzl, archiver,
// pdfkit, heic-decode and commander need Node's fs, streams, Buffer or process. exifr, file-type,
// docx and whatsapp-chat-parser have browser builds, but reading and writing evidence is the
// core's job (one place for each rule), so the web page never parses or builds files itself.
const MAIN_ONLY_PACKAGES = [
  'sharp',
  'better-sqlite3*',
  'yauzl',
  'archiver',
  'pdfkit',
  'heic-decode',
  'commander',
  'exifr',
  'file-type',
  'docx',
  'whatsapp-chat-parser',
  'age-encryption',
  'cctv-age',
  '@scure/base',
  'electron',
  'electron-builder',
  'playwright-core',
  'tsx',
  'vite',
  'tesseract.js',
];

// Node's globals: shared/ must run unchanged in the page and in Node, so it may use none of them.
const NODE_GLOBALS = [
  'Buffer',
  'process',
  '__dirname',
  '__filename',
  'require',
  'module',
  'exports',
  'global',
  'setImmediate',
  'clearImmediate',
];

const IPC_NAMES = 'ipcMain|ipcRenderer';
const IPC_IMPORT = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message:
    'IPC goes through main/electron/ipc.ts (ipcMain) and main/electron/preload.ts (ipcRenderer) only.',
};

/** `no-restricted-imports` with the IPC ban that applies everywhere, plus a folder's own bans. */
function restrictImports({ paths = [], patterns = [] } = {}) {
  return ['error', { paths: [IPC_IMPORT, ...paths], patterns }];
}

const NODE_BUILTIN_PATHS = NODE_BUILTINS.map((name) => ({
  name,
  message: 'Node built-ins belong in main/. This code must also run in a web page.',
}));
const NODE_BUILTIN_PATTERNS = [
  { group: ['node:*'], message: 'Node built-ins belong in main/.' },
  ...NODE_BUILTINS.filter((name) => !name.startsWith('node:')).map((name) => ({
    group: [`${name}/*`],
    message: 'Node built-ins belong in main/.',
  })),
];
const MAIN_ONLY_PATTERNS = [
  { group: MAIN_ONLY_PACKAGES, message: 'This package belongs to main/ only.' },
];

/** IPC only through main/electron/ipc.ts and the preload, under any name (every folder). */
const IPC_SYNTAX = [
  {
    selector: "MemberExpression[object.name='ipcMain']",
    message: 'Register handlers through main/electron/ipc.ts only.',
  },
  {
    selector: "MemberExpression[object.name='ipcRenderer']",
    message: 'Use the preload API built from the contract.',
  },
  {
    // `electron.ipcMain`, `require('electron').ipcRenderer`: the same objects under another name.
    selector: `MemberExpression[property.name=/^(${IPC_NAMES})$/]`,
    message: 'IPC goes through main/electron/ipc.ts and main/electron/preload.ts only.',
  },
  {
    // `const { ipcMain: bus } = electron`
    selector: `ObjectPattern > Property[key.name=/^(${IPC_NAMES})$/]`,
    message: 'IPC goes through main/electron/ipc.ts and main/electron/preload.ts only.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'eslint.config.js',
      '*.mjs',
      'node_modules/',
      'dist/',
      'release/',
      'artifacts/',
      'coverage/',
      'test/fixtures/',
      'bin/',
      'scripts/',
      // Plain CommonJS run by tesseract.js as its thread (no TypeScript step can reach it there).
      'main/core/ocr/tesseract-worker.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': restrictImports(),
      'no-restricted-syntax': ['error', ...IPC_SYNTAX],
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': restrictImports({
        paths: NODE_BUILTIN_PATHS,
        patterns: [
          ...NODE_BUILTIN_PATTERNS,
          ...MAIN_ONLY_PATTERNS,
          {
            group: ['react', 'react-dom', 'react-*', 'i18next', 'chart.js'],
            message: 'shared/ is UI-free.',
          },
          {
            group: ['**/main/**', '**/renderer/**'],
            message: 'shared/ imports nothing from main/ or renderer/.',
          },
        ],
      }),
      'no-restricted-globals': [
        'error',
        ...NODE_GLOBALS.map((name) => ({
          name,
          message: 'shared/ runs in the page and in Node: no Node globals.',
        })),
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrictImports({
        paths: NODE_BUILTIN_PATHS,
        patterns: [
          ...NODE_BUILTIN_PATTERNS,
          ...MAIN_ONLY_PATTERNS,
          {
            group: ['**/main/**'],
            message: 'The renderer reaches main/ only through window.sakshya.',
          },
        ],
      }),
      'no-restricted-globals': [
        'error',
        ...NODE_GLOBALS.map((name) => ({
          name,
          message: 'The renderer is a web page: no Node globals.',
        })),
      ],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports({
        paths: [{ name: 'electron', message: 'The core runs under plain Node: no Electron.' }],
        patterns: [
          {
            regex: '(^|/)(api|core-host|web-transport|electron|renderer|cli)(/|$)',
            message:
              'The core knows nothing of the layers that carry it (api/, core-host/, web-transport/, electron/, cli/) or of the renderer.',
          },
        ],
      }),
    },
  },
  {
    files: ['main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports({
        paths: [{ name: 'electron', message: 'The CLI runs under plain Node: no Electron.' }],
        patterns: [
          {
            regex: '(^|/)(api|web-transport|electron|renderer)(/|$)',
            message:
              'The CLI calls the core directly, never through the app-only layers or the renderer.',
          },
        ],
      }),
    },
  },
  {
    files: ['main/api/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports({
        paths: [
          { name: 'electron', message: 'main/api is shared by both transports: no Electron.' },
        ],
        patterns: [
          {
            regex: '(^|/)(core-host|web-transport|electron|renderer|cli)(/|$)',
            message: 'main/api sits under both transports and imports only core/ and shared/.',
          },
        ],
      }),
      'no-restricted-syntax': [
        'error',
        ...IPC_SYNTAX,
        {
          // Handlers only translate: each call goes to a core service that holds the vault.
          selector: "MemberExpression[property.name='requireVault']",
          message: 'Call a core service (AppCore.people, .messages, .viewer, …), not the vault.',
        },
      ],
    },
  },
  {
    // The core host runs in a worker thread under plain Node, in the app and in the web transport.
    files: ['main/core-host/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports({
        paths: [
          { name: 'electron', message: 'The core host runs under plain Node too: no Electron.' },
        ],
        patterns: [
          {
            regex: '(^|/)(web-transport|electron|renderer|cli)(/|$)',
            message: 'The core host imports only api/, core/ and shared/.',
          },
        ],
      }),
    },
  },
  {
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The Electron layer's tests drive the fake's ipcMain and ipcRenderer, as Electron would.
    files: ['test/helpers/fake-electron.ts', 'test/main/electron/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
