// @vitest-environment jsdom
// The Export tab over a test double of the transport only: the real buildSakshyaApi and the real
// contract schemas check every input, and a scripted main answers the export calls.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import {
  API,
  buildSakshyaApi,
  type ApiName,
  type ApiResult,
  type EventName,
  type EventPayload,
  type EvidenceItem,
} from '../../../shared/api-contract';
import type { SakshyaApi } from '../../../renderer/src/api/page-api';
import type { ExportedBundle, VerifyReport } from '../../../shared/contract/export';
import type { Case } from '../../../shared/domain';
import { ERROR_MESSAGES, type ErrorCode } from '../../../shared/errors';
import { ApiContext } from '../../../renderer/src/api/api-context';
import { createI18n, type Language } from '../../../renderer/src/i18n';
import { ExportTab } from '../../../renderer/src/screens/ExportTab';

afterEach(cleanup);

const PREPARE = 'Prepare the bundle for your lawyer or the police';

const CASE: Case = {
  id: '00000000-0000-4000-8000-000000000001',
  title: 'QuickCash loan app',
  description: '',
  counterparty: { name: 'QuickCash', kind: 'loan-app', agentNames: [], numbers: [], handles: [] },
  status: 'open',
  timezone: 'Asia/Kolkata',
  createdAt: '2025-06-01T10:00:00.000Z',
  updatedAt: '2025-06-01T10:00:00.000Z',
};

function evidence(index: number, name: string, mediaType = 'image/png'): EvidenceItem {
  return {
    id: `00000000-0000-4000-9000-00000000000${String(index)}`,
    originalName: name,
    size: 1000,
    sha256: String(index).repeat(64),
    mediaType,
    capturedAt: `2024-05-1${String(index)}T16:13:01.000Z`,
    capturedAtSource: 'filename',
    capturedAtConfidence: 'high',
    capturedAtDetail: '',
    zoneAssumed: false,
    importedAt: '2025-06-01T10:00:00.000Z',
    provenance: { kind: 'unknown' },
    warnings: [],
    thumbnail: 'ready',
    thumbnailReason: '',
  };
}

const ITEMS = [
  evidence(1, 'Screenshot_20240511-214301.png'),
  evidence(2, 'Screenshot_20240512-214302.png'),
  evidence(3, 'chat.txt', 'text/plain'),
];

const SHA = 'c0ffee'.repeat(10) + 'c0de';

function bundle(extra: Partial<ExportedBundle> = {}): ExportedBundle {
  return {
    bundleId: '7f1c2a4e-0000-4000-8000-00000000abcd',
    files: [
      {
        name: 'sakshya-bundle-2025-06-01.zip',
        sha256: SHA,
        size: 2_400_000,
        downloadUrl: '/api/download/0123456789abcdef0123456789abcdef/sakshya-bundle-2025-06-01.zip',
      },
    ],
    itemCount: 3,
    signingKeyFingerprint: 'SHA256:abcdefghijklmnop',
    folder: null,
    canReveal: false,
    ...extra,
  };
}

type Answer = ApiResult<unknown> | Promise<ApiResult<unknown>>;

interface Scripted {
  api: SakshyaApi;
  calls: { name: ApiName; input: Record<string, unknown> }[];
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  answers: Partial<Record<ApiName, (input: Record<string, unknown>) => Answer>>;
  uploads: string[];
}

const ok = (value: unknown): ApiResult<unknown> => ({ ok: true, value });
const fail = (code: ErrorCode): ApiResult<never> => ({
  ok: false,
  error: { code, message: ERROR_MESSAGES.en[code] },
});

