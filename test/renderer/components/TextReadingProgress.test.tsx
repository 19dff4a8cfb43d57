// The calm line on the Evidence tab tells the truth while the background reading waits for an
// import to finish (core/ocr/import-quiet.ts): it says the text will be read next, after her
// files are added and their previews made, not that it is being read. From a real import into a
// real vault, through the real handlers and their `text:progress` event, to the component, in
// English and in Hindi. The quiet time is set long, so the reading is still waiting whenever the
// page is looked at, however loaded the machine; "Don't read the text" (not "Stop reading":
// nothing is being read yet) then ends the wait, and the line goes away.
// The real core needs Node's own typed arrays and crypto, so the DOM is added over Node (as the
// steps screen tests do) rather than swapping in a jsdom environment.
import '../screens/steps-dom-over-node';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import crypto from 'node:crypto';
import path from 'node:path';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { buildSakshyaApi, type ApiName, type EventName } from '../../../shared/api-contract';
import { ApiContext } from '../../../renderer/src/api/api-context';
import { TextReadingProgress } from '../../../renderer/src/components/TextReadingProgress';
import { createI18n, type Language } from '../../../renderer/src/i18n';
import { makeTempDir } from '../../helpers/temp-dir';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const SCREENSHOTS = [
  path.join(FIXTURES, 'screenshots/english-light.png'),
  path.join(FIXTURES, 'screenshots/hindi-dark.png'),
];

const cores: AppCore[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

async function importAndShow(language: Language) {
  // Ten minutes of quiet: the reading cannot begin during the test, whatever the load.
  const core = new AppCore({
    vaultDir: path.join(makeTempDir(), 'vault'),
    scryptLogN: 10,
    textQuietMs: 600_000,
  });
  cores.push(core);
  await core.create('monsoon tea on the terrace');
  const { id: caseId } = core.createCase({ title: 'QuickCash', timezone: 'Asia/Kolkata' });
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const handlers = createHandlers(core, {
    emit: (event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  });
  const api = buildSakshyaApi(
    (name: ApiName, input: unknown) => dispatchCall(handlers, name, input),
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  );
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <ApiContext value={api}>
        <TextReadingProgress />
      </ApiContext>
    </I18nextProvider>,
  );
  // The import's progress events update the line: inside act, as React asks.
  const results = await act(() =>
    core.importEvidence({ taskId: crypto.randomUUID(), caseId, paths: SCREENSHOTS }),
  );
  expect(results.map((result) => result.status)).toEqual(['imported', 'imported']);
  return core;
}

describe('the text reading line while an import keeps the reading waiting', () => {
  it.each([
    [
      'en',
      'The text in 2 screenshots will be read next, after the files are added and their previews are ready.',
      "Don't read the text",
    ],
    ['hi', 'फ़ाइलें जुड़ने और उनकी झलक तैयार होने के बाद 2 स्क्रीनशॉट की लिखावट पढ़ी जाएगी।', 'लिखावट न पढ़ें'],
  ] as const)(
    'says the text will be read after the import, not that it is being read (%s)',
    async (language, words, stop) => {
      const core = await importAndShow(language);
      const line = await screen.findByTestId('text-reading-progress', {}, { timeout: 20_000 });
      await waitFor(
        () => {
          expect(line.textContent).toContain(words);
        },
        { timeout: 20_000 },
      );
      expect(line.dataset.state).toBe('waiting');
      // Nothing is being read: no spinner, and the core agrees.
      expect(line.querySelector('.viewer-spinner')).toBeNull();
      expect(core.text.status()).toMatchObject({ done: 0, total: 2, state: 'waiting' });
      expect(core.text.picturesBegun()).toBe(0);

      // One action, in words for a wait.
      expect(
        within(line)
          .getAllByRole('button')
          .map((button) => button.textContent),
      ).toEqual([stop]);
      fireEvent.click(screen.getByRole('button', { name: stop }));
      await waitFor(
        () => {
          expect(screen.queryByTestId('text-reading-progress')).toBeNull();
        },
        { timeout: 20_000 },
      );
      expect(core.text.status().state).toBe('cancelled');
      expect(core.text.picturesBegun()).toBe(0);
    },
    60_000,
  );
});
