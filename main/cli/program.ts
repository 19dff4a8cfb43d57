// The `sakshya` command line over the same core as the app. Every command takes --json; exit codes
// are 0 success, 1 integrity problem found, 2 usage error or bad input. The core (the database,
// sharp, pdfkit, the workers) is imported inside the commands that use it, never at the top, so
// `--help` starts without loading it; `verify` starts without even this file (verify-program.ts,
// chosen in index.ts; `npm run bench -- cli`).
import { Option, type Command } from 'commander';
import type { Case, CaseInput, CasePatch } from '../../shared/domain';
import { COUNTERPARTY_KINDS, isValidTimezone } from '../../shared/domain-values';
import { SakshyaError } from '../../shared/errors';
import { findDefaultVault } from '../core/vault/vault-pointer';
import { detectSystemTimeZone } from '../core/time/system-zone';
import type { Vault } from '../core/vault/vault';
import { registerBackupCommands } from './commands/backup';
import { registerExportCommands } from './commands/export';
import { registerImportCommands } from './commands/import';
import { registerMessageCommands } from './commands/messages';
import { registerPeopleCommands } from './commands/people';
import { registerStepCommands } from './commands/steps';
import { registerTextCommands } from './commands/text';
import { registerTimelineCommands } from './commands/timeline';
import { registerVerifyCommand } from './commands/verify';
import { EXIT_INTEGRITY, type CliIo } from './io';
import { Printer } from './output';
import { createRootCommand, runProgram, type GlobalOptions } from './root-command';
import { readSecret } from './secret-input';

