// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportResultItem } from '../../../shared/api-contract';
import type { Case } from '../../../shared/domain';
import { callsNamed } from '../helpers/memory-api';
import { renderApp, type RenderedApp } from '../helpers/render-app';

afterEach(cleanup);

const CASE: Case = {
  id: '00000000-0000-4000-8000-000000000001',
  title: 'QuickCash loan app',
  description: '',
  counterparty: {
    name: 'QuickCash loan app',
    kind: 'loan-app',
    agentNames: [],
    numbers: [],
    handles: [],
  },
  status: 'open',
  timezone: 'Asia/Kolkata',
  createdAt: '2025-06-01T10:00:00.000Z',
  updatedAt: '2025-06-01T10:00:00.000Z',
};

const OPEN = {
  exists: true,
  unlocked: true,
  passphrase: 'monsoon tea on the terrace',
  cases: [CASE],
};

function result(
  name: string,
  status: ImportResultItem['status'],
  extra: Partial<ImportResultItem> = {},
): ImportResultItem {
  return {
    name,
    status,
    reasonCode: null,
    reason: null,
    evidenceId: null,
    sha256: null,
    mediaType: 'image/png',
    capturedAt: null,
    capturedAtSource: null,
    warnings: [],
    messageCount: null,
    ...extra,
  };
}

const MIXED: ImportResultItem[] = [
  result('Screenshot_20240512-214301.png', 'imported', {
    evidenceId: '00000000-0000-4000-9000-000000000001',
    capturedAt: '2024-05-12T16:13:01.000Z',
    capturedAtSource: 'filename',
  }),
  result('Screenshot_20240512-214302.png', 'imported', {
    evidenceId: '00000000-0000-4000-9000-000000000002',
  }),
  result('chat.txt', 'imported', {
    evidenceId: '00000000-0000-4000-9000-000000000003',
    mediaType: 'text/plain',
    capturedAtSource: 'chat-export',
    capturedAt: '2024-05-10T04:30:00.000Z',
  }),
  result('old-1.png', 'duplicate', { reasonCode: 'duplicate', reason: 'already in this case' }),
  result('old-2.png', 'duplicate', { reasonCode: 'duplicate', reason: 'already in this case' }),
  result('broken.jpg', 'failed', {
    reasonCode: 'unreadable',
    reason: 'the file could not be read',
  }),
  result('empty.txt', 'skipped', { reasonCode: 'empty', reason: 'empty file' }),
];

async function openEvidence(app: RenderedApp): Promise<void> {
  // The whole app's first render: slow on a loaded machine (twice over the default second here).
  await app.user.click(
    await screen.findByRole('button', { name: /QuickCash loan app/ }, { timeout: 15_000 }),
  );
  await app.user.click(screen.getByRole('tab', { name: 'Evidence' }));
}

function fileInput(): HTMLInputElement {
  return screen.getByTestId('evidence-file-input');
}

function pngFile(name: string): File {
  return new File([new Uint8Array([137, 80, 78, 71])], name, { type: 'image/png' });
}