function script(options: { desktop?: boolean } = {}): Scripted {
  const calls: Scripted['calls'] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const uploads: string[] = [];
  const answers: Scripted['answers'] = {
    'evidence:list': () => ok(ITEMS),
    'evidence:thumbnail': () => ok({ dataUrl: 'data:image/webp;base64,AAAA', status: 'ready' }),
  };
  const built = buildSakshyaApi(
    async (name, input) => {
      const parsed = API[name].input.safeParse(input);
      if (!parsed.success) return fail('INVALID_INPUT');
      const data = parsed.data as Record<string, unknown>;
      calls.push({ name, input: data });
      const answer = answers[name];
      return answer === undefined ? fail('INTERNAL') : await answer(data);
    },
    (event, listener) => {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
  );
  const files: SakshyaApi['files'] = options.desktop
    ? { pathsFor: (list) => list.map((file) => `/home/asha/Downloads/${file.name}`) }
    : {
        upload: (file) => {
          uploads.push(file.name);
          return Promise.resolve({ ok: true, value: { uploadId: 'ab'.repeat(16) } });
        },
      };
  const emit: Scripted['emit'] = (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  return { api: { ...built, files }, calls, emit, answers, uploads };
}

function show(scripted: Scripted, language: Language = 'en') {
  const user = userEvent.setup();
  render(
    <ApiContext value={scripted.api}>
      <I18nextProvider i18n={createI18n(language)}>
        <ExportTab current={CASE} />
      </I18nextProvider>
    </ApiContext>,
  );
  return user;
}

function callsNamed(scripted: Scripted, name: ApiName): Record<string, unknown>[] {
  return scripted.calls.filter((call) => call.name === name).map((call) => call.input);
}

/** An export:run that waits until the test lets it finish, so the progress can be looked at. */
function holdRun(scripted: Scripted): { release: (answer: ApiResult<unknown>) => void } {
  let release: (answer: ApiResult<unknown>) => void = () => undefined;
  const held = new Promise<ApiResult<unknown>>((resolve) => {
    release = resolve;
  });
  scripted.answers['export:run'] = () => held;
  return {
    release: (answer) => {
      release(answer);
    },
  };
}

describe('the Export tab', () => {
  it('prepares the whole case with one button, shows the moving bar, then the fingerprint and a download', async () => {
    const scripted = script();
    const hold = holdRun(scripted);
    const user = show(scripted);
    await screen.findByText('The whole case: 3 items.');
    await user.click(
      screen.getByRole('button', { name: 'Prepare the bundle for your lawyer or the police' }),
    );
    const [input] = callsNamed(scripted, 'export:run');
    expect(input).toEqual({
      taskId: expect.any(String) as string,
      caseId: CASE.id,
      includeChats: true,
    });

    await screen.findByRole('heading', {
      name: 'Getting ready… If asked, choose where to save the bundle.',
    });
    act(() => {
      scripted.emit('progress', {
        taskId: String(input?.taskId),
        done: 1,
        total: 3,
        bytesDone: 1_048_576,
        bytesTotal: 3_145_728,
      });
    });
    expect(screen.getByRole('heading', { name: 'Preparing the bundle…' })).toBeTruthy();
    expect(screen.getByTestId('export-numbers').textContent).toBe('1 of 3 files · 1 MB of 3 MB');
    expect(screen.getByTestId('export-bar').getAttribute('value')).toBe('1048576');
    // Another task's progress is not this export's.
    act(() => {
      scripted.emit('progress', {
        taskId: 'other',
        done: 3,
        total: 3,
        bytesDone: 9,
        bytesTotal: 9,
      });
    });
    expect(screen.getByTestId('export-numbers').textContent).toBe('1 of 3 files · 1 MB of 3 MB');

    hold.release(ok({ bundle: bundle() }));
    await screen.findByRole('heading', { name: 'The bundle is ready' });
    expect(screen.getByTestId('export-sha256').textContent).toBe(SHA);
    expect(screen.getByTestId('export-file-name').textContent).toBe(
      'sakshya-bundle-2025-06-01.zip',
    );
    const download = screen.getByRole('link', { name: 'Download sakshya-bundle-2025-06-01.zip' });
    expect(download.getAttribute('href')).toBe(bundle().files[0]?.downloadUrl);
    expect(screen.queryByRole('button', { name: 'Show in folder' })).toBeNull();
    expect(
      screen.getByText('This export is written in the case history, with its fingerprint.'),
    ).toBeTruthy();

    await user.click(
      screen.getByRole('button', { name: 'Copy the fingerprint of sakshya-bundle-2025-06-01.zip' }),
    );
    expect(await navigator.clipboard.readText()).toBe(SHA);
    expect(screen.getByText('Copied')).toBeTruthy();

    // The signing key's fingerprint, on the main text, with the sentence and its own Copy.
    expect(screen.getByTestId('export-key-fingerprint').textContent).toBe(
      bundle().signingKeyFingerprint,
    );
    expect(screen.getByTestId('export-signing-key').textContent).toContain(
      'separately (a message, a phone call, or your covering letter)',
    );
    await user.click(screen.getByRole('button', { name: 'Copy the key fingerprint' }));
    expect(await navigator.clipboard.readText()).toBe(bundle().signingKeyFingerprint);

    await user.click(screen.getByRole('button', { name: 'Prepare another bundle' }));
    expect(
      screen.getByRole('button', { name: 'Prepare the bundle for your lawyer or the police' }),
    ).toBeTruthy();
  });

  it('sends a selection, extra fingerprints, a split size and the device details from More options', async () => {
    const scripted = script();
    scripted.answers['export:run'] = () => ok({ bundle: bundle() });
    const user = show(scripted);
    await screen.findByText('The whole case: 3 items.');
    await user.click(screen.getByText('More options'));
    await user.click(screen.getByRole('radio', { name: 'Only the items I choose' }));
    const list = screen.getByRole('list', { name: 'Evidence to put in the bundle' });
    expect(within(list).getAllByRole('checkbox')).toHaveLength(3);
    // Each row carries its small preview, fetched from evidence:thumbnail.
    await waitFor(() => {
      expect(list.querySelectorAll('img[src^="data:image/webp"]')).toHaveLength(3);
    });
    expect(callsNamed(scripted, 'evidence:thumbnail')).toHaveLength(3);
    await user.click(
      within(list).getByRole('checkbox', { name: /Screenshot_20240512-214302\.png/ }),
    );
    expect(screen.getByTestId('export-count').textContent).toBe('1 item chosen.');
    await user.click(screen.getByRole('checkbox', { name: 'Include the chat exports' }));
    await user.click(screen.getByRole('checkbox', { name: 'Also MD5' }));
    await user.click(screen.getByRole('checkbox', { name: 'Also SHA-1' }));
    await user.click(screen.getByRole('checkbox', { name: 'Split into smaller parts' }));
    const size = screen.getByRole('spinbutton', { name: 'Largest part, in MB' });
    await user.clear(size);
    await user.type(size, '10');
    await user.type(screen.getByRole('textbox', { name: 'Make (for example Samsung)' }), 'Samsung');
    await user.type(screen.getByRole('textbox', { name: 'Model' }), 'Galaxy M31');
    await user.type(
      screen.getByRole('textbox', { name: 'IMEI or serial number' }),
      '356789104563218',
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'This device is' }), 'owned');
    await user.click(
      screen.getByRole('button', { name: 'Prepare the bundle for your lawyer or the police' }),
    );
    await screen.findByRole('heading', { name: 'The bundle is ready' });
    expect(callsNamed(scripted, 'export:run')).toEqual([
      {
        taskId: expect.any(String) as string,
        caseId: CASE.id,
        evidenceIds: [ITEMS[1]?.id],
        includeChats: false,
        extraHashes: ['md5', 'sha1'],
        splitMb: 10,
        device: {
          make: 'Samsung',
          model: 'Galaxy M31',
          serial: '356789104563218',
          ownership: 'Owned by me',
        },
      },
    ]);
  });

  it('asks for at least one item when the selection is empty, and sends nothing', async () => {
    const scripted = script();
    const user = show(scripted);
    await screen.findByText('The whole case: 3 items.');
    await user.click(screen.getByText('More options'));
    await user.click(screen.getByRole('radio', { name: 'Only the items I choose' }));
    await user.click(screen.getByRole('button', { name: 'Select all' }));
    expect(screen.getByTestId('export-count').textContent).toBe('3 items chosen.');
    await user.click(screen.getByRole('button', { name: 'Select none' }));
    await user.click(
      screen.getByRole('button', { name: 'Prepare the bundle for your lawyer or the police' }),
    );
    expect(screen.getByText('Choose at least one item, or put in the whole case.')).toBeTruthy();
    expect(callsNamed(scripted, 'export:run')).toEqual([]);
  });

  it('says a full disk and a closed save dialog in plain words, and keeps the button', async () => {
    const scripted = script();
    scripted.answers['export:run'] = () => fail('DISK_FULL');
    const user = show(scripted);
    const prepare = await screen.findByRole('button', {
      name: 'Prepare the bundle for your lawyer or the police',
    });
    await user.click(prepare);
    await screen.findByText(ERROR_MESSAGES.en.DISK_FULL);

    scripted.answers['export:run'] = () => ok({ bundle: null });
    await user.click(
      screen.getByRole('button', { name: 'Prepare the bundle for your lawyer or the police' }),
    );
    await screen.findByText('Nothing was saved. You can try again when you are ready.');
    expect(screen.queryByText(ERROR_MESSAGES.en.DISK_FULL)).toBeNull();
  });

  it('keeps her choices after a failure, so the next try sends them again', async () => {
    const scripted = script();
    scripted.answers['export:run'] = () => fail('NOT_WRITABLE');
    const user = show(scripted);
    await screen.findByText('The whole case: 3 items.');
    await user.click(screen.getByText('More options'));
    await user.type(screen.getByRole('textbox', { name: 'Make (for example Samsung)' }), 'Samsung');
    await user.click(screen.getByRole('checkbox', { name: 'Also MD5' }));
    await user.click(screen.getByRole('button', { name: PREPARE }));
    await screen.findByText(ERROR_MESSAGES.en.NOT_WRITABLE);
    expect(
      screen.getByRole<HTMLInputElement>('textbox', { name: 'Make (for example Samsung)' }).value,
    ).toBe('Samsung');
    await user.click(screen.getByRole('button', { name: PREPARE }));
    await waitFor(() => {
      expect(callsNamed(scripted, 'export:run')).toHaveLength(2);
    });
    const [first, second] = callsNamed(scripted, 'export:run');
    expect(second?.device).toEqual({ make: 'Samsung', model: '', serial: '', ownership: '' });
    expect(second?.extraHashes).toEqual(['md5']);
    expect(second?.taskId).not.toBe(first?.taskId);
  });

  it('asks for a whole number of MB when the split size makes no sense, and sends nothing', async () => {
    const scripted = script();
    const user = show(scripted);
    await screen.findByText('The whole case: 3 items.');
    await user.click(screen.getByText('More options'));
    await user.click(screen.getByRole('checkbox', { name: 'Split into smaller parts' }));
    const size = screen.getByRole('spinbutton', { name: 'Largest part, in MB' });
    await user.clear(size);
    await user.type(size, '0');
    await user.click(screen.getByRole('button', { name: PREPARE }));
    expect(
      screen.getByText('Write the largest part size as a whole number of MB, 1 or more.'),
    ).toBeTruthy();
    expect(size.getAttribute('aria-invalid')).toBe('true');
    expect(callsNamed(scripted, 'export:run')).toEqual([]);
  });

  it('cancels a running export by its task id and says it stopped', async () => {
    const scripted = script();
    const hold = holdRun(scripted);
    scripted.answers['export:cancel'] = () => {
      hold.release(fail('CANCELLED'));
      return ok({ cancelled: true });
    };
    const user = show(scripted);
    await user.click(
      await screen.findByRole('button', {
        name: 'Prepare the bundle for your lawyer or the police',
      }),
    );
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    await screen.findByText(ERROR_MESSAGES.en.CANCELLED);
    const [run] = callsNamed(scripted, 'export:run');
    expect(callsNamed(scripted, 'export:cancel')).toEqual([{ taskId: run?.taskId }]);
  });

  it('offers Show in folder on the desktop, with the folder she chose', async () => {
    const scripted = script({ desktop: true });
    const saved = bundle({
      folder: '/home/asha/Documents',
      canReveal: true,
      files: [{ name: 'for-lawyer.zip', sha256: SHA, size: 10, downloadUrl: null }],
    });
    scripted.answers['export:run'] = () => ok({ bundle: saved });
    scripted.answers['export:reveal'] = () => ok({ shown: true });
    const user = show(scripted);
    await user.click(
      await screen.findByRole('button', {
        name: 'Prepare the bundle for your lawyer or the police',
      }),
    );
    await screen.findByText('Saved in /home/asha/Documents');
    expect(screen.queryByRole('link')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show in folder' }));
    expect(callsNamed(scripted, 'export:reveal')).toEqual([{ bundleId: saved.bundleId }]);
  });

  it('says calmly that there is nothing to export yet', async () => {
    const scripted = script();
    scripted.answers['evidence:list'] = () => ok([]);
    show(scripted);
    await screen.findByText(
      'There is no evidence in this case yet. Add some on the Evidence tab first.',
    );
    expect(screen.queryByRole('button', { name: /Prepare the bundle/ })).toBeNull();
  });

  it('never signs with a new key on its own: a lost signing key is explained, and a new one is used only when she confirms', async () => {
    const scripted = script();
    scripted.answers['export:run'] = (input) =>
      input.newSigningKey === true ? ok({ bundle: bundle() }) : fail('SIGNING_KEY_MISSING');
    const user = show(scripted);
    await screen.findByText('The whole case: 3 items.');
    await user.click(screen.getByRole('button', { name: PREPARE }));
    expect(await screen.findByText(ERROR_MESSAGES.en.SIGNING_KEY_MISSING)).toBeTruthy();
    const offer = screen.getByTestId('export-new-key');
    expect(offer.textContent).toContain("Send the new key's fingerprint");
    expect(callsNamed(scripted, 'export:run')).toHaveLength(1);
    expect(callsNamed(scripted, 'export:run')[0]?.newSigningKey).toBeUndefined();

    await user.click(within(offer).getByRole('button', { name: 'Sign with a new key' }));
    await screen.findByRole('heading', { name: 'The bundle is ready' });
    const runs = callsNamed(scripted, 'export:run');
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({ caseId: CASE.id, newSigningKey: true });
  });

  it('explains a lost signing key in Hindi when Hindi is chosen', async () => {
    const scripted = script();
    scripted.answers['export:run'] = () => fail('SIGNING_KEY_MISSING');
    const user = show(scripted, 'hi');
    await user.click(
      await screen.findByRole('button', { name: 'अपने वकील या पुलिस के लिए बंडल तैयार करें' }),
    );
    expect(await screen.findByText(ERROR_MESSAGES.hi.SIGNING_KEY_MISSING)).toBeTruthy();
    expect(
      within(screen.getByTestId('export-new-key')).getByRole('button', {
        name: 'नई कुंजी से हस्ताक्षर करें',
      }),
    ).toBeTruthy();
  });

  it('is all in Hindi when Hindi is chosen', async () => {
    const scripted = script();
    show(scripted, 'hi');
    await screen.findByText('पूरा मामला: 3 सबूत।');
    expect(screen.getByRole('button', { name: 'अपने वकील या पुलिस के लिए बंडल तैयार करें' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'बंडल जाँचें' })).toBeTruthy();
  });
});

describe('Check a bundle', () => {
  const intact: VerifyReport = {
    intact: true,
    bundleId: 'b',
    fileCount: 12,
    signature: 'valid',
    signingKeyFingerprint: 'SHA256:abcdefghijklmnop',
    signer: 'unconfirmed',
    expectedKey: null,
    signerNote: 'internally consistent, but who made it is not confirmed',
    problems: [],
  };

  it('uploads the zip in the browser and says everything matches', async () => {
    const scripted = script();
    scripted.answers['export:verify'] = () => ok(intact);
    show(scripted);
    const zip = new File([new Uint8Array([80, 75, 3, 4])], 'bundle.zip', {
      type: 'application/zip',
    });
    fireEvent.change(screen.getByTestId('verify-file-input'), { target: { files: [zip] } });
    await screen.findByRole('heading', { name: 'Everything matches' });
    expect(
      screen.getByText(
        'All 12 files in bundle.zip are exactly as they were when the bundle was made, and the signature is valid.',
      ),
    ).toBeTruthy();
    // With no fingerprint from the sender, she is told who made it is not confirmed.
    expect(screen.getByTestId('verify-signer').textContent).toContain(
      'who made this bundle is not confirmed',
    );
    expect(scripted.uploads).toEqual(['bundle.zip']);
    expect(callsNamed(scripted, 'export:verify')).toEqual([
      { taskId: expect.any(String) as string, uploadId: 'ab'.repeat(16) },
    ]);
  });

  it('says a bundle was signed by this Sakshya only when main says so, and warns about another key', async () => {
    const scripted = script();
    scripted.answers['export:verify'] = () => ok({ ...intact, vaultOrigin: 'this-vault' });
    show(scripted);
    const zip = new File([new Uint8Array([80, 75, 3, 4])], 'bundle.zip', {
      type: 'application/zip',
    });
    fireEvent.change(screen.getByTestId('verify-file-input'), { target: { files: [zip] } });
    await screen.findByRole('heading', { name: 'Everything matches' });
    expect(screen.getByTestId('verify-origin').textContent).toBe(
      'It was signed by this Sakshya, when you exported it.',
    );

    cleanup();
    const again = script();
    again.answers['export:verify'] = () => ok({ ...intact, vaultOrigin: 'another-key' });
    show(again);
    fireEvent.change(screen.getByTestId('verify-file-input'), { target: { files: [zip] } });
    await screen.findByRole('heading', { name: 'Everything matches' });
    expect(screen.getByTestId('verify-origin').textContent).toContain(
      'It was not signed by this Sakshya.',
    );
  });

  it('sends the fingerprint she typed, and names a bundle signed with another key', async () => {
    const scripted = script();
    const given = `SHA256:${'A'.repeat(43)}`;
    scripted.answers['export:verify'] = () =>
      ok({
        ...intact,
        intact: false,
        signer: 'mismatch',
        expectedKey: given,
        problems: [{ code: 'signer-mismatch', path: 'signing-key.pub', message: 'another key' }],
      });
    const user = show(scripted);
    await user.type(screen.getByTestId('verify-expect-key'), 'SHA256:tooshort');
    expect(screen.getByText(/does not look like a key fingerprint/).getAttribute('role')).toBe(
      'alert',
    );
    expect(
      screen.getByRole('button', { name: 'Choose a .zip file' }).hasAttribute('disabled'),
    ).toBe(true);
    await user.clear(screen.getByTestId('verify-expect-key'));
    await user.type(screen.getByTestId('verify-expect-key'), ` ${'A'.repeat(43)} `);
    const zip = new File([new Uint8Array([80, 75, 3, 4])], 'bundle.zip', {
      type: 'application/zip',
    });
    fireEvent.change(screen.getByTestId('verify-file-input'), { target: { files: [zip] } });
    await screen.findByRole('heading', { name: 'Some parts do not match' });
    expect(screen.getByTestId('verify-signer').textContent).toContain(
      'It was NOT signed with the key fingerprint the sender gave you',
    );
    expect(
      screen.getByText(
        'This bundle was signed with a different key from the one the sender gave you.',
      ),
    ).toBeTruthy();
    expect(callsNamed(scripted, 'export:verify')).toEqual([
      { taskId: expect.any(String) as string, uploadId: 'ab'.repeat(16), expectKey: given },
    ]);
  });

  it('passes the path on the desktop and lists each problem with its file, in plain words', async () => {
    const scripted = script({ desktop: true });
    scripted.answers['export:verify'] = () =>
      ok({
        ...intact,
        intact: false,
        signature: 'missing',
        problems: [
          {
            code: 'hash-mismatch',
            path: 'data/evidence/0002_Screenshot_20240512-214302.png',
            message: 'changed',
          },
          { code: 'missing-file', path: 'data/report.pdf', message: 'missing' },
          { code: 'signature', path: 'signature.sig', message: 'not signed' },
          { code: 'something-new', path: null, message: 'new' },
        ],
      } satisfies VerifyReport);
    show(scripted);
    const zip = new File([new Uint8Array([80, 75, 3, 4])], 'copy.zip', { type: 'application/zip' });
    fireEvent.change(screen.getByTestId('verify-file-input'), { target: { files: [zip] } });
    await screen.findByRole('heading', { name: 'Some parts do not match' });
    expect(callsNamed(scripted, 'export:verify')).toEqual([
      { taskId: expect.any(String) as string, path: '/home/asha/Downloads/copy.zip' },
    ]);
    const rows = screen.getAllByTestId('verify-problem').map((row) => row.textContent);
    expect(rows).toEqual([
      'data/evidence/0002_Screenshot_20240512-214302.pngThis file was changed after the bundle was made.',
      'data/report.pdfThis file is missing from the bundle.',
      'signature.sigThe bundle has no signature.',
      'The bundle as a wholeThis does not match what was recorded.',
    ]);
  });

  it('says a file that is not a bundle could not be opened', async () => {
    const scripted = script();
    scripted.answers['export:verify'] = () => fail('BUNDLE_UNREADABLE');
    show(scripted);
    const zip = new File([new Uint8Array([1])], 'photo.zip');
    fireEvent.change(screen.getByTestId('verify-file-input'), { target: { files: [zip] } });
    await waitFor(() => {
      expect(screen.getByText(ERROR_MESSAGES.en.BUNDLE_UNREADABLE)).toBeTruthy();
    });
  });
});
