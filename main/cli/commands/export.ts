// `sakshya export`: a case as a signed, checkable evidence bundle (.zip). `sakshya verify`, which
// checks such a bundle, is in verify.ts.
import path from 'node:path';
import type { Command } from 'commander';
import { SakshyaError } from '../../../shared/errors';
import type { CommandContext } from './command-context';

interface ExportCommandOptions {
  case: string;
  out: string;
  md5?: boolean;
  sha1?: boolean;
  splitMb?: string;
  chats: boolean;
  newSigningKey?: boolean;
}

export function registerExportCommands(program: Command, context: CommandContext): void {
  program
    .command('export')
    .description(
      'export a case as a signed evidence bundle (.zip) for a lawyer, the police or the ombudsman',
    )
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--out <file.zip>', 'where to write the bundle')
    .option('--md5', 'also write an MD5 manifest (many forensic labs ask for it)')
    .option('--sha1', 'also write a SHA-1 manifest')
    .option('--split-mb <n>', 'split into parts of at most N MB each, e.g. for e-mail')
    .option('--no-chats', 'leave out the original chat export files')
    .option(
      '--new-signing-key',
      'only if the signing key file is lost: sign with a new key (its fingerprint changes; tell the recipient)',
    )
    .action(async (o: ExportCommandOptions, cmd: Command) => {
      const splitMb = o.splitMb === undefined ? undefined : parsePositiveInteger(o.splitMb);
      await context.withVault(cmd, async (vault, out) => {
        const { ExportService } = await import('../../core/export/export-service');
        const result = await new ExportService(() => vault).exportCase({
          caseId: o.case,
          outFile: path.resolve(o.out),
          includeChats: o.chats,
          extraHashes: [
            ...(o.md5 === true ? (['md5'] as const) : []),
            ...(o.sha1 === true ? (['sha1'] as const) : []),
          ],
          ...(splitMb === undefined ? {} : { splitMb }),
          ...(o.newSigningKey === true ? { newSigningKey: true } : {}),
        });
        out.result(
          [
            `Exported ${String(result.itemCount)} item(s) as bundle ${result.bundleId}`,
            ...result.files.map(
              (f) => `  ${f.path}\n    SHA-256 ${f.sha256}  (${String(f.size)} bytes)`,
            ),
            `Signed with key ${result.signingKeyFingerprint}`,
            ...(o.newSigningKey === true
              ? [
                  'This is a NEW signing key (the old one was lost): bundles made before were signed by another key.',
                ]
              : []),
            'Send this key fingerprint to the recipient by another channel (a message, a phone call,',
            'the covering letter), not only inside the bundle: it is how they confirm the bundle is yours.',
            ...(result.warnings ?? []).map((w) => `Note: ${w}`),
          ],
          { ok: true, ...result },
        );
      });
    });
}

function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new SakshyaError('INVALID_INPUT', '--split-mb must be a whole number of at least 1');
  return value;
}
