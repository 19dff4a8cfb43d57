// Ctrl/Cmd+V of a copied screenshot adds it to the open case. Only pictures are taken, and only
// when the clipboard holds one, so pasting text into a field works as always.
import { useEffect, useRef } from 'react';

export function usePasteImage(enabled: boolean, onImage: (file: File) => void): void {
  const latest = useRef(onImage);
  useEffect(() => {
    latest.current = onImage;
  }, [onImage]);

  useEffect(() => {
    if (!enabled) return;
    const onPaste = (event: ClipboardEvent): void => {
      const image = Array.from(event.clipboardData?.files ?? []).find((file) =>
        file.type.startsWith('image/'),
      );
      if (image === undefined) return;
      event.preventDefault();
      latest.current(
        new File([image], namePastedImage(new Date(), image.type), { type: image.type }),
      );
    };
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('paste', onPaste);
    };
  }, [enabled]);
}

/** pasted-20240512-214310.png: the local time of the paste, so several pastes get different names. */
export function namePastedImage(at: Date, mediaType: string): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
  const extension =
    mediaType === 'image/jpeg' ? 'jpg' : mediaType === 'image/webp' ? 'webp' : 'png';
  return `pasted-${stamp}.${extension}`;
}
