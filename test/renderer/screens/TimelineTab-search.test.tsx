// The timeline's search says what it searches, in English and in Hindi: besides messages, notes and
// file names, the words read from screenshots (the core's search index holds them), which Meera
// would not guess. The search then runs over the real handlers and a real vault.
// The real core needs Node's own typed arrays and crypto, so the DOM is added over Node (as the
// steps screen tests do) rather than swapping in a jsdom environment.
import './steps-dom-over-node';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import path from 'node:path';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { buildSakshyaApi, type ApiName } from '../../../shared/api-contract';
import { ApiContext } from '../../../renderer/src/api/api-context';
import { createI18n, type Language } from '../../../renderer/src/i18n';
import { TimelineTab } from '../../../renderer/src/screens/TimelineTab';
import { makeTempDir } from '../../helpers/temp-dir';

const cores: AppCore[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

async function renderTimeline(language: Language) {
  const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
  cores.push(core);
  await core.create('monsoon tea on the terrace');
  const current = core.createCase({ title: 'QuickCash', timezone: 'Asia/Kolkata' });
  const handlers = createHandlers(core, {});
  // The timeline's rows are drawn by a virtualizer, which needs layout; what the search found is
  // read from the core's answers instead.
  const found: { search: string; entries: string[] }[] = [];
  const api = buildSakshyaApi(
    async (name: ApiName, input: unknown) => {
      const result = await dispatchCall(handlers, name, input);
      const search = (input as { search?: string }).search;
      if (name === 'timeline:list' && search !== undefined && result.ok) {
        const page = result.value as { entries: { text: string }[] };
        found.push({ search, entries: page.entries.map((entry) => entry.text) });
      }
      return result;
    },
    () => () => undefined,
  );
  for (const [at, text] of [
    ['2024-05-12T21:15', 'Shouted about the marmalade money'],
    ['2024-05-13T10:00', 'Called my brother'],
  ] as const) {
    await api.incident.add({ caseId: current.id, kind: 'call', at, number: '9876543210', text });
  }
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <ApiContext value={api}>
        <TimelineTab current={current} />
      </ApiContext>
    </I18nextProvider>,
  );
  return found;
}

describe('the timeline search', () => {
  it.each([
    ['en', 'Search messages, notes and file names, and words in screenshots'],
    ['hi', 'संदेश, नोट, फ़ाइलों के नाम और स्क्रीनशॉट में लिखे शब्द खोजें'],
  ] as const)(
    'says it also finds words in screenshots, and searches the case (%s)',
    async (language, label) => {
      const found = await renderTimeline(language);
      const field = await screen.findByLabelText(label, {}, { timeout: 20_000 });
      fireEvent.change(field, { target: { value: 'marmalade' } });
      await waitFor(
        () => {
          expect(found.at(-1)).toEqual({
            search: 'marmalade',
            entries: ['Shouted about the marmalade money'],
          });
        },
        { timeout: 10_000 },
      );
    },
    60_000,
  );
});
