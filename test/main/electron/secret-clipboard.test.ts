import { describe, expect, it } from 'vitest';
import { createSecretClipboard } from '../../../main/electron/secret-clipboard';
import { FakeClipboard } from '../../helpers/fake-electron';

const KEY = 'ABCD-EFGH-JKLM-NPQR';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the recovery key on main’s clipboard', () => {
  it('clears the key from the clipboard once the time is up', async () => {
    const clipboard = new FakeClipboard();
    const secret = createSecretClipboard(clipboard, 50);
    expect(await secret.copySecret(KEY)).toEqual({ copied: true, clearAfterSeconds: 0 });
    expect(clipboard.text).toBe(KEY);
    await wait(120);
    expect(clipboard.text).toBe('');
  });

  it('leaves alone whatever she copied since', async () => {
    const clipboard = new FakeClipboard();
    const secret = createSecretClipboard(clipboard, 50);
    await secret.copySecret(KEY);
    clipboard.writeText('my lawyer’s number');
    await wait(120);
    expect(clipboard.text).toBe('my lawyer’s number');
  });

  it('says it clears after 60 seconds by default', async () => {
    const clipboard = new FakeClipboard();
    expect(await createSecretClipboard(clipboard).copySecret(KEY)).toEqual({
      copied: true,
      clearAfterSeconds: 60,
    });
  });
});
