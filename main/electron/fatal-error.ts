// When Sakshya cannot start (or breaks in a way it cannot recover from), say so in plain words and
// offer a report that is safe to paste into a message to a helper: no stack, no evidence, no
// passphrase, and the home folder (which holds the user's name) written as ~.
import type { MessageBoxOptions } from 'electron';
import { SakshyaError } from '../../shared/errors';

export interface FatalErrorElectron {
  app: {
    getVersion(): string;
    getPath(name: 'home'): string;
    isReady(): boolean;
    whenReady(): Promise<void>;
    exit(exitCode?: number): void;
  };
  dialog: { showMessageBox(options: MessageBoxOptions): Promise<{ response: number }> };
  clipboard: { writeText(text: string): void };
}

export interface ProcessEvents {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface ReportContext {
  appVersion: string;
  platform: string;
  arch: string;
  homeDir: string;
}

const COPY_BUTTON = 0;
const MAX_SUMMARY = 200;

export function installGlobalErrorHandlers(
  events: ProcessEvents,
  onFatal: (error: unknown) => void,
): void {
  events.on('uncaughtException', onFatal);
  events.on('unhandledRejection', onFatal);
}

export function buildErrorReport(error: unknown, context: ReportContext): string {
  const lines = [
    'Sakshya error report',
    `Version: ${context.appVersion}`,
    `Platform: ${context.platform} ${context.arch}`,
  ];
  if (error instanceof SakshyaError) {
    // The code says everything; the detail text can name files in the vault.
    lines.push(`Error: ${error.code}`);
  } else if (error instanceof Error) {
    lines.push(`Error: ${error.name}`);
    const firstLine = error.message.split('\n', 1)[0] ?? '';
    lines.push(`Summary: ${redactHome(firstLine, context.homeDir).slice(0, MAX_SUMMARY)}`);
  } else {
    lines.push(`Error: ${typeof error}`);
  }
  lines.push('This report contains no evidence, no passphrase and no file contents.');
  return lines.join('\n');
}

export function redactHome(text: string, homeDir: string): string {
  if (homeDir.length < 2) return text;
  const variants = new Set([homeDir, homeDir.replaceAll('\\', '/'), homeDir.replaceAll('/', '\\')]);
  let out = text;
  for (const variant of variants) {
    out = out.replace(new RegExp(escapeRegExp(variant), 'gi'), '~');
  }
  return out;
}

let showing = false;

/** Shows the one fatal-error dialog (never two), copies the report on request, then quits. */
export async function showFatalError(
  electron: FatalErrorElectron,
  error: unknown,
  context: Pick<ReportContext, 'platform' | 'arch'> = {
    platform: process.platform,
    arch: process.arch,
  },
): Promise<void> {
  if (showing) return;
  showing = true;
  try {
    if (!electron.app.isReady()) await electron.app.whenReady();
    const report = buildErrorReport(error, {
      ...context,
      appVersion: electron.app.getVersion(),
      homeDir: electron.app.getPath('home'),
    });
    let copied = false;
    for (;;) {
      const { response } = await electron.dialog.showMessageBox(dialogOptions(copied));
      if (response !== COPY_BUTTON) break;
      electron.clipboard.writeText(report);
      copied = true;
    }
  } finally {
    showing = false;
    electron.app.exit(1);
  }
}

function dialogOptions(copied: boolean): MessageBoxOptions {
  const detail = [
    'Your evidence has not been changed.',
    'Please close Sakshya and open it again. If this keeps happening, copy the error report and send it to someone who is helping you. The report has no evidence and no passphrase in it.',
  ];
  if (copied) detail.push('The error report has been copied.');
  return {
    type: 'error',
    title: 'Sakshya',
    message: 'Sakshya could not continue.',
    detail: detail.join('\n\n'),
    buttons: ['Copy error report', 'Quit'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
