// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/api-contract';
import { ERROR_MESSAGES } from '../../../shared/errors';
import { TEST_RECOVERY_KEY } from '../helpers/memory-api';
import { renderApp } from '../helpers/render-app';

afterEach(cleanup);

const LOCKED_VAULT = { exists: true, unlocked: false, passphrase: 'monsoon tea on the terrace' };

describe('unlock', () => {
  it('shows the English message for a wrong passphrase, from its error code', async () => {
    const app = renderApp(LOCKED_VAULT);
    await app.user.type(await screen.findByLabelText('Passphrase'), 'not my passphrase');
    await app.user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(
      (await screen.findByText(ERROR_MESSAGES.en.WRONG_PASSPHRASE)).closest('[role="alert"]'),
    ).toBeTruthy();
  });

  it('shows the Hindi message for a wrong passphrase when Hindi is chosen', async () => {
    const app = renderApp({ ...LOCKED_VAULT, settings: { ...DEFAULT_SETTINGS, language: 'hi' } });
    await app.user.type(await screen.findByLabelText('पासफ़्रेज़'), 'not my passphrase');
    await app.user.click(screen.getByRole('button', { name: 'खोलें' }));
    expect(await screen.findByText(ERROR_MESSAGES.hi.WRONG_PASSPHRASE)).toBeTruthy();
  });

  it('re-translates a message already on screen when the language changes', async () => {
    const app = renderApp(LOCKED_VAULT);
    await app.user.type(await screen.findByLabelText('Passphrase'), 'not my passphrase');
    await app.user.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByText(ERROR_MESSAGES.en.WRONG_PASSPHRASE);
    await app.user.click(screen.getByRole('button', { name: 'हिन्दी' }));
    expect(await screen.findByText(ERROR_MESSAGES.hi.WRONG_PASSPHRASE)).toBeTruthy();
    expect(screen.queryByText(ERROR_MESSAGES.en.WRONG_PASSPHRASE)).toBeNull();
  });

  it('opens the vault with the right passphrase', async () => {
    const app = renderApp(LOCKED_VAULT);
    await app.user.type(await screen.findByLabelText('Passphrase'), LOCKED_VAULT.passphrase);
    await app.user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByRole('heading', { name: 'Create your first case' })).toBeTruthy();
  });

  it('lets a forgotten passphrase be replaced with the recovery key', async () => {
    const app = renderApp(LOCKED_VAULT);
    await app.user.click(await screen.findByRole('button', { name: 'Forgot your passphrase?' }));
    await app.user.type(
      screen.getByLabelText('Recovery key'),
      'WXYZ-WXYZ-WXYZ-WXYZ-WXYZ-WXYZ-WXYZ-WXYZ',
    );
    await app.user.type(screen.getByLabelText('New passphrase'), 'a new line from an old song');
    await app.user.type(
      screen.getByLabelText('Type the new passphrase again'),
      'a new line from an old song',
    );
    await app.user.click(screen.getByRole('button', { name: 'Open and set new passphrase' }));
    expect(await screen.findByText(ERROR_MESSAGES.en.WRONG_RECOVERY_KEY)).toBeTruthy();

    await app.user.clear(screen.getByLabelText('Recovery key'));
    await app.user.type(screen.getByLabelText('Recovery key'), TEST_RECOVERY_KEY);
    await app.user.click(screen.getByRole('button', { name: 'Open and set new passphrase' }));
    expect(await screen.findByRole('heading', { name: 'Create your first case' })).toBeTruthy();
    expect(app.memory.state.passphrase).toBe('a new line from an old song');
  });
});
