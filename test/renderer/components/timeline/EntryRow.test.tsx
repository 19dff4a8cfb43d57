// A flagged call as the timeline shows it, over the real handlers and a real vault: the rule is
// visible, its source and the triggering fact are one click away, and "Dismiss" asks for a reason
// that ends up in the custody log.
// The real core needs Node's own typed arrays and crypto, so the DOM is added over Node (the
// helper the steps screen tests use) rather than swapping in a jsdom environment.
import '../../screens/steps-dom-over-node';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import path from 'node:path';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatchCall } from '../../../../main/api/dispatch';
import { createHandlers } from '../../../../main/api/handlers';
import { AppCore } from '../../../../main/core/app-core';
import { buildSakshyaApi, type ApiName } from '../../../../shared/api-contract';
import { ApiContext } from '../../../../renderer/src/api/api-context';
import { EntryRow } from '../../../../renderer/src/components/timeline/EntryRow';
import { createI18n } from '../../../../renderer/src/i18n';
import { makeTempDir } from '../../../helpers/temp-dir';

const cores: AppCore[] = [];
afterEach(() => {
  cleanup();
  for (const core of cores.splice(0)) void core.close();
});

describe('EntryRow', () => {
  it('shows the broken rule, explains it on request, and asks for a reason before setting it aside', async () => {
    const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
    cores.push(core);
    await core.create('monsoon tea on the terrace');
    const caseId = core.createCase({ title: 'QuickCash', timezone: 'Asia/Kolkata' }).id;
    const handlers = createHandlers(core, {});
    const api = buildSakshyaApi(
      (name: ApiName, input: unknown) => dispatchCall(handlers, name, input),
      () => () => undefined,
    );
    await api.incident.add({
      caseId,
      kind: 'call',
      at: '2024-05-12T21:15',
      number: '9876543210',
      text: 'Shouted',
    });
    const page = await api.timeline.list({ caseId, search: 'shouted' });
    if (!page.ok) throw new Error(page.error.code);
    const entry = page.value.entries[0]!;
    const changed = vi.fn();

    render(
      <I18nextProvider i18n={createI18n('en')}>
        <ApiContext value={api}>
          <EntryRow
            caseId={caseId}
            entry={entry}
            who="+919876543210"
            onOpenEvidence={vi.fn()}
            onChanged={changed}
          />
        </ApiContext>
      </I18nextProvider>,
    );
    expect(screen.getByText('21:15')).toBeTruthy();
    expect(screen.getByText('Shouted', { selector: 'mark' })).toBeTruthy();
    expect(
      screen.getByText('RBI rules do not allow recovery calls before 8 am or after 7 pm.'),
    ).toBeTruthy();
    fireEvent.click(screen.getByText('Rule broken'));
    expect(screen.getByText(/RBI circular RBI\/2022-23\/108/)).toBeTruthy();
    expect(screen.getByText(/a recovery call at 9:15 pm on 12 May 2024/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    const confirm = screen.getByRole('button', { name: 'Set aside' });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Why do you want to set this flag aside?'), {
      target: { value: 'It was my cousin calling' },
    });
    fireEvent.click(confirm);
    await waitFor(() => {
      expect(changed).toHaveBeenCalled();
    });
    const logged = core.requireVault().custody(`event:${entry.id}`);
    expect(logged.map((item) => item.action)).toEqual(['incident.logged', 'flag.dismissed']);
  });
});
