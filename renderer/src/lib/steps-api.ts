// Calls for the steps screens. A failed call, or a transport that does not answer a call at all,
// comes back as a closed error code, so a screen can say calmly what happened and keep the rest.
import type { ApiResult } from '../../../shared/api-contract';

export async function callSafely<T>(call: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
  try {
    const result = await call();
    // Reading `ok` also catches a transport that answered nothing.
    if (result.ok) return result;
    return result;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: '' } };
  }
}

/** Offers bytes from main as a download; the browser or Electron asks where to save them. */
export function offerDownload(base64: string, fileName: string, mediaType: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  const url = URL.createObjectURL(new Blob([bytes], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the download a moment to start before the bytes are released.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}
