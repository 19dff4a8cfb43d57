// The Next steps card and the Steps tab over the real core: a real vault behind the real handlers,
// reached through the contract's own dispatch, as the web transport does. The file runs in Node
// with a jsdom window added for the DOM only: vitest's jsdom environment swaps typed-array globals
// that the vault's key code checks, so a real vault cannot be created under it.
import './steps-dom-over-node';
import path from 'node:path';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { addDays } from '../../../main/core/time/calendar-date';
import { setCaseStep } from '../../../main/core/steps/case-steps';
import { ApiContext } from '../../../renderer/src/api/api-context';
import { createI18n } from '../../../renderer/src/i18n';
import { takeStepFocus } from '../../../renderer/src/lib/steps-focus';
import { formatStepDate } from '../../../renderer/src/lib/steps-format';
import { NextStepsPanel } from '../../../renderer/src/screens/NextStepsPanel';
import { StepsTab } from '../../../renderer/src/screens/StepsTab';
import { buildSakshyaApi } from '../../../shared/api-contract';
import type { Case } from '../../../shared/domain';
import { makeTempDir } from '../../helpers/temp-dir';

const cores: AppCore[] = [];
afterEach(() => {
  cleanup();
  takeStepFocus();
  for (const core of cores.splice(0)) void core.close();
});

async function setUp(): Promise<{
  core: AppCore;
  current: Case;
  api: ReturnType<typeof buildSakshyaApi>;
}> {
  const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
  cores.push(core);
  await core.create('monsoon tea on the terrace');
  const current = core.createCase({
    title: 'QuickCash',
    timezone: 'Asia/Kolkata',
    counterparty: { name: 'QuickCash', kind: 'loan-app', numbers: ['+919876543210'] },
  });
  const handlers = createHandlers(core);
  const api = buildSakshyaApi(
    (name, input) => dispatchCall(handlers, name, input),
    () => () => undefined,
  );
  return { core, current, api };
}

function todayInKolkata(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(new Date());
}

describe('Next steps card', () => {
  it('shows at most three steps, the Ombudsman step first with the day it opens, and goes to a step', async () => {
    const { core, current, api } = await setUp();
    const complained = addDays(todayInKolkata(), -3);
    setCaseStep(core.requireVault(), current.id, 'loan-recovery/complain-to-lender', {
      status: 'done',
      date: complained,
    });
    const opened: string[] = [];
    render(
      <ApiContext value={api}>
        <I18nextProvider i18n={createI18n('en')}>
          <NextStepsPanel current={current} onOpenSteps={(ref) => opened.push(ref)} />
        </I18nextProvider>
      </ApiContext>,
    );
    const list = await screen.findByRole('list');
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    const opensOn = formatStepDate(addDays(complained, 31), 'en', todayInKolkata());
    expect(items[0]?.textContent).toContain('Complain to the RBI Ombudsman');
    expect(items[0]?.textContent).toContain(opensOn);
    await userEvent.click(within(items[0]!).getByRole('button'));
    expect(opened).toEqual(['loan-recovery/complain-to-rbi-ombudsman']);
  });
});

describe('Steps tab', () => {
  it('marks a step done with a date and reference, and the progress bar moves', async () => {
    const { core, current, api } = await setUp();
    const user = userEvent.setup();
    render(
      <ApiContext value={api}>
        <I18nextProvider i18n={createI18n('en')}>
          <StepsTab current={current} />
        </I18nextProvider>
      </ApiContext>,
    );
    const bar = await screen.findByRole('progressbar', { name: 'Case progress' });
    expect(bar.getAttribute('value')).toBe('0');
    const card = screen
      .getAllByTestId('step-card')
      .find((element) => element.textContent.includes("Complain in writing to the lender's"));
    if (card === undefined) throw new Error('no lender card');
    await user.click(within(card).getByRole('radio', { name: 'Done' }));
    const date = within(card).getByLabelText('Date you did it');
    await user.clear(date);
    await user.type(date, '2024-05-20');
    await user.type(within(card).getByLabelText('Complaint or ticket number'), 'GRV-4471');
    await user.click(within(card).getByRole('button', { name: 'Save this step' }));
    await within(card).findByText('Saved.');
    await waitFor(() => {
      expect(bar.getAttribute('value')).toBe('1');
    });
    const saved = core
      .requireVault()
      .custody()
      .filter((entry) => entry.action === 'step.updated');
    expect(saved[0]?.details).toMatchObject({
      step: 'loan-recovery/complain-to-lender',
      status: 'done',
      references: ['reference-number=GRV-4471'],
    });
    expect(within(card).getByText(/Done on 20 May 2024/)).toBeTruthy();
  });
});
