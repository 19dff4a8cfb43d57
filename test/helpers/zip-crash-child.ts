// Run as a child process by the zip plaintext crash test: imports one WhatsApp zip export into the
// vault, then says so and waits to be killed. The parent kills it with SIGKILL part-way through.
import { importPaths } from '../../main/core/import/pipeline';
import { Vault } from '../../main/core/vault/vault';

const vault = await Vault.open(
  process.env.CRASH_VAULT_DIR ?? '',
  process.env.CRASH_PASSPHRASE ?? '',
);
const caseId = vault.listCases()[0]?.id ?? '';
process.stdout.write('ready\n');
await importPaths(vault, [process.env.CRASH_ZIP ?? ''], { caseId });
process.stdout.write('done\n');
setInterval(() => undefined, 1000);
