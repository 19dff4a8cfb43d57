import { render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { App } from '../../../renderer/src/App';
import { createI18n } from '../../../renderer/src/i18n';
// The app loads its main screens lazily (App.tsx). In a test the first lazy load also transforms the
// whole main-screen module graph, inside the wait of whichever findBy… first looks for a main
// screen: on a loaded machine that took over 10 s ("Opening Sakshya…" still shown). Importing it here
// moves that cost to the file's import, where no wait limit applies; the app still loads it lazily.
import '../../../renderer/src/screens/MainLayout';
import { createMemoryApi, type MemoryApi, type MemoryState } from './memory-api';

// How long findBy… waits is set for every test file in test/helpers/wait-limits.ts.

export interface RenderedApp extends RenderResult {
  memory: MemoryApi;
  user: UserEvent;
}

export function renderApp(initial: Partial<MemoryState> = {}): RenderedApp {
  const memory = createMemoryApi(initial);
  const user = userEvent.setup();
  const result = render(
    <App api={memory.api} i18n={createI18n(initial.settings?.language ?? 'en')} />,
  );
  return { ...result, memory, user };
}
