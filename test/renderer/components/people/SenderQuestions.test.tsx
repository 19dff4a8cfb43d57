// @vitest-environment jsdom
// "Who is this?" asks about a number that only called (from a phone's call log) as it does about
// a chat sender, saying how many calls, in English and in Hindi; answering ties it through
// people:tie. The double answers through the real contract's schemas.
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { API, buildSakshyaApi, type ApiName } from '../../../../shared/api-contract';
import type { PeopleOverview } from '../../../../shared/contract/people';
import { ApiContext } from '../../../../renderer/src/api/api-context';
import { SenderQuestions } from '../../../../renderer/src/components/people/SenderQuestions';
import { createI18n, type Language } from '../../../../renderer/src/i18n';

afterEach(cleanup);

const CASE_ID = '00000000-0000-4000-8000-000000000001';

const OVERVIEW: PeopleOverview = {
  people: [],
  senders: [
    { name: '+919812345678', messages: 0, calls: 3, tie: null },
    { name: 'Agent Ravi', messages: 2, tie: null },
    { name: '+919876543210', messages: 4, calls: 6, tie: null },
  ],
  chats: [],
  flagHint: null,
};

function renderQuestions(language: Language) {
  const calls: { name: ApiName; input: unknown }[] = [];
  const api = buildSakshyaApi(
    (name, input) => {
      calls.push({ name, input });
      if (!API[name].input.safeParse(input).success) {
        return Promise.resolve({ ok: false, error: { code: 'INVALID_INPUT', message: 'bad' } });
      }
      if (name === 'people:list')
        return Promise.resolve({ ok: true, value: API[name].output.parse(OVERVIEW) });
      return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'not here' } });
    },
    () => () => undefined,
  );
  render(
    <ApiContext value={api}>
      <I18nextProvider i18n={createI18n(language)}>
        <SenderQuestions caseId={CASE_ID} />
      </I18nextProvider>
    </ApiContext>,
  );
  return { calls, user: userEvent.setup() };
}

async function readQuestions(): Promise<string[]> {
  const items = await screen.findAllByTestId('sender-question');
  return items.map((item) => item.querySelector('.sender-ask')?.textContent ?? '');
}

describe('who got in touch, for numbers that only called', () => {
  it('asks about a number from the call log with its count of calls', async () => {
    const { calls, user } = renderQuestions('en');
    expect(await readQuestions()).toEqual([
      "Who is '+91 98123 45678'? (3 calls)",
      "Who is 'Agent Ravi'? (2 messages)",
      "Who is '+91 98765 43210'? (4 messages) (6 calls)",
    ]);
    const [first] = await screen.findAllByTestId('sender-question');
    if (first === undefined) throw new Error('no question asked');
    await user.click(within(first).getByRole('button', { name: 'The harasser' }));
    expect(calls.find((call) => call.name === 'people:tie')?.input).toEqual({
      caseId: CASE_ID,
      sender: '+919812345678',
      as: 'harasser',
    });
  });

  it('says the same in Hindi', async () => {
    renderQuestions('hi');
    const questions = await readQuestions();
    expect(questions[0]).toContain('(3 कॉल)');
    expect(questions[2]).toContain('(4 मैसेज) (6 कॉल)');
  });
});

describe('the answers to "Who is this?"', () => {
  // Styling "The harasser" as the main button nudged her towards it before she had thought.
  it.each([
    ['en', ['The harasser', 'Someone else', 'Me']],
    ['hi', ['परेशान करने वाला', 'कोई और', 'मैं']],
  ] as const)('are three equal choices until she picks one (%s)', async (language, names) => {
    renderQuestions(language);
    const [first] = await screen.findAllByTestId('sender-question');
    if (first === undefined) throw new Error('no question asked');
    const buttons = within(first).getAllByRole('button');
    expect(buttons.map((button) => button.textContent)).toEqual(names);
    expect(new Set(buttons.map((button) => button.className))).toEqual(new Set(['button']));
  });
});