export function runCli(argv: string[], io: CliIo): Promise<number> {
  return runProgram(argv, io, (setExit) => buildProgram(io, setExit));
}

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = createRootCommand(io);

  const context = (cmd: Command): { opts: GlobalOptions; dir: string; out: Printer } => {
    const opts = cmd.optsWithGlobals<GlobalOptions>();
    return {
      opts,
      dir: opts.vault ?? findDefaultVault(io.env),
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
    const { Vault } = await loadVault();
    const vault = await Vault.open(dir, await passphrase(opts));
    for (const warning of vault.openWarnings()) out.warn(warning.detail);
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
      const { Vault } = await loadVault();
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
      const { Vault } = await loadVault();
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
    .option('--timezone <zone>', 'IANA timezone for the case (default: this computer’s)')
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
        const created = vault.createCase(toCaseInput(o, requireTimezone(o.timezone)));
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

  registerImportCommands(program, { withVault, setExit });
  registerTimelineCommands(program, { withVault, setExit });
  registerStepCommands(program, { withVault, setExit });
  registerExportCommands(program, { withVault, setExit });
  registerVerifyCommand(program, setExit);
  registerPeopleCommands(program, { withVault, setExit });
  registerBackupCommands(program, { withVault, setExit, io, kdf });
  registerMessageCommands(program, { withVault, setExit });
  registerTextCommands(program, { withVault, setExit });

  program
    .command('check')
    .description('decrypt and re-hash every evidence file, and verify the custody log')
    .action(async (_o: unknown, cmd: Command) => {
      await withVault(cmd, async (vault, out) => {
        const { checkVault } = await import('../core/vault/check');
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
    .option(
      '--adopt-orphans',
      'keep the database, and bring back evidence it does not list that the vault holds whole and authentic',
    )
    .option(
      '--accept-unauthenticated-sidecars',
      'also restore sidecars written before they were authenticated (a vault last used with an older Sakshya)',
    )
    .action(
      async (
        o: { adoptOrphans?: boolean; acceptUnauthenticatedSidecars?: boolean },
        cmd: Command,
      ) => {
        if (o.adoptOrphans === true) {
          await withVault(cmd, async (vault, out) => {
            const { adoptOrphans } = await import('../core/vault/rebuild');
            const report = await adoptOrphans(vault);
            out.result(
              [
                `Brought back ${report.adopted.length} evidence record(s).`,
                ...report.adopted.map((a) => `  adopted ${a.subject}: ${a.originalName}`),
                ...report.skipped.map((s) => `  refused ${s.subject}: ${s.reason}`),
              ],
              report,
            );
          });
          return;
        }
        const { opts, dir, out } = context(cmd);
        const { rebuildVault } = await import('../core/vault/rebuild');
        const { vault, report } = await rebuildVault(dir, await passphrase(opts), {
          acceptUnauthenticated: o.acceptUnauthenticatedSidecars === true,
        });
        vault.lock();
        out.result(
          [
            `Rebuilt the index: ${report.cases} case(s), ${report.evidence} evidence record(s); ${report.unauthenticated.length} sidecar(s) accepted without authentication.`,
            ...report.unauthenticated.map((s) => `  accepted WITHOUT authentication ${s}`),
            ...report.skipped.map((s) => `  refused ${s.subject}: ${s.reason}`),
            report.recoveryFile === null ? '' : `Warning: ${report.recoveryFile}`,
            report.previousDatabase === null
              ? ''
              : `The previous database was kept at ${report.previousDatabase}`,
          ],
          report,
        );
      },
    );

  program
    .command('repair')
    .description('put back a lost vault.json from the key files (asks for the passphrase)')
    .action(async (_o: unknown, cmd: Command) => {
      const { opts, dir, out } = context(cmd);
      const { repairVault } = await import('../core/vault/repair');
      const { vault, report } = await repairVault(dir, await passphrase(opts));
      vault.lock();
      out.result(
        [
          'Repaired: vault.json is back and the vault opens with your passphrase.',
          report.rebuilt
            ? 'The database was missing too; it was rebuilt from the vault files.'
            : '',
          report.recoveryKeyFilePresent
            ? ''
            : 'Warning: keys/recovery.age is missing, so the recovery key no longer opens this vault.',
          report.recoveryKeyFilePresent && report.recoveryFile !== null
            ? `Warning: ${report.recoveryFile}`
            : '',
        ].filter((line) => line !== ''),
        { ok: true, ...report },
      );
    });

  return program;
}

function loadVault(): Promise<typeof import('../core/vault/vault')> {
  return import('../core/vault/vault');
}

interface CaseOptions {
  title: string;
  description: string;
  timezone?: string;
  counterparty?: string;
  counterpartyKind?: (typeof COUNTERPARTY_KINDS)[number];
  number: string[];
  handle: string[];
  agent: string[];
}

function toCaseInput(o: CaseOptions, timezone: string): CaseInput {
  return {
    title: o.title,
    description: o.description,
    timezone,
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
    ...(o.timezone === undefined ? {} : { timezone: requireTimezone(o.timezone) }),
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

/** The zone given, else this computer's; never a guess: without either it is a usage error. */
function requireTimezone(given: string | undefined): string {
  const zone = given ?? detectSystemTimeZone();
  if (zone === null) {
    throw new SakshyaError(
      'INVALID_INPUT',
      'this computer does not say which time zone it is in (TZ is empty or unknown); give the case’s zone with --timezone, e.g. --timezone Asia/Kolkata',
    );
  }
  if (!isValidTimezone(zone)) {
    throw new SakshyaError(
      'INVALID_INPUT',
      `"${zone}" is not a known time zone, e.g. Asia/Kolkata`,
    );
  }
  return zone;
}

/** scripts/build-main.mjs defines it as false in every shipped bundle; from source it is undefined. */
declare const __SAKSHYA_ALLOW_INSECURE_SCRYPT__: boolean | undefined;

function insecureScryptAllowed(): boolean {
  return (
    typeof __SAKSHYA_ALLOW_INSECURE_SCRYPT__ === 'undefined' || __SAKSHYA_ALLOW_INSECURE_SCRYPT__
  );
}

/**
 * Tests only: SAKSHYA_INSECURE_SCRYPT_LOG_N lowers the key files' scrypt work factor so suites that
 * create many vaults stay fast. It is clamped to at least 10 and never raises the default.
 */
function scryptOverride(env: NodeJS.ProcessEnv): { scryptLogN?: number } {
  if (!insecureScryptAllowed()) return {};
  const raw = env.SAKSHYA_INSECURE_SCRYPT_LOG_N;
  if (raw === undefined || raw === '') return {};
  const value = Number.parseInt(raw, 10);
  if (!Number.isInteger(value) || value < 10 || value > 18) return {};
  return { scryptLogN: value };
}
