// `sakshya verify`: checks an exported bundle, zipped or unzipped, with no vault and no passphrase.
// On its own so that `sakshya verify` can start without the rest of the CLI (verify-program.ts).
import path from 'node:path';
import type { Command } from 'commander';
import { EXIT_INTEGRITY } from '../io';

export function registerVerifyCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('verify <bundle>')
    .description('check an exported bundle (.zip or unzipped folder); needs no vault or passphrase')
    .option(
      '--expect-key <fingerprint>',
      'the signing-key fingerprint (SHA256:…) the sender gave you apart from the bundle',
    )
    .action(async (bundle: string, o: { expectKey?: string }, cmd: Command) => {
      const { verifyBundle } = await import('../../core/export/verify-bundle');
      const report = await verifyBundle(
        path.resolve(bundle),
        o.expectKey === undefined ? {} : { expectKey: o.expectKey },
      );
      printResult(
        cmd,
        [
          report.intact
            ? `Intact: all ${String(report.fileCount)} file(s) match and the signature is valid.`
            : `NOT intact: ${String(report.problems.length)} problem(s) found:`,
          ...report.problems.map(
            (p) => `  PROBLEM ${p.code}${p.path === null ? '' : ` ${p.path}`}: ${p.message}`,
          ),
          `Bundle id: ${report.bundleId ?? 'unknown'}`,
          `Signature: ${report.signature}${report.signingKeyFingerprint === null ? '' : ` (key ${report.signingKeyFingerprint})`}`,
          // Anyone can re-sign a changed bundle with a key of their own; the key is what ties it to the sender.
          `Signer: ${report.signer}. ${report.signerNote}`,
        ],
        report,
      );
      if (!report.intact) setExit(EXIT_INTEGRITY);
    });
}

/** verify needs no vault, so it prints through the output commander was given by runCli. */
function printResult(cmd: Command, human: string[], value: unknown): void {
  const output = cmd.configureOutput();
  const json = cmd.optsWithGlobals<{ json?: boolean }>().json === true;
  const text = json ? `${JSON.stringify(value, null, 2)}\n` : `${human.join('\n')}\n`;
  if (output.writeOut === undefined) process.stdout.write(text);
  else output.writeOut(text);
}
