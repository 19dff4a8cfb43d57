// Staging a file into a vault the way the import does, and checking the stored copy with the real
// `age` tool: shared by the stageFile, stage worker and bundle tests.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { stageFile, type StagedBlob } from '../../main/core/vault/blob-store';
import { objectPath } from '../../main/core/vault/layout';
import type { StageOptions, Stager } from '../../main/core/vault/stage-workers';
import { Vault } from '../../main/core/vault/vault';
import { makeTempDir } from './temp-dir';

/**
 * For a test file: a function that creates a fresh vault (low scrypt work) in a temp folder, each
 * locked again after the test that made it.
 */
export function useStagingVaults(passphrase: string): () => Promise<Vault> {
  const opened: Vault[] = [];
  afterEach(() => {
    for (const vault of opened.splice(0)) vault.lock();
  });
  return async () => {
    const { vault } = await Vault.create(path.join(makeTempDir(), 'vault'), passphrase, {
      scryptLogN: 10,
    });
    opened.push(vault);
    return vault;
  };
}

/** stageFile as a Stager: the file staged in this thread, as small drops are. */
export const IN_THIS_THREAD: Stager = { stage: stageFile };

/** Opens `file` and stages it through `stager` (a StageWorkers pool, or IN_THIS_THREAD) into `vault`. */
export async function stageThrough(
  stager: Stager,
  vault: Vault,
  file: string,
  options: StageOptions = {},
): Promise<StagedBlob> {
  const handle = await fsp.open(file, 'r');
  try {
    return await stager.stage(
      vault.layout,
      { recipient: vault.recipient, nameFor: (sha256) => vault.blobNameFor(sha256) },
      handle,
      options,
    );
  } finally {
    await handle.close();
  }
}

/** The published copy `name` decrypts with the vault's identity, by `age -d`, to exactly `plain`. */
export function expectAgeDecrypts(vault: Vault, name: string, plain: Buffer): void {
  expect(decryptWithAgeTool(vault, objectPath(vault.layout, name)).equals(plain)).toBe(true);
}

/** Any age file of the vault (a stored copy, a sidecar), decrypted by the `age` tool. */
export function decryptWithAgeTool(vault: Vault, file: string): Buffer {
  const identity = path.join(makeTempDir(), 'identity.txt');
  fs.writeFileSync(identity, vault.revealIdentity(), { mode: 0o600 });
  return execFileSync('age', ['-d', '-i', identity, file], { maxBuffer: 64 * 1024 * 1024 });
}

/** The ephemeral shares of an age file's X25519 stanzas: new for every file sealed. */
export function readX25519Shares(file: string): string[] {
  const head = fs.readFileSync(file).subarray(0, 4096).toString('latin1');
  return [...head.matchAll(/^-> X25519 (\S+)$/gm)].map((match) => match[1] ?? '');
}
