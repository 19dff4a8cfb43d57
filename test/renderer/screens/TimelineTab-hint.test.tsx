// When the timeline has messages but none is tied to the harasser, it says why in one sentence and
// offers the fix; that fix ("Answer who the senders are") is then the one main button, and "Log a
// call" steps back to a plain one, in English and in Hindi. Without the hint, "Log a call" is the
// main button. From a real chat export in a real vault, through the real handlers, to the tab.
// The real core needs Node's own typed arrays and crypto, so the DOM is added over Node (as the
// steps screen tests do) rather than swapping in a jsdom environment.
import './steps-dom-over-node';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore } from '../../../main/core/app-core';
import { openCoreWithChat } from '../helpers/core-with-chat';
import { ApiContext } from '../../../renderer/src/api/api-context';
import { createI18n, type Language } from '../../../renderer/src/i18n';
import { TimelineTab } from '../../../renderer/src/screens/TimelineTab';

const WORDS = {
  en: {
    fix: 'Answer who the senders are',
    logCall: 'Log a call',
    harasser: 'The harasser',
    whoRavi: "Who is 'Agent Ravi'?",
    whoMeera: "Who is 'Meera'?",
    save: 'Save',
    several: 'Add several calls',
    period: 'Showing from Sunday, 12 May 2024: the last three months that have entries.',
  },
  hi: {
    fix: 'बताइए कि भेजने वाले कौन हैं',
    logCall: 'कॉल दर्ज करें',
    harasser: 'परेशान करने वाला',
    whoRavi: "'Agent Ravi' कौन है?",
    whoMeera: "'Meera' कौन है?",
    save: 'सहेजें',
    several: 'कई कॉल जोड़ें',
    period: 'रविवार, 12 मई 2024 से दिखा रहे हैं: प्रविष्टियों वाले आख़िरी तीन महीने।',
  },
} as const;

const cores: AppCore[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

async function renderTimeline(language: Language, tieAgent: boolean) {
  const { api, current } = await openCoreWithChat(cores, {
    title: 'XYZ Loans',
    timezone: 'Asia/Kolkata',
  });
  if (tieAgent) {
    const tied = await api.people.tie({ caseId: current.id, sender: 'Agent Ravi', as: 'harasser' });
    expect(tied.ok).toBe(true);
  }
  const view = render(
    <I18nextProvider i18n={createI18n(language)}>
      <ApiContext value={api}>
        <TimelineTab current={current} />
      </ApiContext>
    </I18nextProvider>,
  );
  return view.container;
}

function readMainButtons(container: HTMLElement): string[] {
  return [...container.querySelectorAll('.button.primary')].map((button) => button.textContent);
}

describe('the main button of the timeline', () => {
  it.each(['en', 'hi'] as const)(
    'is the fix when the timeline says no sender is tied to the harasser yet (%s)',
    async (language) => {
      const container = await renderTimeline(language, false);
      const words = WORDS[language];
      const hint = await screen.findByTestId('flag-hint', {}, { timeout: 20_000 });
      expect(hint.dataset.code).toBe('no-senders-tied');
      await screen.findByRole('button', { name: words.fix });
      expect(readMainButtons(container)).toEqual([words.fix]);
      // "Log a call" is still there, as a plain button.
      expect(screen.getByRole('button', { name: words.logCall }).className).toBe('button');
      // No contact from the case's counterparty is known, so the chart's period is not said to
      // be "when the contacts began".
      const period = await screen.findByText(words.period, { exact: false });
      expect(period.className).toContain('timeline-period');
    },
    60_000,
  );

  it.each(['en', 'hi'] as const)(
    'is "Log a call" once the senders are tied and nothing needs fixing (%s)',
    async (language) => {
      const container = await renderTimeline(language, true);
      const words = WORDS[language];
      await screen.findByRole('button', { name: words.logCall }, { timeout: 20_000 });
      await waitFor(
        () => {
          expect(readMainButtons(container)).toEqual([words.logCall]);
        },
        { timeout: 20_000 },
      );
      expect(screen.queryByTestId('flag-hint')).toBeNull();
    },
    60_000,
  );

  it.each(['en', 'hi'] as const)(
    'keeps the other questions in view after the first answer ends the hint (%s)',
    async (language) => {
      await renderTimeline(language, false);
      const words = WORDS[language];
      fireEvent.click(await screen.findByRole('button', { name: words.fix }, { timeout: 20_000 }));
      const ravi = (await screen.findAllByTestId('sender-question')).find((item) =>
        item.textContent.includes(words.whoRavi),
      );
      if (ravi === undefined) throw new Error('no question about Agent Ravi');
      fireEvent.click(within(ravi).getByRole('button', { name: words.harasser }));
      // The timeline reads the people again: a sender is tied to the harasser, so the hint goes.
      await waitFor(
        () => {
          expect(screen.queryByTestId('flag-hint')).toBeNull();
        },
        { timeout: 20_000 },
      );
      // Agent Ravi is answered; Meera's question is still there to answer.
      await waitFor(
        () => {
          expect(screen.getAllByTestId('sender-question').map((item) => item.textContent)).toEqual([
            expect.stringContaining(words.whoMeera),
          ]);
        },
        { timeout: 20_000 },
      );
    },
    60_000,
  );

  it.each(['en', 'hi'] as const)(
    'is the form\u2019s Save while "Log a call" is open, its "one or several" a switch (%s)',
    async (language) => {
      const container = await renderTimeline(language, true);
      const words = WORDS[language];
      const open = await screen.findByRole('button', { name: words.logCall }, { timeout: 20_000 });
      fireEvent.click(open);
      await screen.findByRole('button', { name: words.save }, { timeout: 20_000 });
      expect(readMainButtons(container)).toEqual([words.save]);
      const several = screen.getByRole('button', { name: words.several });
      expect(several.getAttribute('aria-pressed')).toBe('false');
      fireEvent.click(several);
      await waitFor(() => {
        expect(several.getAttribute('aria-pressed')).toBe('true');
      });
      // Its form's one main button: check the list of calls before adding it.
      expect(readMainButtons(container)).toHaveLength(1);
    },
    60_000,
  );
});

describe('the Log a call form', () => {
  it.each([
    ['en', 'Log a call', 'That is 7 Dec 2026, 9:15 pm, on the case', 'India (IST, UTC+5:30)'],
    ['hi', 'कॉल दर्ज करें', 'यानी 7 दिस॰ 2026, रात 9:15, केस की घड़ी के अनुसार', 'भारत (IST, UTC+5:30)'],
  ] as const)(
    'writes the date and time she typed in words, as the fields show mm/dd/yyyy (%s)',
    async (language, logCall, when, zone) => {
      await renderTimeline(language, true);
      fireEvent.click(await screen.findByRole('button', { name: logCall }, { timeout: 20_000 }));
      const line = await screen.findByTestId('incident-when', {}, { timeout: 20_000 });
      const form = line.closest('form');
      if (form === null) throw new Error('no form');
      const date = form.querySelector<HTMLInputElement>('input[type=date]');
      const time = form.querySelector<HTMLInputElement>('input[type=time]');
      if (date === null || time === null) throw new Error('no date or time field');
      fireEvent.change(date, { target: { value: '2026-12-07' } });
      fireEvent.change(time, { target: { value: '21:15' } });
      await waitFor(() => {
        expect(line.textContent).toContain(when);
      });
      expect(line.textContent).toContain(zone);
      // No zone code such as Asia/Kolkata.
      expect(line.textContent).not.toContain('Asia/');
    },
    60_000,
  );
});
