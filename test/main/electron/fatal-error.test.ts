import { describe, expect, it } from 'vitest';
import { SakshyaError } from '../../../shared/errors';
import {
  buildErrorReport,
  installGlobalErrorHandlers,
  redactHome,
  showFatalError,
} from '../../../main/electron/fatal-error';
import { createFakeElectron } from '../../helpers/fake-electron';

const context = { appVersion: '0.1.0', platform: 'linux', arch: 'x64', homeDir: '/home/asha' };

describe('buildErrorReport', () => {
  it('names the error, the version and the platform, writes the home folder as ~ and has no stack', () => {
    const error = new Error(
      "ENOENT: no such file, open '/home/asha/.config/Sakshya/vault/keys.age'\n  at x",
    );
    const report = buildErrorReport(error, context);
    expect(report).toContain('Version: 0.1.0');
    expect(report).toContain('Platform: linux x64');
    expect(report).toContain('Error: Error');
    expect(report).toContain('~/.config/Sakshya/vault/keys.age');
    expect(report).not.toContain('/home/asha');
    expect(report).not.toContain('at ');
    expect(report).not.toContain(error.stack ?? 'no stack');
  });

  it('gives only the code of a Sakshya error, not its detail text', () => {
    const report = buildErrorReport(
      new SakshyaError('VAULT_CORRUPT', 'case "bank harassment" row 7'),
      context,
    );
    expect(report).toContain('Error: VAULT_CORRUPT');
    expect(report).not.toContain('bank harassment');
  });

  it('redacts Windows home folders written with either slash, in any case', () => {
    expect(redactHome('C:\\Users\\Asha\\x and c:/users/asha/y', 'C:\\Users\\Asha')).toBe(
      '~\\x and ~/y',
    );
  });
});

describe('showFatalError', () => {
  it('shows plain words, copies the redacted report when asked, then quits with an error code', async () => {
    const electron = createFakeElectron();
    electron.dialog.responses.push(0, 1);
    await showFatalError(electron, new Error('boom in /home/asha/x'), {
      platform: 'linux',
      arch: 'x64',
    });

    const first = electron.dialog.shown[0];
    expect(first?.buttons).toEqual(['Copy error report', 'Quit']);
    expect(first?.message).toBe('Sakshya could not continue.');
    expect(first?.detail).not.toContain('boom');
    expect(electron.dialog.shown[1]?.detail).toContain('copied');
    expect(electron.clipboard.text).toContain('Error: Error');
    expect(electron.clipboard.text).toContain('boom in ~/x');
    expect(electron.app.exitCode).toBe(1);
  });

  it('waits for the app to be ready before showing the dialog', async () => {
    const electron = createFakeElectron();
    await showFatalError(electron, new Error('early'));
    expect(electron.app.isReady()).toBe(true);
    expect(electron.dialog.shown).toHaveLength(1);
    expect(electron.clipboard.text).toBe('');
  });
});

describe('installGlobalErrorHandlers', () => {
  it('routes uncaught exceptions and unhandled rejections to the fatal handler', () => {
    const electron = createFakeElectron();
    const seen: unknown[] = [];
    installGlobalErrorHandlers(electron.process, (error) => seen.push(error));
    const thrown = new Error('thrown');
    electron.process.emit('uncaughtException', thrown);
    electron.process.emit('unhandledRejection', 'rejected');
    expect(seen).toEqual([thrown, 'rejected']);
  });
});
