// What the window is told about each imported file. The pipeline reports full paths (and zip
// entries as `<zip>!/<entry>`); the window gets only the name she would recognise: the base name,
// or the path inside a folder she dropped. A closed reason code lets the page say why in Hindi too.
import fs from 'node:fs';
import path from 'node:path';
import type { ImportReason, ImportResultItem } from '../../shared/api-contract';
import { CAPTURED_AT_SOURCES, type CapturedAtSource } from '../../shared/domain';
import type { ImportFileResult, ImportReasonCode } from '../core/import/import-types';

const ZIP_SEPARATOR = '!/';

// The pipeline's codes are finer than the window needs; this is the one place they are folded into
// the renderer's list, and the compiler insists every pipeline code has a row.
const RENDERER_REASONS: Readonly<Record<ImportReasonCode, ImportReason>> = {
  duplicate: 'duplicate',
  cancelled: 'cancelled',
  'vault-locked': 'locked',
  'empty-file': 'empty',
  'too-large': 'too-large',
  'system-file': 'system-file',
  'special-file': 'not-a-file',
  'folder-repeated': 'not-a-file',
  'symlink-loop': 'not-a-file',
  'dangling-link': 'not-a-file',
  'not-found': 'unreadable',
  'permission-denied': 'permission',
  'changed-while-reading': 'changed',
  'zip-refused': 'unreadable',
  'zip-encrypted': 'unreadable',
  'zip-not-read': 'unreadable',
  'disk-full': 'disk-full',
  unreadable: 'unreadable',
  other: 'other',
};

/**
 * @param roots the paths she gave (files or folders), so a file found inside a folder is named
 *   relative to that folder's parent: "phone/DCIM/IMG_1.jpg".
 */
export function describeImportResults(
  results: readonly ImportFileResult[],
  roots: readonly string[],
): ImportResultItem[] {
  return results.map((result) => ({
    name: describeName(result.path, roots),
    status: result.status,
    reasonCode: classifyReason(result),
    reason: result.reason,
    evidenceId: result.evidenceId,
    sha256: result.sha256,
    mediaType: result.mediaType,
    capturedAt: result.capturedAt,
    capturedAtSource: readSource(result.capturedAtSource),
    warnings: result.warnings,
    messageCount:
      result.chat?.messages ??
      (result.messages === undefined
        ? null
        : result.messages.filter((m) => m.sender !== null).length),
    ...(result.chat === undefined ? {} : { messagesAlreadyHere: result.chat.alreadyHere }),
    ...(result.calls === undefined ? {} : { callLog: { ...result.calls } }),
  }));
}

export function describeName(resultPath: string, roots: readonly string[]): string {
  const split = findZipSeparator(resultPath);
  if (split >= 0) {
    const zip = describeName(resultPath.slice(0, split), roots);
    return `${zip} › ${resultPath.slice(split + ZIP_SEPARATOR.length)}`;
  }
  const root = roots.find((given) => isInside(resultPath, given));
  if (root === undefined) return path.basename(resultPath);
  const relative = path.relative(path.dirname(root), resultPath);
  return relative === '' || relative.startsWith('..') ? path.basename(resultPath) : relative;
}

export function classifyReason(
  result: Pick<ImportFileResult, 'status' | 'reasonCode'>,
): ImportReason | null {
  if (result.status === 'imported') return null;
  if (result.status === 'duplicate') return 'duplicate';
  // The pipeline always gives a code here; a missing one still gets a calm, general sentence.
  if (result.reasonCode === null) return result.status === 'failed' ? 'unreadable' : 'other';
  return RENDERER_REASONS[result.reasonCode];
}

/** The first `!/` that follows a real file (the zip), so a folder named "wow!" is not split. */
function findZipSeparator(resultPath: string): number {
  for (
    let at = resultPath.indexOf(ZIP_SEPARATOR);
    at >= 0;
    at = resultPath.indexOf(ZIP_SEPARATOR, at + 1)
  ) {
    if (isFile(resultPath.slice(0, at))) return at;
  }
  return -1;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isInside(file: string, root: string): boolean {
  const normalisedRoot = path.resolve(root);
  const normalisedFile = path.resolve(file);
  return normalisedFile === normalisedRoot || normalisedFile.startsWith(normalisedRoot + path.sep);
}

function readSource(source: string | null): CapturedAtSource | null {
  return CAPTURED_AT_SOURCES.find((known) => known === source) ?? null;
}
