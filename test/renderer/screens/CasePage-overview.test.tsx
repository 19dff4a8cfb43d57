// The Overview lists who is tied to the harasser from the core's people model: after Meera says in
// "Who is this?" that 'Agent Ravi' is the harasser, the Overview names him as an agent, in English
// and in Hindi, instead of "None added yet" (it used to read only the case form's names). From a
// real chat export in a real vault, through the real handlers, to the page.
// The real core needs Node's own typed arrays and crypto, so the DOM is added over Node (as the
// steps screen tests do) rather than swapping in a jsdom environment.
import './steps-dom-over-node';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore } from '../../../main/core/app-core';
import { openCoreWithChat } from '../helpers/core-with-chat';
import { ApiContext } from '../../../renderer/src/api/api-context';
import { createI18n, type Language } from '../../../renderer/src/i18n';
import { CasePage } from '../../../renderer/src/screens/CasePage';

const WORDS = {
  en: { agents: 'Agents', numbers: 'Phone numbers', none: 'None added yet' },
  hi: { agents: 'एजेंट', numbers: 'फ़ोन नंबर', none: 'अभी कुछ नहीं जोड़ा गया' },
} as const;

const cores: AppCore[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

async function makeCaseWithChat() {
  return openCoreWithChat(cores, {
    title: 'XYZ Loans',
    timezone: 'Asia/Kolkata',
    counterparty: {
      name: 'XYZ Loans',
      kind: 'loan-app',
      numbers: ['098765 43210'],
      agentNames: [],
      handles: [],
    },
  });
}

/** The value shown beside a label of the Overview's facts. */
function readFact(label: string): string {
  const term = screen.getAllByText(label).find((element) => element.tagName === 'DT');
  const value = term?.nextElementSibling;
  if (value?.tagName !== 'DD') throw new Error(`no fact labelled ${label}`);
  return value.textContent;
}

describe('the Overview of a case', () => {
  it.each(['en', 'hi'] as const)(
    'names the agent she tied to the harasser in "Who is this?" (%s)',
    async (language: Language) => {
      const { core, api, current } = await makeCaseWithChat();
      const tied = await api.people.tie({
        caseId: current.id,
        sender: 'Agent Ravi',
        as: 'harasser',
      });
      expect(tied.ok).toBe(true);
      render(
        <I18nextProvider i18n={createI18n(language)}>
          <ApiContext value={api}>
            <CasePage current={core.getCase(current.id)} onEdit={() => undefined} />
          </ApiContext>
        </I18nextProvider>,
      );
      const words = WORDS[language];
      await waitFor(
        () => {
          expect(readFact(words.agents)).toBe('Agent Ravi');
        },
        { timeout: 20_000 },
      );
      // The case form's number is the harasser's too, grouped as people write it.
      expect(readFact(words.numbers)).toBe('+91 98765 43210');
      expect(readFact(words.agents)).not.toContain(words.none);
    },
    60_000,
  );
});
