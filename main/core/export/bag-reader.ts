// Reading a bag without unpacking it: a folder on disk, or a zip read entry by entry with yauzl.
// Nothing is ever written; hostile zip entries ('../x', '/x', links, duplicates) become problems.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { SakshyaError } from '../../../shared/errors';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export interface BagProblem {
  code: string;
  path: string | null;
  message: string;
}

export interface BagEntry {
  size: number;
  open: () => Promise<Readable>;
}

export interface BagReader {
  /** Paths relative to the bag's top folder, '/'-separated. */
  entries: Map<string, BagEntry>;
  problems: BagProblem[];
  close: () => void;
}

export function readFolder(target: string): BagReader {
  const root = findBagRoot(target);
  const entries = new Map<string, BagEntry>();
  const problems: BagProblem[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const dirent of fs.readdirSync(dir, { withFileTypes: true })) {
      // NFC: macOS tools may unzip or copy names decomposed (NFD); manifests hold them composed.
      const rel = `${prefix}${dirent.name}`.normalize('NFC');
      const full = path.join(dir, dirent.name);
      if (dirent.isSymbolicLink())
        problems.push({
          code: 'extra-file',
          path: rel,
          message: `${rel} is a link, which a bundle never holds; it was not followed`,
        });
      else if (dirent.isDirectory()) walk(full, `${rel}/`);
      else if (dirent.isFile()) {
        if (entries.has(rel)) {
          problems.push({
            code: 'extra-file',
            path: rel,
            message: `${rel} is there twice, written in two Unicode forms; neither copy is trusted`,
          });
          continue;
        }
        const size = fs.statSync(full).size;
        entries.set(rel, {
          size,
          open: () => Promise.resolve(fs.createReadStream(full, { highWaterMark: 1 << 20 })),
        });
      }
    }
  };
  walk(root, '');
  return { entries, problems, close: () => undefined };
}

function findBagRoot(target: string): string {
  if (fs.existsSync(path.join(target, 'bagit.txt'))) return target;
  const candidates = fs
    .readdirSync(target, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(target, d.name, 'bagit.txt')));
  const only = candidates.length === 1 ? candidates[0] : undefined;
  if (only === undefined)
    throw new SakshyaError('BUNDLE_UNREADABLE', 'this folder holds no bundle (no bagit.txt)');
  return path.join(target, only.name);
}

function openZip(target: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings off: yauzl would reject the whole zip for one bad name; we report it instead.
    yauzl.open(
      target,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, zip) => {
        if (error !== null)
          reject(
            new SakshyaError('BUNDLE_UNREADABLE', 'this file is not a readable zip', {
              cause: error,
            }),
          );
        else resolve(zip);
      },
    );
  });
}

function listZipEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const all: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      all.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => {
      resolve(all);
    });
    zip.once('error', (error: unknown) => {
      reject(new SakshyaError('BUNDLE_UNREADABLE', 'the zip is damaged', { cause: error }));
    });
    zip.readEntry();
  });
}

export async function readZip(target: string): Promise<BagReader> {
  const zip = await openZip(target);
  let all: Entry[];
  try {
    all = await listZipEntries(zip);
  } catch (error) {
    zip.close();
    throw error;
  }
  const problems: BagProblem[] = [];
  const files: { name: string; entry: Entry }[] = [];
  const seen = new Set<string>();
  for (const entry of all) {
    // NFC, as for a folder: a zip made on macOS may hold decomposed (NFD) names.
    const name = entry.fileNameRaw.toString('utf8').normalize('NFC');
    const unsafe =
      name.startsWith('/') ||
      /^[A-Za-z]:/.test(name) ||
      name.includes('\\') ||
      name.split('/').includes('..');
    if (unsafe) {
      problems.push({
        code: 'zip',
        path: name,
        message: `the zip entry ${name} points outside the bundle; it was not read`,
      });
      continue;
    }
    if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
      problems.push({
        code: 'zip',
        path: name,
        message: `the zip entry ${name} is a link, which a bundle never holds; it was not followed`,
      });
      continue;
    }
    if (name.endsWith('/')) continue;
    if (seen.has(name)) {
      // Unzip tools disagree on which copy wins, so a second entry of one name is never trusted.
      problems.push({ code: 'zip', path: name, message: `the zip holds ${name} more than once` });
      continue;
    }
    seen.add(name);
    files.push({ name, entry });
  }
  const tops = files
    .filter((f) => f.name === 'bagit.txt' || /^[^/]+\/bagit\.txt$/.test(f.name))
    .map((f) => f.name.slice(0, f.name.length - 'bagit.txt'.length));
  const top = tops.length === 1 ? tops[0] : undefined;
  if (top === undefined) {
    zip.close();
    throw new SakshyaError(
      'BUNDLE_UNREADABLE',
      tops.length === 0
        ? 'this zip holds no bundle (no bagit.txt)'
        : 'this zip holds more than one bundle',
    );
  }
  const entries = new Map<string, BagEntry>();
  for (const { name, entry } of files) {
    if (!name.startsWith(top)) {
      problems.push({
        code: 'extra-file',
        path: name,
        message: `${name} is outside the bundle's folder`,
      });
      continue;
    }
    entries.set(name.slice(top.length), {
      size: entry.uncompressedSize,
      open: () =>
        new Promise((resolve, reject) => {
          zip.openReadStream(entry, (error, stream) => {
            if (error !== null) reject(error);
            else resolve(stream);
          });
        }),
    });
  }
  return {
    entries,
    problems,
    close: () => {
      zip.close();
    },
  };
}
