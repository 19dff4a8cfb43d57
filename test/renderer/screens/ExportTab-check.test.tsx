// @vitest-environment jsdom
// The Export tab's Check a bundle, over a test double of the transport only: the real buildSakshyaApi and the real
// contract schemas check every input, and a scripted main answers the export calls.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../../shared/contract/export';
import { ERROR_MESSAGES } from '../../../shared/errors';
import { callsNamed, fail, ok, script, show } from './export-tab-fixtures';

afterEach(cleanup);

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

  it.each([
    ['en', 'Choose a .zip file', 'Check who made it, with the key fingerprint the sender gave you'],
    ['hi', '.zip फ़ाइल चुनें', 'भेजने वाले की दी हुई कुंजी फ़िंगरप्रिंट से जाँचें कि बंडल किसने बनाया'],
  ] as const)(
    'offers choosing the bundle first, with the signer’s fingerprint one click away (%s)',
    async (language, choose, summary) => {
      const user = show(script(), language);
      const button = screen.getByRole('button', { name: choose });
      const field = screen.getByTestId('verify-expect-key');
      // The button comes before the fingerprint, which waits closed behind its summary.
      expect(button.compareDocumentPosition(field) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      const details = screen.getByTestId<HTMLDetailsElement>('verify-key-details');
      expect(details.contains(field)).toBe(true);
      expect(details.open).toBe(false);
      await user.click(screen.getByText(summary));
      await waitFor(() => {
        expect(details.open).toBe(true);
      });
    },
  );

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
    // What stops the check stays in view.
    await waitFor(() => {
      expect(screen.getByTestId<HTMLDetailsElement>('verify-key-details').open).toBe(true);
    });
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
