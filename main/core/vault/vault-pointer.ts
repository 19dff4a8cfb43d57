// Where this app's vault is, when a restore put it somewhere other than the default place: a small
// pointer file in the app's own data folder (beside the default vault folder, never inside a vault),
// written atomically after a restore, read once at start-up.
//
// What it does not protect: the pointer lives outside every vault and is not authenticated (there
// is no key before unlock). Someone who can write it can point the app at a vault they made; her
// passphrase then fails to open it, or she sees their vault, never hers changed. So the pointer is
// followed only to a real folder (not a link) that holds a vault (a plain vault.json): then the
// only files the app writes before unlock (settings.json) go into a vault folder, never into an
// arbitrary folder such as her Documents. Anything else (no file, a link, a pipe, a huge file, bad
// JSON, a relative path, a folder with no vault) falls back to the default place with a note.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import { VAULT_POINTER_NAME, defaultVaultDir, defaultVaultPointerFile } from './default-dir';
import type { VaultPlaceIgnored } from '../../../shared/contract/vault-place';
import { describeVaultLayout } from './layout';
import { findWhyPlaceIsMissing, type MissingPlaceOptions } from './missing-place';

/** A pointer is a line of JSON; anything bigger was not written by Sakshya and is not read. */
const MAX_POINTER_BYTES = 8192;

/**
 * The pointer's one shape, checked by hand rather than with zod: the CLI reads it to find its
 * default vault before every command, `--help` included, and its start must not load zod
 * (test/scripts/build-main.test.ts).
 */
function parsePointer(value: unknown): { vaultDir: string } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const keys = Object.keys(value).sort();
  if (keys.join(',') !== 'format,vaultDir,version') return null;
  const record = value as Record<string, unknown>;
  const vaultDir = record.vaultDir;
  if (record.format !== 'sakshya-vault-location' || record.version !== 1) return null;
  if (typeof vaultDir !== 'string' || vaultDir.length === 0 || vaultDir.length > 4096) return null;
  return { vaultDir };
}

export interface VaultPlace {
  /** The folder the app opens. */
  vaultDir: string;
  /** True when the pointer was followed (the vault is not in the default place). */
  pointed: boolean;
  /** Why a pointer file that exists was not followed (English, for the log and the status). */
  ignored: string | null;
  /**
   * The same, for the first-run screen: the reason as a code, with the folder only when the
   * pointer is what Sakshya writes (a planted or damaged one is `invalid`, with no folder).
   */
  problem: VaultPlaceIgnored | null;
}

/** Reads the pointer; never throws: a pointer that cannot be followed means the default place. */
export function readVaultPointer(
  pointerFile: string,
  defaultVaultDir: string,
  missing: MissingPlaceOptions = {},
): VaultPlace {
  const fallback = (
    ignored: string | null,
    problem: VaultPlaceIgnored | null = ignored === null ? null : { reason: 'invalid' },
  ): VaultPlace => ({
    vaultDir: defaultVaultDir,
    pointed: false,
    ignored,
    problem,
  });
  let text: string;
  try {
    const read = readPlainSmallFile(pointerFile);
    if (read === null) return fallback(null);
    text = read;
  } catch (error) {
    return fallback(error instanceof Error ? error.message : 'it could not be read');
  }
  let parsed: { vaultDir: string } | null;
  try {
    parsed = parsePointer(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (parsed === null)
    return fallback(`${VAULT_POINTER_NAME} is damaged (not what Sakshya writes); it was ignored`);
  const target = parsed.vaultDir;
  if (!path.isAbsolute(target) || path.resolve(target) !== target)
    return fallback(
      `${VAULT_POINTER_NAME} names a folder that is not a whole path; it was ignored`,
    );
  if (!holdsVault(target))
    return fallback(
      `${VAULT_POINTER_NAME} names ${target}, which holds no vault now (a drive not plugged in?); the default place is used`,
      { reason: findWhyPlaceIsMissing(target, missing), folder: target },
    );
  return {
    vaultDir: target,
    pointed: target !== path.resolve(defaultVaultDir),
    ignored: null,
    problem: null,
  };
}

/** Remembers where the vault is, atomically (temp, fsync, rename): a crash leaves old or new. */
export function writeVaultPointer(pointerFile: string, vaultDir: string): void {
  if (!path.isAbsolute(vaultDir)) throw new Error('the vault folder must be a whole path');
  fs.mkdirSync(path.dirname(pointerFile), { recursive: true, mode: 0o700 });
  const text = `${JSON.stringify({
    format: 'sakshya-vault-location',
    version: 1,
    vaultDir: path.resolve(vaultDir),
  })}\n`;
  writeFileAtomic(pointerFile, text);
}

/**
 * Points at `vaultDir` before a restore writes there, so a crash once the vault is complete still
 * finds it at the next start (a crash before leaves a folder with no vault.json: ignored). Returns
 * what puts the previous pointer back, for a restore that fails.
 */
export function pointAt(pointerFile: string, vaultDir: string): () => void {
  let previous: string | null;
  try {
    previous = readPlainSmallFile(pointerFile);
  } catch {
    previous = null;
  }
  writeVaultPointer(pointerFile, vaultDir);
  return () => {
    if (previous === null) fs.rmSync(pointerFile, { force: true });
    else writeFileAtomic(pointerFile, previous);
  };
}

/** The folder is a real folder (not a link) with a plain vault.json in it. */
function holdsVault(dir: string): boolean {
  try {
    if (!fs.lstatSync(dir).isDirectory()) return false;
    return fs.lstatSync(describeVaultLayout(dir).manifest).isFile();
  } catch {
    return false;
  }
}

/**
 * The file's text, or null when there is none. Opened without following a link and without
 * waiting on a pipe; only a plain file of a few KiB is read.
 */
function readPlainSmallFile(file: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(
      file,
      fs.constants.O_RDONLY |
        ((fs.constants.O_NOFOLLOW as number | undefined) ?? 0) |
        ((fs.constants.O_NONBLOCK as number | undefined) ?? 0),
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw new Error(`${VAULT_POINTER_NAME} is a link; it was ignored`);
    throw new Error(`${VAULT_POINTER_NAME} could not be read (${code ?? 'error'}); it was ignored`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile())
      throw new Error(`${VAULT_POINTER_NAME} is not a plain file; it was ignored`);
    if (stat.size > MAX_POINTER_BYTES)
      throw new Error(`${VAULT_POINTER_NAME} is too big to be ours; it was ignored`);
    const buffer = Buffer.alloc(MAX_POINTER_BYTES + 1);
    const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
    if (length > MAX_POINTER_BYTES)
      throw new Error(`${VAULT_POINTER_NAME} is too big to be ours; it was ignored`);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The vault folder when none is given (the CLI without --vault): the remembered place when the app
 * restored the vault elsewhere, else the default place. SAKSHYA_VAULT_DIR is never redirected.
 */
export function findDefaultVault(env: NodeJS.ProcessEnv = process.env): string {
  const fallback = defaultVaultDir(env);
  const pointer = defaultVaultPointerFile(env);
  return pointer === undefined ? fallback : readVaultPointer(pointer, fallback).vaultDir;
}
