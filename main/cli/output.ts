// Human text or JSON, never both. Errors carry a code from the closed list and a plain message.
import { ERROR_MESSAGES, SakshyaError, type ErrorCode } from '../../shared/errors';
import { EXIT_INTEGRITY, EXIT_USAGE, type CliIo } from './io';

export class Printer {
  constructor(
    private readonly io: CliIo,
    readonly json: boolean,
  ) {}

  result(human: string | string[], value: unknown): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    else this.io.stdout.write(`${Array.isArray(human) ? human.join('\n') : human}\n`);
  }

  info(text: string): void {
    if (!this.json) this.io.stderr.write(`${text}\n`);
  }

  /** A warning goes to stderr in both modes: stdout stays one JSON value. */
  warn(text: string): void {
    this.io.stderr.write(`sakshya: WARNING: ${text}\n`);
  }

  /** Prints an error and returns the exit code it maps to. */
  error(error: unknown): number {
    const code: ErrorCode = error instanceof SakshyaError ? error.code : 'INTERNAL';
    const detail = error instanceof SakshyaError ? error.message : undefined;
    const message = ERROR_MESSAGES.en[code];
    // A damaged backup is an integrity problem found (1), as in `check`; the rest is bad input (2).
    const exit =
      code === 'INTEGRITY_FAILURE' || code === 'BACKUP_DAMAGED' ? EXIT_INTEGRITY : EXIT_USAGE;
    if (this.json) {
      this.io.stdout.write(
        `${JSON.stringify({ ok: false, error: { code, message, detail } }, null, 2)}\n`,
      );
    } else {
      const extra = detail !== undefined && detail !== message ? ` (${detail})` : '';
      this.io.stderr.write(`sakshya: ${message}${extra} [${code}]\n`);
    }
    return exit;
  }
}
