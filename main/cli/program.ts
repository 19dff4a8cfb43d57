// The `sakshya` command line over the same core as the app. Every command takes --json; exit codes
// are 0 success, 1 integrity problem found, 2 usage error or bad input.
import { Command, CommanderError, Option } from 'commander';
import {
  COUNTERPARTY_KINDS,
  type Case,
  type CaseInput,
  type CasePatch,
  type Provenance,
} from '../../shared/domain';
import { SakshyaError } from '../../shared/errors';
import { defaultVaultDir } from '../core/app-core';
import { checkVault } from '../core/vault/check';
import { rebuildVault } from '../core/vault/rebuild';
import { Vault } from '../core/vault/vault';
import { registerExportCommands } from './commands/export';
import { registerImportCommands } from './commands/import';
import { registerStepCommands } from './commands/steps';
import { registerTimelineCommands } from './commands/timeline';
import { EXIT_INTEGRITY, EXIT_OK, EXIT_USAGE, type CliIo } from './io';
import { Printer } from './output';
import { readSecret } from './secret-input';

interface GlobalOptions {
  vault?: string;
  json?: boolean;
  passphraseFile?: string;
}

const HELP_FOOTER = `
Passphrase: asked on the terminal with no echo, or read from --passphrase-file FILE or the
SAKSHYA_PASSPHRASE environment variable. Never pass it as an argument.

Exit codes:
  0  success
  1  an integrity problem was found (each one is listed)
  2  usage error or bad input (wrong passphrase, missing vault, unreadable file)
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  const wantsJson = argv.includes('--json');
  const program = buildProgram(io, (code) => {
    exitCode = Math.max(exitCode, code);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return EXIT_OK;
      if (error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    return new Printer(io, wantsJson).error(error);
  }
  return exitCode;
}

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('sakshya')
    .description('Sakshya: keep evidence of harassment safe, provable and organised.')
    .option('--vault <dir>', 'the vault folder (default: your app-data folder)')
    .option('--json', 'print machine-readable JSON')
    .option('--passphrase-file <file>', 'read the passphrase from the first line of this file')
    .addHelpText('after', HELP_FOOTER)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError();

  const context = (cmd: Command): { opts: GlobalOptions; dir: string; out: Printer } => {
    const opts = cmd.optsWithGlobals<GlobalOptions>();
    return {
      opts,
      dir: opts.vault ?? defaultVaultDir(io.env),
      out: new Printer(io, opts.json === true),
    };
  };
  const passphrase = (opts: GlobalOptions, confirm = false): Promise<string> =>
    readSecret(io, {
      file: opts.passphraseFile,
      envName: 'SAKSHYA_PASSPHRASE',
      prompt: 'Passphrase: ',
      confirm,
    });
  const kdf = (): { scryptLogN?: number } => scryptOverride(io.env);
  const withVault = async <T>(
    cmd: Command,
    work: (vault: Vault, out: Printer) => Promise<T> | T,
  ): Promise<T> => {
    const { opts, dir, out } = context(cmd);
    const vault = await Vault.open(dir, await passphrase(opts));
    try {
      return await work(vault, out);
    } finally {
      vault.lock();
    }
  };

  program
    .command('init')
    .description('create a new vault and show its recovery key once')
    .action(async (_o: unknown, cmd: Command) => {
      const { opts, dir, out } = context(cmd);
      const { vault, recoveryKey } = await Vault.create(dir, await passphrase(opts, true), kdf());
      vault.lock();
      out.result(
        [
          `Created a vault at ${dir}`,
          '',
          'Your recovery key (write it down and keep it somewhere safe; it is shown only now):',
          '',
          `    ${recoveryKey}`,
          '',
          'If you forget your passphrase, this key is the only way to open your evidence.',
        ],
        { ok: true, vault: dir, recoveryKey },
      );
    });

  program
    .command('passwd')
    .description('change the passphrase')
    .option('--new-passphrase-file <file>', 'read the new passphrase from this file')
    .action(async (o: { newPassphraseFile?: string }, cmd: Command) => {
      await withVault(cmd, async (vault, out) => {
        const { opts } = context(cmd);
        const current = await passphrase(opts);
        const next = await readSecret(io, {
          file: o.newPassphraseFile,
          envName: 'SAKSHYA_NEW_PASSPHRASE',
          prompt: 'New passphrase: ',
          confirm: true,
        });
        await vault.changePassphrase(current, next, kdf());
        out.result('Passphrase changed. The old passphrase no longer opens the vault.', {
          ok: true,
        });
      });
    });

  program
    .command('recover')
    .description('open the vault with the recovery key and set a new passphrase')
    .option('--recovery-key-file <file>', 'read the recovery key from this file')
    .option('--new-passphrase-file <file>', 'read the new passphrase from this file')
    .action(async (o: { recoveryKeyFile?: string; newPassphraseFile?: string }, cmd: Command) => {
      const { dir, out } = context(cmd);
      const key = await readSecret(io, {
        file: o.recoveryKeyFile,
        envName: 'SAKSHYA_RECOVERY_KEY',
        prompt: 'Recovery key: ',
      });
      const next = await readSecret(io, {
        file: o.newPassphraseFile,
        envName: 'SAKSHYA_NEW_PASSPHRASE',
        prompt: 'New passphrase: ',
        confirm: true,
      });
      (await Vault.recover(dir, key, next, kdf())).lock();
      out.result('Recovered. The new passphrase now opens the vault; the old one does not.', {
        ok: true,
      });
    });

  const caseCommand = program.command('case').description('create, list and show cases');
  caseCommand
    .command('create')
    .description('create a case')
    .requiredOption('--title <title>', 'a short name for the case')
    .option('--description <text>', 'what is happening', '')
    .option('--timezone <zone>', 'IANA timezone for the case', systemTimezone())
    .option('--counterparty <name>', 'who is harassing you: the lender, loan app, agent or person')
    .addOption(
      new Option('--counterparty-kind <kind>', 'what kind of counterparty').choices([
        ...COUNTERPARTY_KINDS,
      ]),
    )
    .option('--number <number>', 'a phone number they use (repeatable)', collect, [])
    .option('--handle <handle>', 'a social-media handle they use (repeatable)', collect, [])
    .option('--agent <name>', 'an agent name (repeatable)', collect, [])
    .action(async (o: CaseOptions, cmd: Command) => {
      await withVault(cmd, (vault, out) => {
        const created = vault.createCase(toCaseInput(o));
        out.result(`Created case ${created.id}: ${created.title}`, created);
      });
    });
  caseCommand
    .command('edit <id>')
    .description('change a case; numbers or handles given replace the whole list')
    .option('--title <title>', 'a short name for the case')
    .option('--description <text>', 'what is happening')
    .option('--timezone <zone>', 'IANA timezone for the case')
    .option('--counterparty <name>', 'who is harassing you')
    .addOption(
      new Option('--counterparty-kind <kind>', 'what kind of counterparty').choices([
        ...COUNTERPARTY_KINDS,
      ]),
    )
    .option('--number <number>', 'a phone number they use (repeatable; replaces the list)', collect)
    .option(
      '--handle <handle>',
      'a social-media handle they use (repeatable; replaces the list)',
      collect,
    )
    .action(async (id: string, o: CaseEditOptions, cmd: Command) => {
      await withVault(cmd, (vault, out) => {
        const updated = vault.updateCase(id, toCasePatch(vault.getCase(id), o));
        out.result(`Updated case ${updated.id}: ${updated.title}`, updated);
      });
    });
  caseCommand
    .command('list')
    .description('list cases')
    .action(async (_o: unknown, cmd: Command) => {
      await withVault(cmd, (vault, out) => {
        const cases = vault.listCases();
        out.result(
          cases.length === 0
            ? 'No cases yet. Create one with: sakshya case create --title "…"'
            : cases.map((c) => `${c.id}  ${c.title}`),
          cases,
        );
      });
    });
  caseCommand
    .command('show <id>')
    .description('show one case with its evidence')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await withVault(cmd, async (vault, out) => {
        const { EvidenceRepository } = await import('../core/db/repositories/evidence');
        const found = vault.getCase(id);
        const evidence = new EvidenceRepository(vault.db).listByCase(id);
        out.result(
          [
            `${found.title} (${found.id})`,
            `Counterparty: ${found.counterparty.name || '—'} (${found.counterparty.kind})`,
            `Timezone: ${found.timezone}   Status: ${found.status}`,
            `Evidence: ${evidence.length}`,
            ...evidence.map((e) => `  ${e.id}  ${e.sha256}  ${e.size} B  ${e.originalName}`),
          ],
          { ...found, evidence },
        );
      });
    });

  program
    .command('add')
    .description('store files as evidence in a case (hash and provenance only)')
    .requiredOption('--case <id>', 'the case to add to')
    .option('--received-from <who>', 'the files were received from this person or number')
    .option('--channel <channel>', 'how they were received, e.g. WhatsApp')
    .argument('<files...>')
    .action(
      async (
        files: string[],
        o: { case: string; receivedFrom?: string; channel?: string },
        cmd: Command,
      ) => {
        await withVault(cmd, async (vault, out) => {
          const provenance: Provenance =
            o.receivedFrom !== undefined || o.channel !== undefined
              ? { kind: 'received', from: o.receivedFrom ?? '', channel: o.channel ?? '' }
              : { kind: 'captured-by-me' };
          const results = [];
          for (const file of files) {
            try {
              const r = await vault.addFile(o.case, file, { provenance });
              results.push({
                path: file,
                status: r.status,
                evidenceId: r.evidence.id,
                sha256: r.evidence.sha256,
                size: r.evidence.size,
              });
            } catch (error) {
              if (
                error instanceof SakshyaError &&
                (error.code === 'NOT_FOUND' || error.code === 'VAULT_LOCKED')
              )
                throw error;
              const reason = error instanceof SakshyaError ? error.message : describeFsError(error);
              results.push({ path: file, status: 'failed', reason });
              setExit(EXIT_USAGE);
            }
          }
          out.result(
            results.map(
              (r) =>
                `${r.status.padEnd(9)} ${r.path}${'sha256' in r ? `  ${r.sha256}` : `  (${r.reason})`}`,
            ),
            results,
          );
        });
      },
    );

  registerImportCommands(program, { withVault, setExit });
  registerTimelineCommands(program, { withVault, setExit });
  registerStepCommands(program, { withVault, setExit });
  registerExportCommands(program, { withVault, setExit });

  program
    .command('check')
    .description('decrypt and re-hash every evidence file, and verify the custody log')
    .action(async (_o: unknown, cmd: Command) => {
      await withVault(cmd, async (vault, out) => {
        const report = await checkVault(vault);
        out.result(
          [
            report.ok ? 'Everything matches.' : `${report.problems.length} problem(s) found:`,
            ...report.problems.map((p) => `  PROBLEM ${p.kind} ${p.subject}: ${p.message}`),
            ...report.notes.map((n) => `  note ${n.kind} ${n.subject}: ${n.message}`),
            `Checked ${report.evidenceChecked} evidence record(s), ${report.filesChecked} stored file(s), ${report.custodyEntries} custody entries.`,
          ],
          report,
        );
        if (!report.ok) setExit(EXIT_INTEGRITY);
      });
    });

  program
    .command('rebuild')
    .description('recreate the database from the encrypted vault files (the old one is kept aside)')
    .action(async (_o: unknown, cmd: Command) => {
      const { opts, dir, out } = context(cmd);
      const { vault, report } = await rebuildVault(dir, await passphrase(opts));
      vault.lock();
      out.result(
        [
          `Rebuilt the index: ${report.cases} case(s), ${report.evidence} evidence record(s).`,
          ...report.skipped.map((s) => `  skipped ${s.subject}: ${s.reason}`),
          report.previousDatabase === null
            ? ''
            : `The previous database was kept at ${report.previousDatabase}`,
        ],
        report,
      );
    });

  return program;
}

interface CaseOptions {
  title: string;
  description: string;
  timezone: string;
  counterparty?: string;
  counterpartyKind?: (typeof COUNTERPARTY_KINDS)[number];
  number: string[];
  handle: string[];
  agent: string[];
}

function toCaseInput(o: CaseOptions): CaseInput {
  return {
    title: o.title,
    description: o.description,
    timezone: o.timezone,
    counterparty: {
      name: o.counterparty ?? '',
      kind: o.counterpartyKind ?? 'other',
      agentNames: o.agent,
      numbers: o.number,
      handles: o.handle,
    },
  };
}

interface CaseEditOptions {
  title?: string;
  description?: string;
  timezone?: string;
  counterparty?: string;
  counterpartyKind?: (typeof COUNTERPARTY_KINDS)[number];
  number?: string[];
  handle?: string[];
}

/** Only what was given changes; the counterparty is patched as a whole, so untouched parts are copied. */
function toCasePatch(current: Case, o: CaseEditOptions): CasePatch {
  const touchesCounterparty =
    o.counterparty !== undefined ||
    o.counterpartyKind !== undefined ||
    o.number !== undefined ||
    o.handle !== undefined;
  return {
    ...(o.title === undefined ? {} : { title: o.title }),
    ...(o.description === undefined ? {} : { description: o.description }),
    ...(o.timezone === undefined ? {} : { timezone: o.timezone }),
    ...(touchesCounterparty
      ? {
          counterparty: {
            ...current.counterparty,
            name: o.counterparty ?? current.counterparty.name,
            kind: o.counterpartyKind ?? current.counterparty.kind,
            numbers: o.number ?? current.counterparty.numbers,
            handles: o.handle ?? current.counterparty.handles,
          },
        }
      : {}),
  };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function systemTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function describeFsError(error: unknown): string {
  if (error instanceof Error && 'code' in error) {
    const code = String((error as NodeJS.ErrnoException).code);
    if (code === 'ENOENT') return 'file not found';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'EISDIR') return 'is a folder';
    return code;
  }
  return 'could not be stored';
}

/**
 * Tests only: SAKSHYA_INSECURE_SCRYPT_LOG_N lowers the key files' scrypt work factor so suites that
 * create many vaults stay fast. It is clamped to at least 10 and never raises the default.
 */
function scryptOverride(env: NodeJS.ProcessEnv): { scryptLogN?: number } {
  const raw = env.SAKSHYA_INSECURE_SCRYPT_LOG_N;
  if (raw === undefined || raw === '') return {};
  const value = Number.parseInt(raw, 10);
  if (!Number.isInteger(value) || value < 10 || value > 18) return {};
  return { scryptLogN: value };
}
