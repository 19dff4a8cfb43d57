// `sakshya backup --to DIR`, `sakshya backup verify DIR` and `sakshya restore --from DIR`: the same
// core service the app's Settings and first-run screens call (core/backup/backup-service.ts).
import path from 'node:path';
import type { Command } from 'commander';
import type { BackupFinding, BackupVerifyReport } from '../../../shared/contract/backup';
import { SakshyaError } from '../../../shared/errors';
import { findDefaultVault } from '../../core/vault/vault-pointer';
import type { Vault } from '../../core/vault/vault';
import { EXIT_INTEGRITY, type CliIo } from '../io';
import { Printer } from '../output';
import { readSecret } from '../secret-input';
import type { CommandContext } from './command-context';

interface GlobalOptions {
  vault?: string;
  json?: boolean;
  passphraseFile?: string;
}

export interface BackupCommandContext extends CommandContext {
  io: CliIo;
  /** The scrypt work factor for a new key file (tests lower it). */
  kdf: () => { scryptLogN?: number };
}

export function registerBackupCommands(program: Command, context: BackupCommandContext): void {
  const { io } = context;
  const backup = program
    .command('backup')
    .description('copy the whole vault, encrypted, to a folder (a USB drive, a synced folder)')
    .option('--to <dir>', 'the folder to back up to; the vault goes in its own subfolder')
    .option('--keep <n>', 'how many generations to keep', '5')
    .action(async (o: { to?: string; keep: string }, cmd: Command) => {
      if (o.to === undefined)
        throw new SakshyaError('INVALID_INPUT', 'say where to back up with --to DIR');
      const keep = Number.parseInt(o.keep, 10);
      if (!Number.isInteger(keep) || keep < 1 || keep > 100)
        throw new SakshyaError('INVALID_INPUT', '--keep takes a whole number from 1 to 100');
      const to = path.resolve(o.to);
      await context.withVault(cmd, async (vault, out) => {
        const { BackupService } = await import('../../core/backup/backup-service');
        const result = await new BackupService(() => vault).run({ folder: to, keep });
        out.result(
          [
            `Backed up to ${path.join(result.folder, result.vaultId)} (generation ${String(result.generation)}).`,
            `Copied ${String(result.filesCopied)} file(s) (${String(result.bytesCopied)} bytes); ${String(result.filesAlreadyThere)} were already there.`,
            ...(result.keyFilesReplaced > 0
              ? [
                  `Replaced the key files in ${String(result.keyFilesReplaced)} older generation(s): the old passphrase no longer opens this backup.`,
                ]
              : []),
            `Keeping ${String(result.generationsKept)} generation(s).`,
            ...result.notes.map((note) => `  note: ${note.message}`),
          ],
          { ok: true, ...result },
        );
      });
    });

  backup
    .command('verify <dir>')
    .description(
      'check a backup: every file there and unchanged (exit 0), problems (1), unreadable (2)',
    )
    .option('--vault-id <id>', 'which vault, when the folder holds several')
    .option('--with-key', 'also check its authentication and database, with the passphrase')
    .option('--recovery-key-file <file>', 'check with the recovery key from this file instead')
    .action(
      async (
        dir: string,
        o: { vaultId?: string; withKey?: boolean; recoveryKeyFile?: string },
        cmd: Command,
      ) => {
        const opts = cmd.optsWithGlobals<GlobalOptions>();
        const out = new Printer(io, opts.json === true);
        const { BackupService } = await import('../../core/backup/backup-service');
        const secret =
          o.recoveryKeyFile !== undefined
            ? {
                kind: 'recovery-key' as const,
                recoveryKey: await readSecret(io, {
                  file: o.recoveryKeyFile,
                  envName: 'SAKSHYA_RECOVERY_KEY',
                  prompt: 'Recovery key: ',
                }),
              }
            : o.withKey === true
              ? {
                  kind: 'passphrase' as const,
                  passphrase: await readSecret(io, {
                    file: opts.passphraseFile,
                    envName: 'SAKSHYA_PASSPHRASE',
                    prompt: 'Passphrase: ',
                  }),
                }
              : undefined;
        // With the passphrase or the recovery key, this computer's vault (if it is the one backed
        // up) also says which generation it published last, so a backup rolled back is named.
        const vault =
          secret === undefined
            ? undefined
            : await openVaultIfHere(path.resolve(opts.vault ?? findDefaultVault(io.env)), secret);
        let report: BackupVerifyReport;
        try {
          report = await new BackupService(() => vault).verify({
            folder: path.resolve(dir),
            ...(o.vaultId === undefined ? {} : { vaultId: o.vaultId }),
            ...(secret === undefined ? {} : { secret }),
          });
        } finally {
          vault?.lock();
        }
        out.result(describeReport(report), report);
        if (report.result !== 'intact') context.setExit(EXIT_INTEGRITY);
      },
    );

  program
    .command('restore')
    .description('make a new vault (--vault, or the default folder) from a backup')
    .requiredOption('--from <dir>', 'the folder backed up to, or the vault’s subfolder in it')
    .option('--vault-id <id>', 'which vault, when the folder holds several')
    .option('--recovery-key', 'open the backup with the recovery key instead of the passphrase')
    .option('--recovery-key-file <file>', 'read the recovery key from this file')
    .option('--new-passphrase-file <file>', 'with the recovery key: read the new passphrase here')
    .option('--allow-partial', 'restore everything intact from a damaged backup, listing the rest')
    .action(async (o: RestoreOptions, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      const out = new Printer(io, opts.json === true);
      const dir = path.resolve(opts.vault ?? findDefaultVault(io.env));
      const from = path.resolve(o.from);
      const { BackupService } = await import('../../core/backup/backup-service');
      const service = new BackupService(() => undefined);
      const vaultId = o.vaultId ?? (await askWhichVault(io, service.findVaults(from)));
      const secret = await readRestoreSecret(io, o, opts);
      const restored = await service.restore(
        dir,
        {
          from,
          vaultId,
          secret,
          allowPartial: o.allowPartial === true,
        },
        context.kdf(),
      );
      const { vault: opened, ...result } = restored;
      opened.lock();
      out.result(
        [
          `Restored vault ${result.vaultId} into ${dir}: ${String(result.evidenceCount)} evidence record(s), from the backup of ${result.backedUpAt} (generation ${String(result.generation)}).`,
          ...(result.missing.length > 0
            ? [
                `${String(result.missing.length)} item(s) could not be restored:`,
                // A forged newer generation was not used rather than missing: said as such.
                ...result.missing.map(
                  (item) =>
                    `  ${item.code === 'manifest-forged' ? 'NOT USED' : 'MISSING'} ${item.message}`,
                ),
              ]
            : []),
          'Run `sakshya check` to confirm every file and the custody log.',
        ],
        { ok: true, vault: dir, ...result },
      );
      if (result.missing.length > 0) context.setExit(EXIT_INTEGRITY);
    });
}

