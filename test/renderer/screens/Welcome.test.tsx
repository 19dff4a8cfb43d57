// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { callsNamed, TEST_RECOVERY_KEY } from '../helpers/memory-api';
import { renderApp, type RenderedApp } from '../helpers/render-app';

afterEach(cleanup);

const STRONG = 'monsoon tea on the terrace';

async function goToPassphrase(app: RenderedApp): Promise<void> {
  await app.user.click(await screen.findByRole('button', { name: 'Start' }));
}

async function choosePassphrase(app: RenderedApp, value: string, confirm: string): Promise<void> {
  await app.user.type(screen.getByLabelText('Passphrase'), value);
  await app.user.type(screen.getByLabelText('Type the passphrase again'), confirm);
  await app.user.click(
    screen.getByRole('button', { name: 'Lock my evidence with this passphrase' }),
  );
}

/** Reads which group the screen asks for, from the field's own label. */
function askedGroup(): { n: number; group: string } {
  const label = screen.getByText(/^Group \d of the recovery key$/, {
    selector: 'label',
  }).textContent;
  const n = Number(/Group (\d)/.exec(label)?.[1]);
  return { n, group: TEST_RECOVERY_KEY.split('-')[n - 1] ?? '' };
}

describe('first run', () => {
  it('explains in plain words that nothing leaves the computer', async () => {
    renderApp();
    expect(await screen.findByRole('heading', { name: 'Keep your evidence safe' })).toBeTruthy();
    expect(screen.getByText(/Nothing leaves this computer/)).toBeTruthy();
  });

  it('refuses two passphrases that are not the same', async () => {
    const app = renderApp();
    await goToPassphrase(app);
    await choosePassphrase(app, STRONG, `${STRONG}!`);
    expect(screen.getByRole('alert').textContent).toContain('The two passphrases are not the same');
    expect(callsNamed(app.memory, 'vault:create')).toHaveLength(0);
  });

  it('blocks a weak passphrase even when both fields match', async () => {
    const app = renderApp();
    await goToPassphrase(app);
    await choosePassphrase(app, 'password123', 'password123');
    expect(screen.getByRole('alert').textContent).toContain('too easy to guess');
    expect(screen.getByText(/Many people use this one/)).toBeTruthy();
    expect(callsNamed(app.memory, 'vault:create')).toHaveLength(0);
  });

  it('shows the recovery key once and will not continue until the asked group is typed back', async () => {
    const app = renderApp();
    await goToPassphrase(app);
    await choosePassphrase(app, STRONG, STRONG);

    expect(await screen.findByRole('heading', { name: 'Save your recovery key' })).toBeTruthy();
    expect(callsNamed(app.memory, 'vault:create')).toEqual([{ passphrase: STRONG }]);
    const shown = screen.getByTestId('recovery-key').textContent;
    for (const group of TEST_RECOVERY_KEY.split('-')) expect(shown).toContain(group);

    const { n, group } = askedGroup();
    const wrong = group === 'ABCD' ? 'WXYZ' : 'ABCD';
    const field = screen.getByLabelText(`Group ${n} of the recovery key`);
    await app.user.type(field, wrong);
    await app.user.click(screen.getByRole('button', { name: 'I have saved it. Continue' }));
    expect(screen.getByRole('alert').textContent).toContain(`That does not match group ${n}`);
    expect(screen.getByRole('heading', { name: 'Save your recovery key' })).toBeTruthy();

    await app.user.clear(field);
    await app.user.type(field, group.toLowerCase());
    await app.user.click(screen.getByRole('button', { name: 'I have saved it. Continue' }));
    expect(await screen.findByRole('heading', { name: 'Create your first case' })).toBeTruthy();
    expect(screen.queryByTestId('recovery-key')).toBeNull();
  });

  it('warns beside "Save to a file" that paper is safer', async () => {
    const app = renderApp();
    await goToPassphrase(app);
    await choosePassphrase(app, STRONG, STRONG);
    const save = await screen.findByRole('button', { name: 'Save to a file' });
    const warning = screen.getByTestId('save-file-warning');
    expect(warning.textContent).toMatch(/^Paper is safer\./);
    expect(save.getAttribute('aria-describedby')).toBe(warning.id);
  });

  it('copies the recovery key to the clipboard when asked', async () => {
    const app = renderApp();
    await goToPassphrase(app);
    await choosePassphrase(app, STRONG, STRONG);
    await app.user.click(await screen.findByRole('button', { name: 'Copy' }));
    // Main copies it (and clears it later); the page never touches the clipboard itself.
    expect(callsNamed(app.memory, 'vault:copyRecoveryKey')).toEqual([
      { recoveryKey: TEST_RECOVERY_KEY },
    ]);
    expect(screen.getByRole('status').textContent).toContain(
      'clears it from the clipboard in 60 seconds',
    );
  });
});
