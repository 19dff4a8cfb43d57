// The recovery key's Copy, done by main: the key goes on the clipboard, and 60 seconds later main
// reads the clipboard and clears it if the key is still there, so it does not sit where the next
// person at the computer can paste it. If something else was copied meanwhile, that is left alone.
// Only main may read the clipboard; the window never can.
import type { SecretClipboard } from '../api/handlers';

export const CLEAR_AFTER_SECONDS = 60;

export interface ClipboardLike {
  writeText(text: string): void;
  readText(): string;
}

export function createSecretClipboard(
  clipboard: ClipboardLike,
  clearAfterMs: number = CLEAR_AFTER_SECONDS * 1000,
): SecretClipboard {
  let pending: NodeJS.Timeout | undefined;
  return {
    copySecret(text) {
      clearTimeout(pending);
      clipboard.writeText(text);
      pending = setTimeout(() => {
        pending = undefined;
        if (clipboard.readText() === text) clipboard.writeText('');
      }, clearAfterMs);
      pending.unref();
      return Promise.resolve({ copied: true, clearAfterSeconds: Math.round(clearAfterMs / 1000) });
    },
  };
}
