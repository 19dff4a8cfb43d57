// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EvidenceDetails } from '../../../shared/contract/viewer';
import { formatImportWarning } from '../../../shared/import-warnings';
import { ApiContext } from '../../../renderer/src/api/api-context';
import { EvidenceViewer } from '../../../renderer/src/components/EvidenceViewer';
import { createI18n, type Language } from '../../../renderer/src/i18n';
import {
  CASE_ID,
  createViewerMemory,
  evidenceId,
  makeDetails,
  type ViewerMemory,
} from '../helpers/viewer-api';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

interface Rendered {
  memory: ViewerMemory;
  user: UserEvent;
  onClose: ReturnType<typeof vi.fn>;
  onChanged: ReturnType<typeof vi.fn>;
}

/** A page with an "Open" button, like a grid tile, that opens the viewer at `start`. */
function renderViewer(items: EvidenceDetails[], start = 0, language: Language = 'en'): Rendered {
  const memory = createViewerMemory(items);
  const onClose = vi.fn();
  const onChanged = vi.fn();
  const ids = items.map((item) => item.id);
  function Page() {
    const [index, setIndex] = useState<number | null>(null);
    return (
      <>
        <button
          type="button"
          onClick={() => {
            setIndex(start);
          }}
        >
          Open
        </button>
        {index !== null && (
          <EvidenceViewer
            caseId={CASE_ID}
            evidenceIds={ids}
            index={index}
            onIndexChange={setIndex}
            onClose={() => {
              onClose();
              setIndex(null);
            }}
            onChanged={onChanged}
          />
        )}
      </>
    );
  }
  render(
    <ApiContext value={memory.api}>
      <I18nextProvider i18n={createI18n(language)}>
        <Page />
      </I18nextProvider>
    </ApiContext>,
  );
  return { memory, user: userEvent.setup(), onClose, onChanged };
}

async function open(rendered: Rendered): Promise<HTMLElement> {
  await rendered.user.click(screen.getByRole('button', { name: 'Open' }));
  const dialog = await screen.findByRole('dialog');
  await within(dialog).findByTestId('viewer-sha256');
  return dialog;
}

const THREE = [makeDetails(1), makeDetails(2), makeDetails(3)];