describe('the Evidence tab', () => {
  it('invites a first drop with both buttons when the case has no evidence', async () => {
    const app = renderApp(OPEN);
    await openEvidence(app);
    expect(
      await screen.findByRole('heading', {
        name: 'Drag screenshots, photos, chat exports or whole folders here',
      }),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Choose files' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Choose a folder' })).toBeTruthy();
  });

  it('highlights the drop area only while files are dragged over it', async () => {
    const app = renderApp(OPEN);
    await openEvidence(app);
    const area = await screen.findByTestId('drop-area');
    const files = { types: ['Files'], items: [], files: [] };
    expect(area.dataset.dragging).toBe('false');
    fireEvent.dragEnter(area, { dataTransfer: files });
    expect(area.dataset.dragging).toBe('true');
    expect(screen.getByText('Let go to add them to this case')).toBeTruthy();
    // Crossing into a child and back out again must not switch the highlight off half-way.
    fireEvent.dragEnter(screen.getByRole('button', { name: 'Choose files' }), {
      dataTransfer: files,
    });
    fireEvent.dragLeave(screen.getByRole('button', { name: 'Choose files' }), {
      dataTransfer: files,
    });
    expect(area.dataset.dragging).toBe('true');
    fireEvent.dragLeave(area, { dataTransfer: files });
    expect(area.dataset.dragging).toBe('false');
    expect(screen.queryByText('Let go to add them to this case')).toBeNull();
  });

  it('ignores a drag of text, which is not a file', async () => {
    const app = renderApp(OPEN);
    await openEvidence(app);
    const area = await screen.findByTestId('drop-area');
    fireEvent.dragEnter(area, { dataTransfer: { types: ['text/plain'], items: [], files: [] } });
    expect(area.dataset.dragging).toBe('false');
  });

  it('imports dropped files and sums them up as added, already here, could not be read and left out', async () => {
    const app = renderApp({ ...OPEN, importResults: MIXED });
    await openEvidence(app);
    const area = await screen.findByTestId('drop-area');
    const dropped = MIXED.map((item) => pngFile(item.name));
    fireEvent.drop(area, { dataTransfer: { types: ['Files'], items: [], files: dropped } });

    const line = await screen.findByTestId('import-summary-line');
    expect(line.textContent).toBe(
      '3 added · 2 already here · 1 could not be read · 1 left out (see why)',
    );
    expect(app.memory.state.uploads).toEqual(MIXED.map((item) => item.name));
    const [call] = callsNamed(app.memory, 'evidence:import') as {
      caseId: string;
      uploadIds: string[];
    }[];
    expect(call?.caseId).toBe(CASE.id);
    expect(call?.uploadIds).toHaveLength(MIXED.length);

    // The grid shows what was added, with where each date came from in words.
    const grid = await screen.findByTestId('evidence-grid');
    const tiles = within(grid).getAllByTestId('evidence-tile');
    expect(tiles.map((tile) => tile.querySelector('.tile-name-text')?.textContent)).toEqual([
      'chat.txt',
      'Screenshot_20240512-214301.png',
      'Screenshot_20240512-214302.png',
    ]);
    expect(within(tiles[0]!).getByText('The date comes from the chat export.')).toBeTruthy();
    expect(within(tiles[1]!).getByText('12 May 2024, 9:43 pm')).toBeTruthy();
    expect(within(tiles[1]!).getByText("The date comes from the file's name.")).toBeTruthy();
    expect(within(tiles[2]!).getByText('No date found')).toBeTruthy();
    expect(within(tiles[2]!).getByText('No preview')).toBeTruthy();
  });

  it('lists the files not added with plain reasons and a duplicate badge, filterable by kind', async () => {
    const app = renderApp({ ...OPEN, importResults: MIXED });
    await openEvidence(app);
    await app.user.upload(
      fileInput(),
      MIXED.map((item) => pngFile(item.name)),
    );
    await app.user.click(await screen.findByRole('button', { name: '(see why)' }));

    const list = screen.getByRole('list', { name: 'Files from this import' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(4);
    expect(within(list).getAllByText('Already here')).toHaveLength(2);
    expect(within(list).getByText('This file could not be read.')).toBeTruthy();
    expect(within(list).getByText('The file is empty.')).toBeTruthy();

    await app.user.click(screen.getByLabelText('Already here (2)'));
    const duplicates = within(
      screen.getByRole('list', { name: 'Files from this import' }),
    ).getAllByRole('listitem');
    expect(duplicates.map((row) => row.querySelector('.result-name')?.textContent)).toEqual([
      'old-1.png',
      'old-2.png',
    ]);
    await app.user.click(screen.getByLabelText('All (7)'));
    expect(
      within(screen.getByRole('list', { name: 'Files from this import' })).getAllByRole('listitem'),
    ).toHaveLength(7);
  });

  it('says plainly when every file was already here', async () => {
    const again = MIXED.slice(0, 3).map((item) => ({
      ...item,
      status: 'duplicate' as const,
      reasonCode: 'duplicate' as const,
    }));
    const app = renderApp({ ...OPEN, importResults: again });
    await openEvidence(app);
    await app.user.upload(
      fileInput(),
      again.map((item) => pngFile(item.name)),
    );
    expect((await screen.findByTestId('import-summary-line')).textContent).toBe(
      '0 added · 3 already here (see why)',
    );
    expect(screen.getByText(/Files already here were not added again/)).toBeTruthy();
  });

  it('adds a pasted screenshot under a pasted-<time>.png name', async () => {
    const app = renderApp({ ...OPEN, importResults: [result('pasted.png', 'imported')] });
    await openEvidence(app);
    await screen.findByTestId('drop-area');
    const pasted = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(pasted, 'clipboardData', { value: { files: [pngFile('image.png')] } });
    window.dispatchEvent(pasted);
    await screen.findByTestId('import-summary-line');
    expect(app.memory.state.uploads).toHaveLength(1);
    expect(app.memory.state.uploads[0]).toMatch(/^pasted-\d{8}-\d{6}\.png$/);
    expect(pasted.defaultPrevented).toBe(true);
  });

  it('shows the progress while files go in, and cancels the very import it started', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const stopped = MIXED.slice(0, 2).map((item) => ({
      ...item,
      status: 'skipped' as const,
      reasonCode: 'cancelled' as const,
      reason: 'cancelled',
    }));
    const app = renderApp({ ...OPEN, importResults: [MIXED[0]!, ...stopped], holdImport: held });
    await openEvidence(app);
    await app.user.upload(fileInput(), [pngFile('a.png'), pngFile('b.png'), pngFile('c.png')]);

    expect(await screen.findByRole('heading', { name: 'Adding your evidence…' })).toBeTruthy();
    expect(screen.getByTestId('import-numbers').textContent).toBe('0 of 3 files');
    expect(screen.queryByRole('button', { name: 'Choose files' })).toBeNull();
    await app.user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByText('Stopping after the current file…')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Cancel' }).disabled).toBe(true);
    const [started] = callsNamed(app.memory, 'evidence:import') as { taskId: string }[];
    await waitFor(() => {
      expect(callsNamed(app.memory, 'evidence:cancelImport')).toEqual([
        { taskId: started?.taskId },
      ]);
    });

    release();
    expect(await screen.findByRole('heading', { name: 'Stopped' })).toBeTruthy();
    expect(screen.getByTestId('import-summary-line').textContent).toBe(
      '1 added · 2 left out (see why)',
    );
    expect(screen.getByText('Stopped. What was already finished is kept.')).toBeTruthy();
  });

  it('sends a pasted screenshot as bytes in the desktop app, where nothing can be uploaded', async () => {
    const app = renderApp({
      ...OPEN,
      importResults: [result('pasted.png', 'imported')],
      desktopPaths: {},
    });
    await openEvidence(app);
    const pasted = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(pasted, 'clipboardData', { value: { files: [pngFile('image.png')] } });
    window.dispatchEvent(pasted);

    expect((await screen.findByTestId('import-summary-line')).textContent).toBe('1 added');
    expect(app.memory.state.uploads).toEqual([]);
    expect(app.memory.state.pasted).toHaveLength(1);
    expect(app.memory.state.pasted[0]?.name).toMatch(/^pasted-\d{8}-\d{6}\.png$/);
    expect(app.memory.state.pasted[0]?.mediaType).toBe('image/png');
    expect(app.memory.state.pasted[0]?.size).toBeGreaterThan(0);
    expect(pasted.defaultPrevented).toBe(true);
  });

  it('sends the paths of dropped files in the desktop app, and counts a file without one as not read', async () => {
    const app = renderApp({
      ...OPEN,
      importResults: [result('a.png', 'imported')],
      desktopPaths: { 'a.png': '/home/meera/Pictures/a.png', phone: '/home/meera/phone' },
    });
    await openEvidence(app);
    expect(await screen.findByRole('button', { name: 'Choose files' })).toBeTruthy();
    // The desktop app sends a pasted picture's bytes, so it offers pasting too.
    expect(screen.getByText(/paste a screenshot/)).toBeTruthy();
    const area = screen.getByTestId('drop-area');
    const dropped = [pngFile('a.png'), new File([], 'phone'), pngFile('from-browser.png')];
    fireEvent.drop(area, { dataTransfer: { types: ['Files'], items: [], files: dropped } });

    const line = await screen.findByTestId('import-summary-line');
    expect(line.textContent).toBe('1 added · 1 could not be read (see why)');
    expect(callsNamed(app.memory, 'evidence:import')).toMatchObject([
      { caseId: CASE.id, paths: ['/home/meera/Pictures/a.png', '/home/meera/phone'] },
    ]);
    expect(app.memory.state.uploads).toEqual([]);
  });

  it('shows the first-time drop target on the Overview, and a drop there opens the Evidence tab', async () => {
    const app = renderApp({ ...OPEN, importResults: MIXED });
    // The whole app's first render: slow on a loaded machine (twice over the default second here).
    await app.user.click(
      await screen.findByRole('button', { name: /QuickCash loan app/ }, { timeout: 15_000 }),
    );
    const area = await screen.findByTestId('drop-area');
    fireEvent.drop(area, {
      dataTransfer: { types: ['Files'], items: [], files: [pngFile('a.png')] },
    });
    await waitFor(() => {
      expect(screen.getByRole('tab', { name: 'Evidence' }).getAttribute('aria-selected')).toBe(
        'true',
      );
    });
    expect(await screen.findByTestId('import-summary-line')).toBeTruthy();
  });
});
