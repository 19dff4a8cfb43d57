import { configure, render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { App } from '../../../renderer/src/App';
import { createI18n } from '../../../renderer/src/i18n';
import { createMemoryApi, type MemoryApi, type MemoryState } from './memory-api';

// findBy… waits 1 s by default. CI runs two test files at once on two cores, and on a loaded machine
// the first screen of a file (its lazy chunks, the translations) once took longer than that to
// appear. Only a limit on waiting: nothing here asserts how long anything takes.
configure({ asyncUtilTimeout: 10_000 });

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
