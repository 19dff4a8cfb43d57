// Run as a child process by the backup crash test: adds a few files and backs up, over and over,
// until the parent kills it with SIGKILL.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BackupService } from '../../main/core/backup/backup-service';
import { Vault } from '../../main/core/vault/vault';

const dir = process.env.CRASH_VAULT_DIR ?? '';
const pass = process.env.CRASH_PASSPHRASE ?? '';
const source = process.env.CRASH_SOURCE_DIR ?? '';
const target = process.env.CRASH_BACKUP_DIR ?? '';

const vault = await Vault.open(dir, pass);
const [owner] = vault.listCases();
if (owner === undefined) throw new Error('no case');
const service = new BackupService(() => vault);
process.stdout.write('ready\n');

for (let i = 0; ; i += 1) {
  for (let j = 0; j < 2; j += 1) {
    const file = path.join(source, `${String(process.pid)}-${String(i)}-${String(j)}.bin`);
    fs.writeFileSync(file, randomBytes(50_000 + Math.floor(Math.random() * 200_000)));
    await vault.addFile(owner.id, file, { provenance: { kind: 'captured-by-me' } });
  }
  const result = await service.run({ folder: target, keep: 3 });
  process.stdout.write(`published ${String(result.generation)}\n`);
}
