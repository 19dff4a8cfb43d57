// @vitest-environment jsdom
// Security review finding 1 (issue 16): what the core finds wrong at unlock reaches the window,
// calmly, in both languages, with the technical detail one click away.
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/api-contract';
import type { VaultWarning } from '../../../shared/contract/vault';
import { renderApp } from '../helpers/render-app';

afterEach(cleanup);

const PASSPHRASE = 'monsoon tea on the terrace';
const WARNINGS: VaultWarning[] = [
  { code: 'database-older', detail: 'the database is older than the one this vault last used' },
  {
    code: 'sidecar-not-authentic',
    detail: '1 record file(s) in sidecars/: sidecar:evidence/x',
    items: ['sidecar:evidence/x'],
  },
];

async function unlock(app: ReturnType<typeof renderApp>, label: string, button: string) {
  await app.user.type(await screen.findByLabelText(label), PASSPHRASE);
  await app.user.click(screen.getByRole('button', { name: button }));
}

describe('warnings found at unlock', () => {
  it('are shown after unlock in plain words, with the detail behind "Details" and one action that closes them', async () => {
    const app = renderApp({ exists: true, passphrase: PASSPHRASE, warnings: WARNINGS });
    await unlock(app, 'Passphrase', 'Unlock');
    const box = await screen.findByTestId('vault-warnings');
    expect(
      within(box).getByRole('heading', { name: 'Something in your vault folder was changed' }),
    ).toBeTruthy();
    expect(box.textContent).toContain('The list of your evidence is an older copy.');
    expect(box.textContent).toContain('Files that Sakshya did not make were found');
    const details = within(box).getByTestId('vault-warnings-details');
    expect(details.hasAttribute('open')).toBe(false);
    expect(within(details).getByText('Details').tagName).toBe('SUMMARY');
    expect(details.textContent).toContain('sidecar:evidence/x');
    expect(details.textContent).toContain(
      'sidecar-not-authentic: 1 record file in sidecars/ was not written by this vault',
    );
    expect(details.textContent).toContain('run this command: sakshya check');
    // Only one button: the calm "OK"; nothing to delete or fix in a hurry.
    expect(
      within(box)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['OK']);
    // A plain button, so that a notice shown beside it keeps the screen's one main action.
    expect(within(box).getByRole('button', { name: 'OK' }).classList.contains('primary')).toBe(
      false,
    );
    await app.user.click(within(box).getByRole('button', { name: 'OK' }));
    expect(screen.queryByTestId('vault-warnings')).toBeNull();
  });

  it('are shown in Hindi when Hindi is chosen, their details too', async () => {
    const app = renderApp({
      exists: true,
      passphrase: PASSPHRASE,
      warnings: WARNINGS,
      settings: { ...DEFAULT_SETTINGS, language: 'hi' },
    });
    await unlock(app, 'पासफ़्रेज़', 'खोलें');
    const box = await screen.findByTestId('vault-warnings');
    expect(
      within(box).getByRole('heading', { name: 'आपके तिजोरी फ़ोल्डर में कुछ बदला गया है' }),
    ).toBeTruthy();
    expect(box.textContent).toContain('आपके सबूतों की सूची एक पुरानी कॉपी है।');
    expect(within(box).getByRole('button', { name: 'ठीक है' })).toBeTruthy();
    expect(within(box).getByText('जानकारी').tagName).toBe('SUMMARY');
    // The details are in Hindi too: the core's English detail is not shown, only the codes, the
    // records and the command stay as they are.
    const details = within(box).getByTestId('vault-warnings-details');
    expect(details.textContent).toContain(
      'database-older: डेटाबेस उस डेटाबेस से पुराना है जिसे इस तिजोरी ने पिछली बार इस्तेमाल किया था।',
    );
    expect(details.textContent).toContain(
      'sidecar-not-authentic: sidecars/ में 1 रिकॉर्ड फ़ाइल इस तिजोरी ने नहीं लिखी',
    );
    expect(details.textContent).toContain('sidecar:evidence/x');
    expect(details.textContent).not.toContain('the database is older');
    expect(details.textContent).not.toContain('record file(s)');
  });

  it('say in both languages that the recovery key may no longer open the vault while the passphrase works', async () => {
    const recovery: VaultWarning[] = [
      {
        code: 'recovery-file',
        detail: 'the recovery key file (keys/recovery.age) is not the one this vault made',
        items: ['keys/recovery.age'],
      },
    ];
    for (const [language, label, button, lead] of [
      ['en', 'Passphrase', 'Unlock', 'Your passphrase still works.'],
      ['hi', 'पासफ़्रेज़', 'खोलें', 'आपका पासफ़्रेज़ अब भी काम करता है।'],
    ] as const) {
      const app = renderApp({
        exists: true,
        passphrase: PASSPHRASE,
        warnings: recovery,
        settings: { ...DEFAULT_SETTINGS, language },
      });
      await unlock(app, label, button);
      const box = await screen.findByTestId('vault-warnings');
      expect(box.textContent).toContain(lead);
      const details = within(box).getByTestId('vault-warnings-details');
      expect(details.textContent).toContain('recovery-file: keys/recovery.age');
      expect(details.textContent).toContain('sakshya recover');
      cleanup();
    }
  });

  it('show nothing when the unlock found nothing wrong', async () => {
    const app = renderApp({ exists: true, passphrase: PASSPHRASE, warnings: [] });
    await unlock(app, 'Passphrase', 'Unlock');
    await screen.findByRole('heading', { name: 'Create your first case' });
    expect(screen.queryByTestId('vault-warnings')).toBeNull();
  });
});
