// Real vaults for the import tests: created in a temp folder with a low scrypt cost, one case in
// the Indian time zone, locked again after each test.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { BlobsRepository } from '../../../../main/core/db/repositories/blobs';
import { listStoredBlobNames } from '../../../../main/core/vault/blob-store';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

export const PASS = 'import test passphrase';
export const IST = 'Asia/Kolkata';

const opened: Vault[] = [];

afterEach(() => {
  for (const vault of opened.splice(0)) vault.lock();
});

export async function makeVault(): Promise<{ vault: Vault; dir: string; caseId: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  const { vault } = await Vault.create(dir, PASS, { scryptLogN: 10 });
  opened.push(vault);
  return {
    vault,
    dir,
    caseId: vault.createCase({ title: 'Loan app harassment', timezone: IST }).id,
  };
}

export async function reopenVault(dir: string): Promise<Vault> {
  const vault = await Vault.open(dir, PASS);
  opened.push(vault);
  return vault;
}

/** Stored files on disk that no blobs row knows: what a failed or cancelled import must not leave. */
export function listUnrecordedBlobs(vault: Vault): string[] {
  const known = new Set(new BlobsRepository(vault.db).list().map((blob) => blob.name));
  return listStoredBlobNames(vault.layout).filter((name) => !known.has(name));
}

/** A file of `size` pseudo-random bytes, different for each call. */
export function writeRandomFile(file: string, size: number): string {
  fs.writeFileSync(file, randomBytes(size));
  return file;
}
