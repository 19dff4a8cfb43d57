// Run as a child process by the Android import crash test: imports one SMS backup and, while its
// messages are being written, says how many events the case holds, so the parent can kill it with
// SIGKILL part-way through (after some batches have committed, before the import's closing entry).
import { importPaths } from '../../main/core/import/pipeline';
import { Vault } from '../../main/core/vault/vault';

const dir = process.env.CRASH_VAULT_DIR ?? '';
const pass = process.env.CRASH_PASSPHRASE ?? '';
const file = process.env.CRASH_FILE ?? '';

const vault = await Vault.open(dir, pass);
const target = vault.listCases()[0];
if (target === undefined) throw new Error('the crash vault has no case');
const count = vault.db.prepare<[string], number>('SELECT count(*) FROM events WHERE case_id = ?');
const timer = setInterval(() => {
  process.stdout.write(`events ${String(count.pluck().get(target.id) ?? 0)}\n`);
}, 5);
process.stdout.write('ready\n');
await importPaths(vault, [file], { caseId: target.id });
clearInterval(timer);
process.stdout.write('done\n');
vault.lock();
