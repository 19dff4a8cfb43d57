// @vitest-environment jsdom
// Issue 16 item 4 in the app: first run finds a vault whose vault.json is missing and offers repair
// with the passphrase, never a new vault over the old one.
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/api-contract';
import { ERROR_MESSAGES } from '../../../shared/errors';
import { callsNamed } from '../helpers/memory-api';
import { renderApp } from '../helpers/render-app';

afterEach(cleanup);

const BROKEN = {
  exists: false,
  needsRepair: true,
  unlocked: false,
  passphrase: 'monsoon tea on the terrace',
};

describe('a vault whose vault.json is missing', () => {
  it('is noticed at first run and repaired with the passphrase, never created again', async () => {
    const app = renderApp(BROKEN);
    expect(await screen.findByRole('heading', { name: 'Your vault needs a repair' })).toBeTruthy();
    // Plain words first; the file's name only behind "Details", for whoever helps her.
    const screenText = screen.getByTestId('repair-screen');
    const details = screenText.querySelector('details');
    expect(details?.textContent).toContain('vault.json');
    expect(details?.hasAttribute('open')).toBe(false);
    const firstSeen = screenText.textContent.replace(details?.textContent ?? '', '');
    expect(firstSeen).not.toContain('vault.json');
    expect(firstSeen).not.toMatch(/\bkeys\b/);
    expect(screen.queryByRole('button', { name: 'Start' })).toBeNull();

    await app.user.type(screen.getByLabelText('Passphrase'), 'not my passphrase');
    await app.user.click(screen.getByRole('button', { name: 'Repair' }));
    expect(await screen.findByText(ERROR_MESSAGES.en.WRONG_PASSPHRASE)).toBeTruthy();

    await app.user.clear(screen.getByLabelText('Passphrase'));
    await app.user.type(screen.getByLabelText('Passphrase'), BROKEN.passphrase);
    await app.user.click(screen.getByRole('button', { name: 'Repair' }));
    // A calm word that it worked, before her cases appear.
    const done = await screen.findByRole('heading', { name: 'Your vault is repaired' });
    expect(document.activeElement).toBe(done);
    expect(screen.getByRole('status').textContent).toBe(
      'The missing file is back. Your evidence was not changed.',
    );
    await app.user.click(screen.getByRole('button', { name: 'Open my evidence' }));
    expect(await screen.findByRole('heading', { name: 'Create your first case' })).toBeTruthy();
    expect(callsNamed(app.memory, 'vault:create')).toEqual([]);
    expect(callsNamed(app.memory, 'vault:repair')).toEqual([
      { passphrase: 'not my passphrase' },
      { passphrase: BROKEN.passphrase },
    ]);
  });

  it('is explained, and its success confirmed, in Hindi when Hindi is chosen', async () => {
    const app = renderApp({ ...BROKEN, settings: { ...DEFAULT_SETTINGS, language: 'hi' } });
    expect(await screen.findByRole('heading', { name: 'आपकी तिजोरी को ठीक करना है' })).toBeTruthy();
    await app.user.type(screen.getByLabelText('पासफ़्रेज़'), BROKEN.passphrase);
    await app.user.click(screen.getByRole('button', { name: 'ठीक करें' }));
    expect(await screen.findByRole('heading', { name: 'आपकी तिजोरी ठीक हो गई' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(
      'जो फ़ाइल नहीं मिल रही थी, वह वापस आ गई है। आपके सबूतों में कोई बदलाव नहीं हुआ।',
    );
    expect(screen.getByRole('button', { name: 'मेरे सबूत खोलें' })).toBeTruthy();
  });
});
