// @vitest-environment jsdom
// The Export tab over a test double of the transport only: the real buildSakshyaApi and the real
// contract schemas check every input, and a scripted main answers the export calls.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../../shared/errors';
import {
  bundle,
  callsNamed,
  CASE,
  fail,
  holdRun,
  ITEMS,
  ok,
  PREPARE,
  script,
  SHA,
  show,
} from './export-tab-fixtures';

afterEach(cleanup);

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
