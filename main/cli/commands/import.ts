// `sakshya import`: files and folders into a case through the import pipeline, one result per
// file; `sakshya add`: the same pipeline for single files, printed as a short list of hashes; and
// `sakshya evidence set-time`: correcting a capture time, with the reason on record.
// Both imports store through the one durable path, importPaths; nothing here writes evidence.
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import type { Provenance } from '../../../shared/domain';
import type { ImportFileResult } from '../../core/import/pipeline';
import { formatInstantInZone } from '../../core/time/zoned-time';
import { EXIT_USAGE } from '../io';
import type { CommandContext } from './command-context';
import { readTextForCase } from './text';

interface ImportCommandOptions {
  case: string;
  receivedFrom?: string;
  channel?: string;
  dayFirst?: boolean;
  monthFirst?: boolean;
  /** False with --no-text: pictures are left to read later (sakshya read-text). */
  text?: boolean;
}

export function registerImportCommands(program: Command, context: CommandContext): void {
  program
    .command('add')
    .description('store files as evidence in a case, and list each one with its SHA-256')
    .requiredOption('--case <id>', 'the case to add to')
    .option('--received-from <who>', 'the files were received from this person or number')
    .option('--channel <channel>', 'how they were received, e.g. WhatsApp')
    .argument('<files...>')
    .action(async (files: string[], o: ImportCommandOptions, cmd: Command) => {
      await context.withVault(cmd, async (vault, out) => {
        const { importPaths } = await import('../../core/import/pipeline');
        const results: AddResult[] = [];
        // One file at a time, so a folder or a missing file is named as such, as it always was.
        for (const file of files) {
          const refused = refuseNonFile(file);
          if (refused !== null) {
            results.push({ path: file, status: 'failed', reason: refused });
            continue;
          }
          const [r] = await importPaths(vault, [file], {
            caseId: o.case,
            provenance: toProvenance(o),
          });
          if (r === undefined) continue;
          results.push(
            r.evidenceId === null || r.sha256 === null
              ? { path: file, status: 'failed', reason: r.reason ?? 'could not be stored' }
              : {
                  path: file,
                  status: r.status,
                  evidenceId: r.evidenceId,
                  sha256: r.sha256,
                  size: fs.statSync(file).size,
                },
          );
        }
        if (results.some((r) => r.status === 'failed')) context.setExit(EXIT_USAGE);
        out.result(
          results.map(
            (r) =>
              `${r.status.padEnd(9)} ${escapeForTerminal(r.path)}${'sha256' in r ? `  ${r.sha256}` : `  (${r.reason})`}`,
          ),
          results,
        );
      });
    });

  program
    .command('import')
    .description(
      'import files and folders as evidence: real type, metadata, capture time, WhatsApp chats',
    )
    .requiredOption('--case <id>', 'the case to import into')
    .option('--received-from <who>', 'the files were received from this person or number')
    .option('--channel <channel>', 'how they were received, e.g. WhatsApp')
    .addOption(
      new Option('--day-first', 'read chat dates like 05/06/24 as 5 June').conflicts('monthFirst'),
    )
    .addOption(
      new Option('--month-first', 'read chat dates like 05/06/24 as 6 May').conflicts('dayFirst'),
    )
    .option('--no-text', 'do not read the text in pictures now (sakshya read-text does it later)')
    .argument('<paths...>', 'files or folders (folders are imported with everything inside)')
    .action(async (paths: string[], o: ImportCommandOptions, cmd: Command) => {
      await context.withVault(cmd, async (vault, out) => {
        const { importPaths } = await import('../../core/import/pipeline');
        const { ThumbnailQueue } = await import('../../core/import/thumbnail-queue');
        const { listPeople } = await import('../../core/people/people-service');
        const queue = new ThumbnailQueue(vault);
        const controller = new AbortController();
        // The first Ctrl-C stops after the file in flight; what finished is kept.
        const onInterrupt = (): void => {
          controller.abort();
        };
        process.once('SIGINT', onInterrupt);
        let results: ImportFileResult[];
        try {
          results = await importPaths(vault, paths, {
            caseId: o.case,
            provenance: toProvenance(o),
            signal: controller.signal,
            dayFirst: o.dayFirst === true ? true : o.monthFirst === true ? false : undefined,
            thumbnails: queue,
          });
        } finally {
          process.removeListener('SIGINT', onInterrupt);
          // Previews are made in the background; the vault stays open until they are written.
          await queue.idle();
        }
        const lines = formatResults(results);
        // After the files are committed, never before: reading text does not slow the import.
        if (o.text !== false && results.some((r) => r.status === 'imported'))
          lines.push(await readTextForCase(vault, o.case, out));
        if (results.some((r) => r.chat !== undefined)) {
          const untied = listPeople(vault, o.case).senders.filter((s) => s.tie === null).length;
          if (untied > 0) {
            lines.push(
              `${untied} chat sender(s) not tied to anyone yet: see sakshya senders --case ${o.case}`,
            );
          }
        }
        out.result(lines, results);
        if (results.some((r) => r.status === 'failed')) context.setExit(EXIT_USAGE);
      });
    });

  const evidence = program.command('evidence').description('work with evidence records');
  evidence
    .command('set-time')
    .description(
      'correct when a piece of evidence was captured (the original is kept, the change logged)',
    )
    .requiredOption('--evidence <id>', 'the evidence record')
    .requiredOption(
      '--at <time>',
      'ISO 8601, e.g. 2024-05-12T21:43:10+05:30 (no zone: the case time zone)',
    )
    .requiredOption('--reason <text>', 'why the time is being corrected')
    .action(async (o: { evidence: string; at: string; reason: string }, cmd: Command) => {
      await context.withVault(cmd, (vault, out) => {
        const updated = vault.correctCapturedAt(o.evidence, o.at, o.reason);
        const zone = vault.getCase(updated.caseId).timezone;
        const original = updated.capturedAtOriginal;
        const shown = (utc: string | null): string =>
          utc === null ? 'unknown' : formatInstantInZone(utc, zone);
        out.result(
          [
            `Corrected ${updated.id}: captured at ${shown(updated.capturedAt)}`,
            `Originally determined: ${shown(original?.capturedAt ?? null)} (${original?.source ?? 'unknown'})`,
            `Reason: ${o.reason.trim()}`,
          ],
          updated,
        );
      });
    });
}

