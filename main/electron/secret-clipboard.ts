// The recovery key's Copy, done by main: the key goes on the clipboard, and 60 seconds later main
// reads the clipboard and clears it if the key is still there, so it does not sit where the next
// person at the computer can paste it. If something else was copied meanwhile, that is left alone.
// Only main may read the clipboard; the window never can. Quitting within the 60 seconds clears it
// at once (start-app.ts), on the same terms.
import type { SecretClipboard } from '../api/handlers';

export const CLEAR_AFTER_SECONDS = 60;

/** Electron 45's clipboard answers with promises; older ones (and the test fake) at once. */
export interface ClipboardLike {
  writeText(text: string): void | Promise<void>;
  readText(): string | Promise<string>;
}

/** Main's secret clipboard, plus the clearing it owes when the app quits before the time is up. */
export interface QuittableSecretClipboard extends SecretClipboard {
  /** Clears the clipboard now if it still holds the secret (quit); never throws. */
  clearNow(): Promise<void>;
}

export function createSecretClipboard(
  clipboard: ClipboardLike,
  clearAfterMs: number = CLEAR_AFTER_SECONDS * 1000,
): QuittableSecretClipboard {
  let pending: NodeJS.Timeout | undefined;
  // Held only while the clearing is owed: the app may quit within the 60 seconds, and the key must
  // not outlive it on the clipboard for the next person at the computer.
  let secret: string | undefined;
  return {
    async copySecret(text) {
      clearTimeout(pending);
      await clipboard.writeText(text);
      secret = text;
      pending = setTimeout(() => {
        pending = undefined;
        secret = undefined;
        void clearIfUnchanged(clipboard, text);
      }, clearAfterMs);
      pending.unref();
      return { copied: true, clearAfterSeconds: Math.round(clearAfterMs / 1000) };
    },
    async clearNow() {
      clearTimeout(pending);
      pending = undefined;
      const owed = secret;
      secret = undefined;
      if (owed !== undefined) await clearIfUnchanged(clipboard, owed);
    },
  };
}

async function clearIfUnchanged(clipboard: ClipboardLike, text: string): Promise<void> {
  try {
    if ((await clipboard.readText()) === text) await clipboard.writeText('');
  } catch {
    // A clipboard that cannot be read is left as it is; nothing of it is logged.
  }
}