interface RestoreOptions {
  from: string;
  vaultId?: string;
  recoveryKey?: boolean;
  recoveryKeyFile?: string;
  newPassphraseFile?: string;
  allowPartial?: boolean;
}

async function readRestoreSecret(
  io: CliIo,
  o: RestoreOptions,
  opts: GlobalOptions,
): Promise<
  | { kind: 'passphrase'; passphrase: string }
  | { kind: 'recovery-key'; recoveryKey: string; newPassphrase: string }
> {
  if (o.recoveryKey !== true && o.recoveryKeyFile === undefined) {
    return {
      kind: 'passphrase',
      passphrase: await readSecret(io, {
        file: opts.passphraseFile,
        envName: 'SAKSHYA_PASSPHRASE',
        prompt: 'Passphrase of the backed-up vault: ',
      }),
    };
  }
  const recoveryKey = await readSecret(io, {
    file: o.recoveryKeyFile,
    envName: 'SAKSHYA_RECOVERY_KEY',
    prompt: 'Recovery key: ',
  });
  const newPassphrase = await readSecret(io, {
    file: o.newPassphraseFile,
    envName: 'SAKSHYA_NEW_PASSPHRASE',
    prompt: 'New passphrase: ',
    confirm: true,
  });
  return { kind: 'recovery-key', recoveryKey, newPassphrase };
}

/** One vault: that one. Several: ask on the terminal, or name them all when there is none. */
async function askWhichVault(
  io: CliIo,
  found: { vaultId: string; lastBackupAt: string | null }[],
): Promise<string | undefined> {
  if (found.length <= 1) return found[0]?.vaultId;
  const listing = found.map(
    (item, i) =>
      `  ${String(i + 1)}. ${item.vaultId}  last backup ${item.lastBackupAt ?? 'unknown'}`,
  );
  if (io.stdin.isTTY !== true) {
    throw new SakshyaError(
      'INVALID_INPUT',
      `this folder holds the backups of ${String(found.length)} vaults; say which with --vault-id:\n${listing.join('\n')}`,
    );
  }
  io.stderr.write(
    `This folder holds the backups of ${String(found.length)} vaults:\n${listing.join('\n')}\nWhich one (number)? `,
  );
  const answer = await readLine(io);
  const index = Number.parseInt(answer, 10) - 1;
  const chosen = found[index];
  if (chosen === undefined) throw new SakshyaError('INVALID_INPUT', 'no such vault in the list');
  return chosen.vaultId;
}

function readLine(io: CliIo): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end === -1) return;
      io.stdin.off('data', onData);
      io.stdin.pause();
      resolve(text.slice(0, end).trim());
    };
    io.stdin.on('data', onData);
    io.stdin.resume();
  });
}

function describeReport(report: BackupVerifyReport): string[] {
  const line = (finding: BackupFinding, label: string): string => `  ${label} ${finding.message}`;
  return [
    report.result === 'intact'
      ? `The backup is intact: ${String(report.fileCount)} file(s) checked, newest generation ${String(report.generation)} of ${report.createdAt ?? '?'}.`
      : `${String(report.problems.length)} problem(s) found in the backup:`,
    ...report.problems.map((problem) => line(problem, `PROBLEM ${problem.code}`)),
    ...report.notes.map((note) => line(note, `note ${note.code}`)),
    report.authenticated === null
      ? 'Authentication not checked (give --with-key to check it with the passphrase).'
      : `Authentication: ${report.authenticated ? 'every generation was written by this vault' : 'FAILED'}; database snapshot ${report.snapshotOpens === true ? 'opens' : 'does NOT open'}.`,
  ];
}

/** The vault at `dir` opened with `passphrase`, or undefined when none is there or it does not open. */
async function openVaultIfHere(
  dir: string,
  secret:
    { kind: 'passphrase'; passphrase: string } | { kind: 'recovery-key'; recoveryKey: string },
): Promise<Vault | undefined> {
  const { Vault } = await import('../../core/vault/vault');
  if (!Vault.exists(dir)) return undefined;
  try {
    return secret.kind === 'passphrase'
      ? await Vault.open(dir, secret.passphrase)
      : await Vault.openWithRecoveryKey(dir, secret.recoveryKey);
  } catch (error) {
    if (error instanceof SakshyaError) return undefined;
    throw error;
  }
}
