// @vitest-environment jsdom
// The first-run screen when the remembered vault was not opened (a drive not plugged in, a folder
// gone, a planted pointer): the real App over the in-memory transport, in English and Hindi.
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/api-contract';
import { callsNamed } from '../helpers/memory-api';
import { renderApp } from '../helpers/render-app';

afterEach(cleanup);

const DRIVE = 'E:\\Sakshya vault';

function primaryButtons(): string[] {
  return [...document.querySelectorAll('button.primary')].map((b) => b.textContent);
}

describe('the first run when the remembered vault is away', () => {
  it('says calmly that the drive is not plugged in, with Try again as the one clear action', async () => {
    const app = renderApp({ placeIgnored: { reason: 'drive-missing', folder: DRIVE } });
    const heading = await screen.findByRole('heading', {
      level: 1,
      name: 'Your vault is not here right now',
    });
    expect(document.activeElement).toBe(heading);
    const away = screen.getByTestId('vault-away');
    expect(away.textContent).toContain(
      `Your evidence was kept on a drive that is not plugged in (${DRIVE}). Plug it in and press Try again.`,
    );
    expect(away.textContent).toContain('Sakshya has not changed or deleted anything.');
    expect(primaryButtons()).toEqual(['Try again']);
    expect(screen.getByRole('button', { name: 'Start a new vault' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Restore from a backup' })).toBeTruthy();
    // The welcome is not shown as if she had no vault.
    expect(screen.queryByRole('heading', { name: 'Keep your evidence safe' })).toBeNull();
    // The details are one click away, closed at first: the folder and the reason code.
    const details = screen.getByTestId('vault-away-details');
    expect(details.hasAttribute('open')).toBe(false);
    await app.user.click(within(details).getByText('Details'));
    expect(details.hasAttribute('open')).toBe(true);
    expect(details.textContent).toContain(DRIVE);
    expect(details.textContent).toContain('drive-missing');
  });

  it('says it is still away after Try again, then goes to the unlock screen once it is back', async () => {
    const app = renderApp({ placeIgnored: { reason: 'folder-missing', folder: '/home/m/Vault' } });
    await app.user.click(await screen.findByRole('button', { name: 'Try again' }));
    expect((await screen.findByText(/It is still not there/)).getAttribute('role')).toBe('status');
    expect(callsNamed(app.memory, 'vault:findAgain')).toHaveLength(1);
    app.memory.state.foundAgain = true;
    await app.user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Sakshya is locked' })).toBeTruthy();
    expect(screen.queryByTestId('vault-away')).toBeNull();
  });

  it('lets her start a new vault or restore instead, as quieter choices', async () => {
    const app = renderApp({ placeIgnored: { reason: 'drive-missing', folder: DRIVE } });
    await app.user.click(await screen.findByRole('button', { name: 'Restore from a backup' }));
    expect(await screen.findByRole('heading', { name: 'Restore from a backup' })).toBeTruthy();
    await app.user.click(screen.getByRole('button', { name: 'Back' }));
    await app.user.click(await screen.findByRole('button', { name: 'Start a new vault' }));
    expect(await screen.findByRole('heading', { name: 'Keep your evidence safe' })).toBeTruthy();
    expect(callsNamed(app.memory, 'vault:create')).toHaveLength(0);
  });

  it('never shows a place when the remembered place was planted, in English or Hindi', async () => {
    const app = renderApp({ placeIgnored: { reason: 'invalid' } });
    await screen.findByRole('heading', { name: 'Your vault is not here right now' });
    expect(screen.getByTestId('vault-away').textContent).toContain(
      'Sakshya could not use the place where it remembered your evidence.',
    );
    await app.user.click(screen.getByText('Details'));
    expect(screen.getByTestId('vault-away-details').textContent).toContain('invalid');
    expect(screen.queryByText('Remembered folder:')).toBeNull();
    await app.user.click(screen.getByRole('button', { name: 'हिन्दी' }));
    expect(await screen.findByRole('heading', { name: 'आपकी तिजोरी अभी यहाँ नहीं है' })).toBeTruthy();
    expect(screen.queryByText('याद रखा गया फ़ोल्डर:')).toBeNull();
  });

  it('is said fully in Hindi when Hindi is chosen', async () => {
    const app = renderApp({
      placeIgnored: { reason: 'drive-missing', folder: DRIVE },
      settings: { ...DEFAULT_SETTINGS, language: 'hi' },
    });
    await screen.findByRole('heading', { name: 'आपकी तिजोरी अभी यहाँ नहीं है' });
    // The page says it is in Hindi from the first Hindi screen on, so a screen reader speaks it so.
    expect(document.documentElement.lang).toBe('hi');
    const away = screen.getByTestId('vault-away');
    expect(away.textContent).toContain(`आपके सबूत एक ऐसी ड्राइव पर रखे थे जो अभी लगी नहीं है (${DRIVE})।`);
    expect(away.textContent).toContain('साक्ष्य ने कुछ भी बदला या मिटाया नहीं है।');
    expect(primaryButtons()).toEqual(['फिर से कोशिश करें']);
    expect(screen.getByRole('button', { name: 'नई तिजोरी शुरू करें' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'बैकअप से वापस लाएँ' })).toBeTruthy();
    await app.user.click(screen.getByText('जानकारी'));
    expect(screen.getByTestId('vault-away-details').textContent).toContain(
      'यह फ़ोल्डर जिस ड्राइव पर है, वह जुड़ी नहीं है',
    );
    // No English words left on the screen apart from the folder and the code.
    expect(away.textContent).not.toMatch(/Try again|vault is not|Details/);
  });
});
