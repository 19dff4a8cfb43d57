import { render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { App } from '../../../renderer/src/App';
import { createI18n } from '../../../renderer/src/i18n';
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
