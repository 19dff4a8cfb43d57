// Run as a child process by the crash-safety test: stores files and writes rows as fast as it can
// until the parent kills it with SIGKILL.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Vault } from '../../main/core/vault/vault';

const dir = process.env.CRASH_VAULT_DIR ?? '';
const pass = process.env.CRASH_PASSPHRASE ?? '';
const source = process.env.CRASH_SOURCE_DIR ?? '';

const vault = await Vault.open(dir, pass);
const cases = vault.listCases();
const target = cases[0] ?? vault.createCase({ title: 'Crash target' });
process.stdout.write('ready\n');

for (let i = 0; ; i += 1) {
  const file = path.join(source, `${process.pid}-${i}.bin`);
  fs.writeFileSync(file, randomBytes(1024 + Math.floor(Math.random() * 300_000)));
  await vault.addFile(target.id, file, { provenance: { kind: 'captured-by-me' } });
  if (i % 3 === 0) vault.updateCase(target.id, { description: `round ${i}` });
  if (i % 7 === 0) vault.createCase({ title: `Extra ${process.pid}-${i}` });
  process.stdout.write(`stored ${i}\n`);
}
