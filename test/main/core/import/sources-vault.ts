// Vaults for the source import tests: one case against a recovery agent whose number is written
// one way ('098765-43210') and whose mail address is known, in the Indian time zone.
import path from 'node:path';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';
import { IST, PASS } from './import-vault';

export const SOURCES_DIR = path.resolve(import.meta.dirname, '../../../fixtures/sources');

const opened: Vault[] = [];

export async function makeSourcesVault(): Promise<{ vault: Vault; caseId: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  const { vault } = await Vault.create(dir, PASS, { scryptLogN: 10 });
  opened.push(vault);
  const caseId = vault.createCase({
    title: 'QuickCash harassment',
    timezone: IST,
    counterparty: {
      name: 'QuickCash',
      kind: 'recovery-agent',
      numbers: ['098765-43210'],
      handles: ['Recovery@quickcash.example'],
    },
  }).id;
  return { vault, caseId };
}

export function lockOpened(): void {
  for (const vault of opened.splice(0)) vault.lock();
}
