// Where the recognition data sits: tesseract's wasm core, our worker script and the English and
// Hindi traineddata from npm (@tesseract.js-data/*, the LSTM "best_int" models). Always the app's
// own files: nothing is ever downloaded. In the packaged app these are unpacked from the asar
// (electron-builder.yml) because a worker thread and fs cannot read inside it reliably.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SakshyaError } from '../../../shared/errors';

export type TesseractLanguage = 'eng' | 'hin';
export const TESSERACT_LANGUAGES: readonly TesseractLanguage[] = ['eng', 'hin'];

const requireHere = createRequire(path.join(process.cwd(), 'index.js'));

/** The app.asar path of a file, rewritten to app.asar.unpacked where electron-builder put it. */
function unpacked(file: string): string {
  return file.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
}

function resolvePackageDir(name: string, from: string | undefined): string {
  const resolver = from === undefined ? requireHere : createRequire(from);
  return path.dirname(unpacked(resolver.resolve(`${name}/package.json`)));
}

export interface LanguageData {
  /** Language → its gzipped traineddata file. */
  files: Record<TesseractLanguage, string>;
  /** The worker script tesseract.js runs (tesseract-worker.cjs). */
  workerPath: string;
}

/**
 * Finds the language files and the worker script. `from` is a file whose node_modules to use
 * (defaults to this module's location or the working folder); `workerPath` overrides where
 * tesseract-worker.cjs is (bundles copy it beside themselves).
 */
export function locateLanguageData(
  options: { from?: string; workerPath?: string } = {},
): LanguageData {
  const from = options.from ?? moduleFile();
  const files = {} as Record<TesseractLanguage, string>;
  for (const lang of TESSERACT_LANGUAGES) {
    const file = path.join(
      resolvePackageDir(`@tesseract.js-data/${lang}`, from),
      '4.0.0_best_int',
      `${lang}.traineddata.gz`,
    );
    if (!fs.existsSync(file))
      throw new SakshyaError('INTERNAL', `the ${lang} text-reading data is missing from the app`);
    files[lang] = file;
  }
  const workerPath = unpacked(options.workerPath ?? defaultWorkerPath());
  if (!fs.existsSync(workerPath))
    throw new SakshyaError('INTERNAL', 'the text-reading worker script is missing from the app');
  return { files, workerPath };
}

declare const __SAKSHYA_TESSERACT_WORKER__: string | undefined;

function moduleFile(): string | undefined {
  // Source and ESM bundles: this file or the bundle. The CommonJS bundles (Electron): esbuild leaves
  // import.meta empty there, and __filename is the bundle.
  const url = (import.meta as { url?: string }).url;
  if (url?.startsWith('file:') === true) return fileURLToPath(url);
  return typeof __filename === 'string' ? __filename : undefined;
}

function defaultWorkerPath(): string {
  const bundled =
    typeof __SAKSHYA_TESSERACT_WORKER__ === 'string' ? __SAKSHYA_TESSERACT_WORKER__ : undefined;
  const here = moduleFile();
  if (bundled !== undefined) {
    const base = here !== undefined ? path.dirname(here) : __dirname;
    const beside = path.join(base, bundled);
    // One folder up when this code sits in a split chunk (dist/main/chunks/).
    const above = path.join(base, '..', bundled);
    return fs.existsSync(unpacked(beside)) ? beside : above;
  }
  if (here !== undefined) return path.join(path.dirname(here), 'tesseract-worker.cjs');
  return path.join(__dirname, 'tesseract-worker.cjs');
}
