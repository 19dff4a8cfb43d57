// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Case } from '../../shared/domain';
import { callsNamed } from './helpers/memory-api';
import { renderApp } from './helpers/render-app';

afterEach(cleanup);

const SAVED_CASE: Case = {
  id: '00000000-0000-4000-8000-000000000001',
  title: 'QuickCash loan app',
  description: 'Calls at night.',
  counterparty: {
    name: 'QuickCash loan app',
    kind: 'loan-app',
    agentNames: ['Ravi'],
    numbers: ['+91 98765 43210'],
    handles: [],
  },
  status: 'open',
  timezone: 'Asia/Kolkata',
  createdAt: '2025-06-01T10:00:00.000Z',
  updatedAt: '2025-06-01T10:00:00.000Z',
};

const OPEN_VAULT = { exists: true, unlocked: true, passphrase: 'monsoon tea on the terrace' };

describe('the unlocked app', () => {
  it('switches the whole interface to Hindi at once and saves the choice', async () => {
    const app = renderApp(OPEN_VAULT);
    expect(await screen.findByRole('heading', { name: 'Create your first case' })).toBeTruthy();
    await app.user.click(screen.getByRole('button', { name: 'हिन्दी' }));
    expect(await screen.findByRole('heading', { name: 'अपना पहला मामला बनाएँ' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /ताला लगाएँ/ })).toBeTruthy();
    expect(screen.queryByText('Create your first case')).toBeNull();
    expect(document.documentElement.lang).toBe('hi');
    expect(callsNamed(app.memory, 'settings:set')).toContainEqual({ language: 'hi' });
  });

  it('creates a case from who is harassing, with the name as its title', async () => {
    const app = renderApp(OPEN_VAULT);
    await app.user.click(await screen.findByRole('button', { name: 'Create your first case' }));
    expect(screen.getByRole('group', { name: 'Who is harassing you?' })).toBeTruthy();
    await app.user.click(screen.getByRole('button', { name: 'Create case' }));
    expect(screen.getByRole('alert').textContent).toContain('Please write who is harassing you');

    await app.user.type(screen.getByLabelText('Their name'), 'QuickCash loan app');
    await app.user.click(screen.getByLabelText('Recovery agents'));
    await app.user.type(screen.getByLabelText('Phone number 1'), '+91 98765 43210');
    await app.user.click(screen.getByRole('button', { name: '+ Add a phone number' }));
    await app.user.keyboard('+91 90000 00000');
    await app.user.click(screen.getByRole('button', { name: 'Create case' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'QuickCash loan app' }),
    ).toBeTruthy();
    expect(app.memory.state.cases[0]?.counterparty).toMatchObject({
      kind: 'recovery-agent',
      numbers: ['+91 98765 43210', '+91 90000 00000'],
      agentNames: [],
    });
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent);
    expect(tabs).toEqual(['Overview', 'Timeline', 'Evidence', 'Steps', 'Export']);
    await app.user.click(screen.getByRole('tab', { name: 'Timeline' }));
    expect(screen.getByRole('tabpanel', { name: 'Timeline' })).toBeTruthy();
  });

  it('edits a case and keeps the name as its title', async () => {
    const app = renderApp({ ...OPEN_VAULT, cases: [SAVED_CASE] });
    await app.user.click(await screen.findByRole('button', { name: /QuickCash loan app/ }));
    await app.user.click(screen.getByRole('button', { name: 'Edit' }));
    expect(screen.getByLabelText<HTMLInputElement>('Agent name 1').value).toBe('Ravi');
    await app.user.click(screen.getByRole('button', { name: '+ Add an agent name' }));
    await app.user.keyboard('Suresh');
    await app.user.click(screen.getByRole('button', { name: 'Save changes' }));
    // The Overview's agents come from the core's people model (people:list), which this double
    // does not play: CasePage-overview.test.tsx shows them over the real core.
    expect(
      await screen.findByRole('heading', { level: 1, name: 'QuickCash loan app' }),
    ).toBeTruthy();
    expect(app.memory.state.cases[0]).toMatchObject({
      title: 'QuickCash loan app',
      counterparty: { agentNames: ['Ravi', 'Suresh'] },
    });
  });

  it('saves the auto-lock time and theme from settings', async () => {
    const app = renderApp(OPEN_VAULT);
    await app.user.click(await screen.findByRole('button', { name: 'Settings' }));
    await app.user.selectOptions(
      screen.getByLabelText('Lock Sakshya after this long without use'),
      '5',
    );
    await app.user.click(screen.getByLabelText('Dark'));
    expect(app.memory.state.settings).toMatchObject({ autoLockMinutes: 5, theme: 'dark' });
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
  });

  it('drops every case from the screen when the core reports the vault locked', async () => {
    const app = renderApp({ ...OPEN_VAULT, cases: [SAVED_CASE] });
    expect(await screen.findByRole('button', { name: /QuickCash loan app/ })).toBeTruthy();
    act(() => {
      app.memory.state.unlocked = false;
      app.memory.emit('vault:locked', { reason: 'idle' });
    });
    expect(await screen.findByRole('heading', { name: 'Sakshya is locked' })).toBeTruthy();
    expect(document.body.textContent).not.toContain('QuickCash');
  });

  it('blanks the window and locks on Ctrl+Shift+L', async () => {
    const app = renderApp({ ...OPEN_VAULT, cases: [SAVED_CASE] });
    await app.user.click(await screen.findByRole('button', { name: /QuickCash loan app/ }));
    expect(screen.getByRole('heading', { level: 1, name: 'QuickCash loan app' })).toBeTruthy();
    fireEvent.keyDown(window, { key: 'L', ctrlKey: true, shiftKey: true });
    // Synchronously after the key press, before the lock call has been answered.
    expect(document.body.textContent).not.toContain('QuickCash');
    expect(await screen.findByRole('heading', { name: 'Sakshya is locked' })).toBeTruthy();
    expect(callsNamed(app.memory, 'vault:lock')).toHaveLength(1);
    expect(app.memory.state.unlocked).toBe(false);
  });
});
