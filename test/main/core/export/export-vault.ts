// A real vault for the export tests: real fixture photos (one renamed in Hindi, two with names
// Windows refuses), a real WhatsApp chat export, a call logged at night (so a rule is flagged),
// previews made by the real thumbnail queue. Locked again after each test.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { importPaths } from '../../../../main/core/import/pipeline';
import { ThumbnailQueue } from '../../../../main/core/import/thumbnail-queue';
import { addIncident } from '../../../../main/core/timeline/incidents';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

export const PASS = 'export test passphrase';
export const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures');
export const HINDI_NAME = 'रवि_की_धमकी.jpg';

const opened: Vault[] = [];
afterEach(() => {
  for (const vault of opened.splice(0)) if (vault.isOpen) vault.lock();
});

export interface ExportVault {
  vault: Vault;
  dir: string;
  caseId: string;
  /** Evidence id → SHA-256 recorded at import. */
  importedHashes: Map<string, string>;
  work: string;
}

/** `extraFiles`: name → size of random-content files added too (for split tests). */
export async function makeExportVault(
  extraFiles: Record<string, number> = {},
): Promise<ExportVault> {
  const work = makeTempDir('sakshya-export-');
  const dir = path.join(work, 'vault');
  const { vault } = await Vault.create(dir, PASS, { scryptLogN: 10 });
  opened.push(vault);
  const caseId = vault.createCase({
    title: 'QuickCash loan app – रवि कुमार',
    timezone: 'Asia/Kolkata',
    counterparty: {
      name: 'QuickCash',
      kind: 'loan-app',
      numbers: ['+919812345678'],
      agentNames: ['रवि कुमार'],
    },
  }).id;
  const input = path.join(work, 'input');
  fs.mkdirSync(input);
  const photos = path.join(FIXTURES, 'photos');
  fs.copyFileSync(path.join(photos, 'Bush-dog.jpg'), path.join(input, HINDI_NAME));
  fs.copyFileSync(path.join(photos, 'canon-dslr.jpg'), path.join(input, 'CON.jpg'));
  fs.copyFileSync(
    path.join(photos, 'png_with_exif_and_gps.png'),
    path.join(input, 'Screenshot a:b?.png'),
  );
  fs.copyFileSync(path.join(photos, 'img_1771.jpg'), path.join(input, 'img_1771.jpg'));
  fs.copyFileSync(
    path.join(FIXTURES, 'whatsapp', 'android-ddmmyy-24h.txt'),
    path.join(input, 'WhatsApp Chat with Ravi.txt'),
  );
  for (const [name, size] of Object.entries(extraFiles)) {
    fs.writeFileSync(path.join(input, name), randomBytes(size));
  }
  const thumbnails = new ThumbnailQueue(vault);
  const results = await importPaths(vault, [input], { caseId, thumbnails });
  const failed = results.filter((r) => r.status !== 'imported');
  if (failed.length > 0) throw new Error(`fixture import failed: ${JSON.stringify(failed)}`);
  await thumbnails.idle();
  thumbnails.stop();
  addIncident(vault, {
    caseId,
    kind: 'call',
    at: '2024-05-12T21:30:00+05:30',
    number: '+919812345678',
    text: 'Threatened to call my father',
    thirdParty: false,
  });
  const importedHashes = new Map(
    new EvidenceRepository(vault.db).listByCase(caseId).map((e) => [e.id, e.sha256]),
  );
  return { vault, dir, caseId, importedHashes, work };
}

export function run(cmd: string, args: string[], cwd?: string, input?: Buffer): string {
  return execFileSync(cmd, args, { cwd, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Unzips a bundle into a fresh folder with the real `unzip`; returns the bag's top folder. */
export function unzipBundle(zip: string): string {
  const out = makeTempDir('sakshya-unzipped-');
  run('unzip', ['-q', zip, '-d', out]);
  const [top] = fs.readdirSync(out);
  if (top === undefined) throw new Error('empty zip');
  return path.join(out, top);
}
