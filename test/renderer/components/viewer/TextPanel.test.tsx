// @vitest-environment jsdom
// The viewer's text panel for a camera photo the background reading left unread: "Read the text
// anyway" asks for it (text:readAnyway), the panel says it is being read, and the text shows as
// soon as the background reading has read it (the viewer asks again at each text:progress), in
// English and in Hindi. Rendered inside the real EvidenceViewer over the contract-checked double.
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvidenceText } from '../../../../shared/contract/text';
import { ApiContext } from '../../../../renderer/src/api/api-context';
import { EvidenceViewer } from '../../../../renderer/src/components/EvidenceViewer';
import { createI18n, type Language } from '../../../../renderer/src/i18n';
import {
  CASE_ID,
  createViewerMemory,
  makeDetails,
  type ViewerMemory,
} from '../../helpers/viewer-api';

afterEach(() => {
  cleanup();
});

const PHOTO = makeDetails(1, {
  originalName: 'IMG_4471.jpg',
  mediaType: 'image/jpeg',
  device: { make: 'Canon', model: 'Canon EOS 200D', software: null },
});

function makeText(extra: Partial<EvidenceText>): EvidenceText {
  return {
    evidenceId: PHOTO.id,
    status: 'not-a-screenshot',
    lang: null,
    text: '',
    confidence: null,
    reason:
      'Not a screenshot: this looks like a camera photo, so its text was not read. You can ask for it to be read.',
    width: 0,
    height: 0,
    words: [],
    matches: [],
    facts: [],
    ...extra,
  };
}

const READ = makeText({
  status: 'read',
  lang: 'eng',
  text: 'Send the marmalade money today',
  confidence: 91,
  reason: '',
  width: 800,
  height: 600,
  words: [{ text: 'marmalade', bbox: { x0: 100, y0: 50, x1: 220, y1: 80 } }],
});

async function openPhoto(
  language: Language,
): Promise<{ memory: ViewerMemory; panel: HTMLElement }> {
  const memory = createViewerMemory([PHOTO]);
  memory.texts.set(PHOTO.id, makeText({}));
  render(
    <ApiContext value={memory.api}>
      <I18nextProvider i18n={createI18n(language)}>
        <EvidenceViewer
          caseId={CASE_ID}
          evidenceIds={[PHOTO.id]}
          index={0}
          onIndexChange={() => undefined}
          onClose={() => undefined}
        />
      </I18nextProvider>
    </ApiContext>,
  );
  const dialog = await screen.findByRole('dialog');
  return { memory, panel: await within(dialog).findByTestId('viewer-text') };
}

function countCalls(memory: ViewerMemory, name: string): number {
  return memory.calls.filter((call) => call.name === name).length;
}

describe('the text panel of a camera photo', () => {
  it('reads it when she presses "Read the text anyway", says so while it is read, and then shows its text', async () => {
    const user = userEvent.setup();
    const { memory, panel } = await openPhoto('en');
    expect(panel.dataset.status).toBe('not-a-screenshot');
    expect(within(panel).getByTestId('viewer-text-status').textContent).toBe(
      'This looks like a camera photo, not a screenshot, so its text was not read.',
    );

    await user.click(within(panel).getByRole('button', { name: 'Read the text anyway' }));
    expect(memory.calls.filter((call) => call.name === 'text:readAnyway')).toEqual([
      { name: 'text:readAnyway', input: { evidenceId: PHOTO.id } },
    ]);
    const reading = await within(panel).findByRole('status');
    expect(reading.textContent).toContain(
      'Reading the text in this picture… This can take a minute.',
    );
    expect(within(panel).queryByRole('button', { name: 'Read the text anyway' })).toBeNull();

    // Another picture read first: still waiting, the panel asks again and keeps saying so.
    const asked = countCalls(memory, 'evidence:text');
    memory.emit('text:progress', { done: 1, total: 3, state: 'reading' });
    await expect.poll(() => countCalls(memory, 'evidence:text')).toBe(asked + 1);
    expect(within(panel).getByTestId('viewer-text-reading')).toBeTruthy();

    // The background reading reads the photo.
    memory.texts.set(PHOTO.id, READ);
    memory.emit('text:progress', { done: 2, total: 3, state: 'reading' });
    const shown = await screen.findByText('Send the marmalade money today');
    const read = screen.getByTestId('viewer-text');
    expect(read.contains(shown)).toBe(true);
    expect(read.dataset.status).toBe('read');
    expect(within(read).getByTestId('viewer-text-label').textContent).toBe(
      'Read by the computer, may contain mistakes',
    );
    expect(within(read).getByRole('button', { name: 'Copy text' })).toBeTruthy();
    expect(within(read).queryByTestId('viewer-text-reading')).toBeNull();

    // Once read, later progress is not its business: no more asking.
    const after = countCalls(memory, 'evidence:text');
    memory.emit('text:progress', { done: 3, total: 3, state: 'done' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(countCalls(memory, 'evidence:text')).toBe(after);
  });

  it('offers the button again when the reading is stopped before the photo is read', async () => {
    const user = userEvent.setup();
    const { memory, panel } = await openPhoto('en');
    await user.click(within(panel).getByRole('button', { name: 'Read the text anyway' }));
    await within(panel).findByTestId('viewer-text-reading');
    memory.emit('text:progress', { done: 0, total: 1, state: 'cancelled' });
    await within(screen.getByTestId('viewer-text')).findByRole('button', {
      name: 'Read the text anyway',
    });
    expect(screen.queryByTestId('viewer-text-reading')).toBeNull();
  });

  it('says plainly when the photo cannot be read now, and keeps the button', async () => {
    const user = userEvent.setup();
    const { memory, panel } = await openPhoto('en');
    memory.readAnyway.queued = false;
    await user.click(within(panel).getByRole('button', { name: 'Read the text anyway' }));
    await within(panel).findByText('The text could not be read now. Nothing has changed.');
    expect(within(panel).getByRole('button', { name: 'Read the text anyway' })).toBeTruthy();
    expect(within(panel).queryByTestId('viewer-text-reading')).toBeNull();
  });

  it('speaks Hindi when the app does', async () => {
    const user = userEvent.setup();
    const { memory, panel } = await openPhoto('hi');
    expect(within(panel).getByTestId('viewer-text-status').textContent).toBe(
      'यह स्क्रीनशॉट नहीं, कैमरे की फ़ोटो लगती है, इसलिए इसकी लिखावट नहीं पढ़ी गई।',
    );
    await user.click(within(panel).getByRole('button', { name: 'फिर भी लिखावट पढ़ें' }));
    expect((await within(panel).findByRole('status')).textContent).toContain(
      'इस तस्वीर की लिखावट पढ़ी जा रही है… इसमें एक मिनट लग सकता है।',
    );
    memory.texts.set(PHOTO.id, READ);
    memory.emit('text:progress', { done: 1, total: 1, state: 'done' });
    await screen.findByText('Send the marmalade money today');
    expect(screen.getByTestId('viewer-text-label').textContent).toBe(
      'कंप्यूटर ने पढ़ा है, इसमें गलतियाँ हो सकती हैं',
    );
    expect(screen.getByRole('button', { name: 'लिखावट कॉपी करें' })).toBeTruthy();
  });
});