type AddResult =
  | { path: string; status: string; evidenceId: string; sha256: string; size: number }
  | { path: string; status: 'failed'; reason: string };

/** Why `add` will not take this path (it stores single files; `import` takes folders), or null. */
function refuseNonFile(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) return 'is a folder (use sakshya import for folders)';
    if (!stat.isFile()) return 'not a regular file';
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'file not found';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    return code ?? 'could not be read';
  }
}

function toProvenance(o: ImportCommandOptions): Provenance {
  return o.receivedFrom !== undefined || o.channel !== undefined
    ? { kind: 'received', from: o.receivedFrom ?? '', channel: o.channel ?? '' }
    : { kind: 'captured-by-me' };
}

function formatResults(results: readonly ImportFileResult[]): string[] {
  const lines: string[] = [];
  const pad = ' '.repeat(11);
  for (const r of results) {
    lines.push(
      `${r.status.padEnd(10)} ${escapeForTerminal(r.path)}${r.reason === null ? '' : `  (${r.reason})`}`,
    );
    if (r.evidenceId !== null)
      lines.push(`${pad}evidence ${r.evidenceId}  sha256 ${r.sha256 ?? ''}`);
    if (r.mediaType !== null) {
      lines.push(
        `${pad}${r.mediaType}, captured ${r.capturedAt ?? 'unknown'} (${r.capturedAtSource ?? 'unknown'})`,
      );
    }
    for (const warning of r.warnings) lines.push(`${pad}warning: ${warning}`);
    if (r.chat !== undefined) {
      lines.push(`${pad}${r.chat.messages} messages, ${r.chat.alreadyHere} already here`);
    }
    if (r.messages !== undefined) {
      lines.push(`${pad}${r.messages.length} chat line(s):`);
      for (const m of r.messages) {
        const text = escapeForTerminal(m.text, true).split('\n').join(`\n${pad}  `);
        lines.push(
          `${pad}  ${m.time}  ${m.sender === null ? '(system)' : escapeForTerminal(m.sender)}: ${text}`,
        );
      }
    }
  }
  const count = (status: string): number => results.filter((r) => r.status === status).length;
  lines.push(
    `${count('imported')} imported, ${count('duplicate')} duplicate, ${count('skipped')} skipped, ${count('failed')} failed.`,
  );
  return lines;
}

/**
 * Shows control characters and text-direction marks as escapes, so a hostile name can neither
 * break the listing into fake lines nor reverse what the terminal shows. Line breaks inside
 * message text are kept (they are indented by the caller); names get every character escaped.
 */
function escapeForTerminal(text: string, keepLineBreaks = false): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
  return text.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    keepLineBreaks && c === '\n' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
