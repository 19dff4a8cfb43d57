// Run as a child process by the sources crash test: imports fresh Telegram exports (a result.json
// with its photo, zipped) and fresh e-mails with an attachment, as fast as it can, until the parent
// kills it with SIGKILL. Each round's export differs (its text carries the round), so each round
// writes new events.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { importPaths } from '../../main/core/import/pipeline';
import { Vault } from '../../main/core/vault/vault';

const dir = process.env.CRASH_VAULT_DIR ?? '';
const pass = process.env.CRASH_PASSPHRASE ?? '';
const source = process.env.CRASH_SOURCE_DIR ?? '';
const photo = process.env.CRASH_PHOTO ?? '';

const vault = await Vault.open(dir, pass);
const target = vault.listCases()[0] ?? vault.createCase({ title: 'Crash target' });
process.stdout.write('ready\n');

for (let round = 0; ; round += 1) {
  const tag = `${String(process.pid)}-${String(round)}-${randomBytes(4).toString('hex')}`;
  const folder = path.join(source, tag);
  fs.mkdirSync(path.join(folder, 'photos'), { recursive: true });
  const messages = Array.from({ length: 200 }, (_, index) => ({
    id: index + 1,
    type: 'message',
    date_unixtime: String(1715528700 + index),
    from: 'Agent',
    text: ['round ', { type: 'bold', text: tag }, ` line ${String(index)}`],
    ...(index === 0 ? { photo: 'photos/photo_1.jpg' } : {}),
  }));
  fs.writeFileSync(
    path.join(folder, 'result.json'),
    JSON.stringify({ name: 'Agent', type: 'personal_chat', id: 1, messages }),
  );
  fs.writeFileSync(
    path.join(folder, 'photos/photo_1.jpg'),
    Buffer.concat([fs.readFileSync(photo), randomBytes(16)]),
  );
  execFileSync('zip', ['-qr', `../${tag}.zip`, '.'], { cwd: folder });
  const mail = path.join(source, `${tag}.eml`);
  fs.writeFileSync(
    mail,
    [
      'From: Agent <agent@loan.example>',
      'To: me@example.in',
      'Date: Sun, 12 May 2024 22:05:00 +0530',
      `Subject: round ${tag}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      `Pay now ${tag}`,
      '--B',
      'Content-Type: application/octet-stream; name="notice.bin"',
      'Content-Disposition: attachment; filename="notice.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      randomBytes(3000).toString('base64'),
      '--B--',
      '',
    ].join('\r\n'),
  );
  const results = await importPaths(vault, [path.join(source, `${tag}.zip`), mail], {
    caseId: target.id,
  });
  process.stdout.write(
    `round ${String(round)} ${results.map((result) => result.status).join(',')}\n`,
  );
}