describe('the evidence viewer', () => {
  it('opens as a modal dialog at the chosen item with its counter, picture and details', async () => {
    const rendered = renderViewer(THREE, 1);
    const dialog = await open(rendered);
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(within(dialog).getByTestId('viewer-counter').textContent).toContain('2 of 3');
    expect(within(dialog).getByTestId('viewer-sha256').textContent).toContain('2'.repeat(64));
    expect(within(dialog).getByTestId('viewer-time-source').textContent).toContain(
      'From the file name.',
    );
    expect(within(dialog).getByText('Received from Recovery agent through WhatsApp.')).toBeTruthy();
    expect(within(dialog).getByTestId('viewer-custody').textContent).toContain('Added to the case');
    expect(await within(dialog).findByRole('img', { name: THREE[1]?.originalName })).toBeTruthy();
    // Focus starts inside the dialog.
    expect(dialog.contains(document.activeElement)).toBe(true);
    // Closing is not the main action: "Confirm all" on a screenshot's messages is.
    const close = within(dialog).getAllByRole('button', { name: 'Close' })[0];
    expect(close?.classList.contains('primary')).toBe(false);
  });

  it('says where the time of a call log, SMS backup or e-mail came from without calling it a chat export', async () => {
    const log = makeDetails(1, {
      originalName: 'calls-20240513090000.xml',
      captured: {
        at: '2024-05-13T03:30:00.000Z',
        local: '2024-05-13T09:00:00+05:30',
        source: 'chat-export',
        confidence: 'high',
        detail: 'from the backup',
        zoneAssumed: false,
      },
    });
    const english = await open(renderViewer([log], 0));
    expect(within(english).getByTestId('viewer-time-source').textContent).toContain(
      'Read from inside the file: the time of its messages or calls.',
    );
    cleanup();
    const hindi = await open(renderViewer([log], 0, 'hi'));
    expect(within(hindi).getByTestId('viewer-time-source').textContent).toContain(
      'फ़ाइल के अंदर से पढ़ा गया',
    );
  });

  it('moves to the next and previous item with the arrow keys and buttons, stopping at the ends', async () => {
    const rendered = renderViewer(THREE, 0);
    const dialog = await open(rendered);
    const counter = within(dialog).getByTestId('viewer-counter');
    expect(
      within(dialog)
        .getByRole('button', { name: /Previous/ })
        .getAttribute('aria-disabled'),
    ).toBe('true');

    await rendered.user.keyboard('{ArrowRight}');
    await waitFor(() => {
      expect(counter.textContent).toContain('2 of 3');
    });
    await waitFor(() => {
      expect(within(dialog).getByTestId('viewer-sha256').textContent).toContain('2'.repeat(64));
    });
    await rendered.user.click(within(dialog).getByRole('button', { name: /Next/ }));
    await waitFor(() => {
      expect(counter.textContent).toContain('3 of 3');
    });
    expect(within(dialog).getByRole('button', { name: /Next/ }).getAttribute('aria-disabled')).toBe(
      'true',
    );
    // The button pressed at the end keeps focus, so the keys go on working.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: /Next/ }));
    await rendered.user.keyboard('{ArrowRight}');
    expect(counter.textContent).toContain('3 of 3');
    await rendered.user.keyboard('{ArrowLeft}{ArrowLeft}');
    await waitFor(() => {
      expect(counter.textContent).toContain('1 of 3');
    });
  });

  it('leaves the arrow keys to a text field being typed in', async () => {
    const rendered = renderViewer(THREE, 0);
    const dialog = await open(rendered);
    await rendered.user.click(within(dialog).getByRole('button', { name: 'Correct the time' }));
    await rendered.user.click(within(dialog).getByLabelText('Why is this the right time?'));
    await rendered.user.keyboard('abc{ArrowLeft}{ArrowRight}');
    expect(within(dialog).getByTestId('viewer-counter').textContent).toContain('1 of 3');
  });

  it('closes with Esc and gives focus back to what opened it', async () => {
    const rendered = renderViewer(THREE, 0);
    await open(rendered);
    await rendered.user.keyboard('{Escape}');
    expect(rendered.onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open' }));
  });

  it('keeps Tab and Shift+Tab inside the dialog', async () => {
    const rendered = renderViewer(THREE, 1);
    const dialog = await open(rendered);
    const close = within(dialog).getByRole('button', { name: 'Close' });
    close.focus();
    for (let i = 0; i < 40; i++) {
      await rendered.user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    close.focus();
    for (let i = 0; i < 40; i++) {
      await rendered.user.tab({ shift: true });
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
  });

  it('copies the SHA-256 to the clipboard and says "Copied"', async () => {
    const rendered = renderViewer(THREE, 2);
    const dialog = await open(rendered);
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await rendered.user.click(
      within(dialog).getByRole('button', { name: 'Copy the SHA-256 fingerprint' }),
    );
    expect(writeText).toHaveBeenCalledWith('3'.repeat(64));
    const button = await within(dialog).findByRole('button', {
      name: 'Copy the SHA-256 fingerprint',
    });
    await waitFor(() => {
      expect(button.textContent).toContain('Copied');
    });
  });

  it('says plainly when the clipboard refuses, so the hash can be copied by hand', async () => {
    const rendered = renderViewer(THREE, 0);
    const dialog = await open(rendered);
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    await rendered.user.click(
      within(dialog).getByRole('button', { name: 'Copy the SHA-256 fingerprint' }),
    );
    expect(
      await within(dialog).findByText(
        'Could not copy. Select the fingerprint and copy it by hand.',
      ),
    ).toBeTruthy();
    expect(window.getSelection()?.toString()).toBe('1'.repeat(64));
  });

  it('refuses a correction without a reason, then saves one and shows the new and the original time', async () => {
    const rendered = renderViewer(THREE, 0);
    const dialog = await open(rendered);
    await rendered.user.click(within(dialog).getByRole('button', { name: 'Correct the time' }));
    const form = within(dialog).getByTestId('time-correction-form');
    // The time in words under the fields (Chromium draws them as mm/dd/yyyy), the case's clock by
    // its name, not a zone code.
    const words = within(form).getByTestId('time-correction-when');
    expect(words.textContent).toBe(
      "That is 12 May 2024, 9:43 pm, on the case's clock: India (IST, UTC+5:30).",
    );
    // The fields start at the time Sakshya has now, on the case's clock.
    expect(within(form).getByLabelText<HTMLInputElement>('Date').value).toBe('2024-05-12');
    expect(within(form).getByLabelText<HTMLInputElement>('Time').value).toBe('21:43');

    await rendered.user.click(within(form).getByRole('button', { name: 'Save the new time' }));
    expect(
      within(form).getByText('Write why this is the right time. It is needed for the record.'),
    ).toBeTruthy();
    expect(document.activeElement).toBe(within(form).getByLabelText('Why is this the right time?'));
    await rendered.user.type(within(form).getByLabelText('Why is this the right time?'), 'ok');
    await rendered.user.click(within(form).getByRole('button', { name: 'Save the new time' }));
    expect(
      within(form).getByText('Please write a little more: a few words on why this time is right.'),
    ).toBeTruthy();
    expect(rendered.memory.calls.filter((call) => call.name === 'evidence:setTime')).toEqual([]);

    const date = within(form).getByLabelText('Date');
    await rendered.user.clear(date);
    await rendered.user.type(date, '2024-05-11');
    const time = within(form).getByLabelText('Time');
    await rendered.user.clear(time);
    await rendered.user.type(time, '09:15');
    expect(words.textContent).toContain('That is 11 May 2024, 9:15 am,');
    await rendered.user.type(
      within(form).getByLabelText('Why is this the right time?'),
      ' — the chat shows 11 May',
    );
    await rendered.user.click(within(form).getByRole('button', { name: 'Save the new time' }));

    const original = await within(dialog).findByTestId('viewer-original-time');
    expect(rendered.memory.calls.filter((call) => call.name === 'evidence:setTime')).toEqual([
      {
        name: 'evidence:setTime',
        input: {
          evidenceId: evidenceId(1),
          at: '2024-05-11T09:15:00',
          reason: 'ok — the chat shows 11 May',
        },
      },
    ]);
    expect(within(dialog).getByTestId('viewer-time-source').textContent).toContain('Set by you.');
    expect(within(dialog).getByTestId('viewer-captured-time').textContent).toContain('11 May 2024');
    expect(original.textContent).toContain('Originally 12 May 2024');
    expect(original.textContent).toContain('From the file name.');
    expect(original.textContent).toContain('because: “ok — the chat shows 11 May”');
    expect(within(dialog).getByTestId('viewer-custody').textContent).toContain(
      'Captured time corrected',
    );
    expect(rendered.onChanged).toHaveBeenCalledTimes(1);
  });

  it('refuses a date in the future and one that does not exist', async () => {
    const rendered = renderViewer(THREE, 0);
    const dialog = await open(rendered);
    await rendered.user.click(within(dialog).getByRole('button', { name: 'Correct the time' }));
    const form = within(dialog).getByTestId('time-correction-form');
    const date = within(form).getByLabelText('Date');
    await rendered.user.clear(date);
    await rendered.user.type(date, '2999-01-01');
    await rendered.user.type(
      within(form).getByLabelText('Why is this the right time?'),
      'typed from the bill',
    );
    await rendered.user.click(within(form).getByRole('button', { name: 'Save the new time' }));
    expect(within(form).getByText(/This date is in the future/)).toBeTruthy();
    expect(document.activeElement).toBe(date);
    // Esc leaves the form but not the viewer.
    await rendered.user.keyboard('{Escape}');
    expect(screen.queryByTestId('time-correction-form')).toBeNull();
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(rendered.onClose).not.toHaveBeenCalled();
  });

  it('saves notes and comma-separated tags, and shows them', async () => {
    const rendered = renderViewer(THREE, 0);
    const dialog = await open(rendered);
    await rendered.user.click(within(dialog).getByRole('button', { name: 'Edit notes and tags' }));
    await rendered.user.type(within(dialog).getByLabelText('Notes'), 'Sent to my brother.');
    await rendered.user.type(within(dialog).getByLabelText('Tags'), 'threat, family,');
    await rendered.user.click(within(dialog).getByRole('button', { name: 'Save notes' }));
    const tags = await within(dialog).findByRole('list', { name: 'Tags' });
    expect(
      within(tags)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['threat', 'family']);
    expect(within(dialog).getByText('Sent to my brother.')).toBeTruthy();
    expect(rendered.memory.calls.filter((call) => call.name === 'evidence:setNotes')).toEqual([
      {
        name: 'evidence:setNotes',
        input: {
          evidenceId: evidenceId(1),
          notes: 'Sent to my brother.',
          tags: ['threat', 'family'],
        },
      },
    ]);
    expect(rendered.onChanged).toHaveBeenCalledTimes(1);
  });

  it('shows GPS as coordinates with a note that no map is shown, and the device', async () => {
    const photo = makeDetails(5, {
      gps: { latitude: 50.299603, longitude: 14.820294 },
      device: { make: 'Google', model: 'Pixel 2', software: 'HDR+ 1.0' },
    });
    const rendered = renderViewer([photo], 0);
    const dialog = await open(rendered);
    expect(within(dialog).getByTestId('viewer-gps').textContent).toBe(
      'Latitude 50.299603, longitude 14.820294',
    );
    expect(
      within(dialog).getByText(
        'No map is shown: Sakshya works offline and never contacts map services.',
      ),
    ).toBeTruthy();
    expect(within(dialog).getByText('Pixel 2')).toBeTruthy();
    expect(within(dialog).getByText('1080 × 2400')).toBeTruthy();
  });

  it('shows a file-type icon and its details for a file with no picture', async () => {
    const chat = makeDetails(4, {
      originalName: 'WhatsApp Chat with Agent.txt',
      mediaType: 'text/plain',
      isImage: false,
    });
    const rendered = renderViewer([chat], 0);
    const dialog = await open(rendered);
    expect((await within(dialog).findByTestId('viewer-no-picture')).textContent).toContain(
      'This kind of file has no picture to show.',
    );
    expect(within(dialog).queryByTestId('viewer-stage')).toBeNull();
  });

  it('says the picture is opening while it is on its way', async () => {
    const rendered = renderViewer(THREE, 0);
    let release = (): void => undefined;
    rendered.memory.holdView.current = new Promise((resolve) => {
      release = resolve;
    });
    const dialog = await open(rendered);
    expect(within(dialog).getByTestId('viewer-picture-loading').textContent).toContain(
      'Opening the picture…',
    );
    await act(async () => {
      release();
      await Promise.resolve();
    });
    expect(await within(dialog).findByTestId('viewer-stage')).toBeTruthy();
  });

  it('zooms with the buttons and the keyboard, and goes back to fit', async () => {
    const rendered = renderViewer(THREE, 0);
    const dialog = await open(rendered);
    const level = await within(dialog).findByTestId('viewer-zoom-level');
    expect(level.textContent).toContain('100%');
    await rendered.user.click(within(dialog).getByRole('button', { name: 'Zoom in' }));
    expect(level.textContent).toContain('125%');
    within(dialog).getByTestId('viewer-stage').focus();
    await rendered.user.keyboard('+');
    expect(level.textContent).toContain('156%');
    await rendered.user.keyboard('-');
    expect(level.textContent).toContain('125%');
    await rendered.user.click(
      within(dialog).getByRole('button', { name: 'Fit the whole picture in the window' }),
    );
    expect(level.textContent).toContain('100%');
  });

  it('speaks Hindi when the app does', async () => {
    const rendered = renderViewer(THREE, 1, 'hi');
    const dialog = await open(rendered);
    expect(within(dialog).getByTestId('viewer-counter').textContent).toContain('3 में से 2');
    expect(within(dialog).getByTestId('viewer-time-source').textContent).toContain('फ़ाइल के नाम से।');
    expect(within(dialog).getByRole('button', { name: 'समय ठीक करें' })).toBeTruthy();
  });

  it('shows the warnings stored at import in Hindi, and one it does not know as it was stored', async () => {
    const warned = makeDetails(1, {
      warnings: [
        formatImportWarning('metadata-damaged'),
        formatImportWarning('png-chunk-damaged', { chunk: 'zTXt' }),
        'A warning from a newer version.',
      ],
    });
    const rendered = renderViewer([warned], 0, 'hi');
    const dialog = await open(rendered);
    const items = within(dialog)
      .getAllByRole('listitem')
      .map((item) => item.textContent)
      .filter((text) => /मेटाडेटा|PNG|newer/.test(text));
    expect(items).toEqual([
      'इस फ़ाइल के अंदर छिपी जानकारी (मेटाडेटा) का कुछ हिस्सा ख़राब है और पढ़ा नहीं जा सका। फ़ाइल ख़ुद बिना बदले सुरक्षित रखी गई है।',
      'इस PNG तस्वीर का एक हिस्सा (zTXt) ख़राब है, इसलिए छोड़ दिया गया।',
      'A warning from a newer version.',
    ]);
  });
});
