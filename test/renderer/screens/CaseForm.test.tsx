// @vitest-environment jsdom
// When this computer names no time zone (an empty TZ gives 'Etc/Unknown'), the new-case form asks
// for one instead of guessing, and creates nothing until a real zone is chosen.
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectTimezone } from '../../../renderer/src/lib/timezones';
import { callsNamed } from '../helpers/memory-api';
import { renderApp } from '../helpers/render-app';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function reportZone(zone: string): void {
  const RealFormat = Intl.DateTimeFormat;
  const real = new RealFormat('en-US', { timeZone: 'UTC' }).resolvedOptions();
  vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockReturnValue({
    ...real,
    timeZone: zone,
  });
}

describe('the new-case form', () => {
  it('asks for the time zone when the computer reports Etc/Unknown, and creates the case only once one is chosen', async () => {
    reportZone('Etc/Unknown');
    const app = renderApp({ exists: true, unlocked: true, passphrase: 'x' });
    await app.user.click(await screen.findByRole('button', { name: 'Create your first case' }));
    const zone = await screen.findByLabelText<HTMLInputElement>('Timezone');
    expect(zone.value).toBe('');
    expect(screen.getByText(/This computer did not say its time zone/)).toBeTruthy();

    await app.user.type(screen.getByLabelText('Their name'), 'QuickCash');
    await app.user.click(screen.getByRole('button', { name: 'Create case' }));
    expect(await screen.findByText(/This timezone is not known/)).toBeTruthy();
    expect(callsNamed(app.memory, 'case:create')).toEqual([]);

    await app.user.type(zone, 'Asia/Kolkata');
    await app.user.click(screen.getByRole('button', { name: 'Create case' }));
    await vi.waitFor(() => {
      expect(callsNamed(app.memory, 'case:create')).toHaveLength(1);
    });
    expect(callsNamed(app.memory, 'case:create')[0]).toMatchObject({ timezone: 'Asia/Kolkata' });
  });

  it('fills in the computer’s own zone when it names a real one', () => {
    expect(detectTimezone(() => 'Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(detectTimezone(() => 'Etc/Unknown')).toBeNull();
    expect(detectTimezone(() => '')).toBeNull();
    expect(detectTimezone(() => undefined)).toBeNull();
  });
});
