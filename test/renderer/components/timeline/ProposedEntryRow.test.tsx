// A message read from a screenshot, as the timeline list shows it before it is confirmed, over the
// real handlers and a real vault: marked "Proposed", saying it counts only once confirmed, with
// "Confirm" confirming it through the API and "Correct" opening the screenshot; in English and Hindi.
import '../../screens/steps-dom-over-node';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import crypto from 'node:crypto';
import path from 'node:path';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatchCall } from '../../../../main/api/dispatch';
import { createHandlers } from '../../../../main/api/handlers';
import { AppCore } from '../../../../main/core/app-core';
import { storeProposedMessages } from '../../../../main/core/ocr/screenshot-messages';
import { buildSakshyaApi, type ApiName } from '../../../../shared/api-contract';
import { ApiContext } from '../../../../renderer/src/api/api-context';
import { ProposedEntryRow } from '../../../../renderer/src/components/timeline/ProposedEntryRow';
import { createI18n } from '../../../../renderer/src/i18n';
import { makeTempDir } from '../../../helpers/temp-dir';

const SCREENSHOT = path.resolve(__dirname, '../../../fixtures/screenshots/english-light.png');

const cores: AppCore[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

async function proposeOne() {
  // Text reading off: the proposal is stored directly, as the reading would store it.
  const core = new AppCore({
    vaultDir: path.join(makeTempDir(), 'vault'),
    scryptLogN: 10,
    readText: false,
  });
  cores.push(core);
  await core.create('monsoon tea on the terrace');
  const caseId = core.createCase({ title: 'QuickCash', timezone: 'Asia/Kolkata' }).id;
  const [imported] = await core.importEvidence({
    taskId: crypto.randomUUID(),
    caseId,
    paths: [SCREENSHOT],
  });
  const evidenceId = (imported?.status === 'imported' ? imported.evidenceId : null) ?? '';
  storeProposedMessages(core.requireVault(), evidenceId, '+91 98765 43210', [
    {
      position: 0,
      side: 'theirs',
      text: 'PAY NOW or we visit your office',
      at: '2024-05-12T16:11:00.000Z',
      localTime: '2024-05-12 21:41',
      dayShown: true,
      timeShown: '9:41 pm',
      box: { x: 10, y: 10, width: 200, height: 40 },
    },
  ]);
  const handlers = createHandlers(core, {});
  const api = buildSakshyaApi(
    (name: ApiName, input: unknown) => dispatchCall(handlers, name, input),
    () => () => undefined,
  );
  const page = await api.timeline.list({ caseId });
  if (!page.ok) throw new Error(page.error.code);
  const entry = page.value.entries.find((one) => one.source === 'proposed');
  if (entry === undefined) throw new Error('no proposed entry on the page');
  return { core, api, caseId, evidenceId, entry };
}

describe('ProposedEntryRow', () => {
  it('marks the message as proposed, confirms it in one click, and opens the screenshot to correct it', async () => {
    const { api, caseId, evidenceId, entry } = await proposeOne();
    expect(entry).toMatchObject({ side: 'theirs', evidenceIds: [evidenceId], flags: [] });
    const changed = vi.fn();
    const open = vi.fn();
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <ApiContext value={api}>
          <ProposedEntryRow
            caseId={caseId}
            entry={entry}
            onOpenEvidence={open}
            onChanged={changed}
          />
        </ApiContext>
      </I18nextProvider>,
    );
    expect(screen.getByText('21:41')).toBeTruthy();
    expect(screen.getByText('Proposed')).toBeTruthy();
    expect(screen.getByText('From +91 98765 43210, as shown in a screenshot')).toBeTruthy();
    expect(screen.getByText(/It counts only once you confirm it\./)).toBeTruthy();
    expect(document.querySelector('[data-proposed="true"]')).not.toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Correct' }));
    expect(open).toHaveBeenCalledWith(entry);

    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => {
      expect(changed).toHaveBeenCalled();
    });
    const after = await api.timeline.list({ caseId });
    if (!after.ok) throw new Error(after.error.code);
    expect(after.value.entries.map((one) => [one.source, one.text])).toContainEqual([
      'event',
      'PAY NOW or we visit your office',
    ]);
    expect(after.value.entries.some((one) => one.source === 'proposed')).toBe(false);
  });

  it('says all of it in Hindi', async () => {
    const { api, caseId, entry } = await proposeOne();
    render(
      <I18nextProvider i18n={createI18n('hi')}>
        <ApiContext value={api}>
          <ProposedEntryRow
            caseId={caseId}
            entry={{ ...entry, side: 'mine' }}
            onOpenEvidence={vi.fn()}
            onChanged={vi.fn()}
          />
        </ApiContext>
      </I18nextProvider>,
    );
    expect(screen.getByText('प्रस्तावित')).toBeTruthy();
    expect(screen.getByText('आपने भेजा, जैसा स्क्रीनशॉट में दिखा')).toBeTruthy();
    expect(screen.getByText(/आपकी पुष्टि के बाद ही यह गिना जाएगा/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'पुष्टि करें' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'सुधारें' })).toBeTruthy();
  });
});
