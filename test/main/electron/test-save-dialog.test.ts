// The save-dialog stand-in for the Electron smoke test must never work in a packaged app: there
// an environment variable could otherwise send a user's export wherever it names.
import { describe, expect, it } from 'vitest';
import { createTestSaveDialog } from '../../../main/electron/desktop-actions';

describe('the test save dialog', () => {
  it('answers SAKSHYA_TEST_SAVE_PATH in a build run from a checkout', async () => {
    const dialog = createTestSaveDialog<object>(false, {
      SAKSHYA_TEST_SAVE_PATH: '/tmp/out/bundle.zip',
    });
    expect(await dialog?.({}, {})).toEqual({ canceled: false, filePath: '/tmp/out/bundle.zip' });
  });

  it('is absent in a packaged app, and when the variable is unset or empty', () => {
    expect(
      createTestSaveDialog(true, { SAKSHYA_TEST_SAVE_PATH: '/tmp/out/bundle.zip' }),
    ).toBeUndefined();
    expect(createTestSaveDialog(false, {})).toBeUndefined();
    expect(createTestSaveDialog(false, { SAKSHYA_TEST_SAVE_PATH: '' })).toBeUndefined();
  });
});
