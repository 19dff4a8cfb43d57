import { describe, expect, it } from 'vitest';
import type { ImportResultItem } from '../../../shared/api-contract';
import { countImport, filterResults, wasStopped } from '../../../renderer/src/lib/import-summary';
import { estimateSecondsLeft, formatBytes } from '../../../renderer/src/lib/format-size';
import { namePastedImage } from '../../../renderer/src/lib/use-paste-image';

function item(
  status: ImportResultItem['status'],
  reasonCode: ImportResultItem['reasonCode'] = null,
): ImportResultItem {
  return {
    name: `${status}.png`,
    status,
    reasonCode,
    reason: null,
    evidenceId: null,
    sha256: null,
    mediaType: null,
    capturedAt: null,
    capturedAtSource: null,
    warnings: [],
    messageCount: null,
  };
}

describe('the import summary', () => {
  const results = [
    item('imported'),
    item('imported'),
    item('duplicate', 'duplicate'),
    item('failed', 'unreadable'),
    item('skipped', 'empty'),
    item('skipped', 'cancelled'),
  ];

  it('puts every file in exactly one count', () => {
    expect(countImport(results)).toEqual({
      added: 2,
      alreadyHere: 1,
      unreadable: 1,
      leftOut: 2,
      total: 6,
    });
    expect(countImport([])).toEqual({
      added: 0,
      alreadyHere: 0,
      unreadable: 0,
      leftOut: 0,
      total: 0,
    });
  });

  it('filters to what was not added, or to one kind', () => {
    expect(filterResults(results, 'notAdded').map((r) => r.status)).toEqual([
      'duplicate',
      'failed',
      'skipped',
      'skipped',
    ]);
    expect(filterResults(results, 'unreadable')).toHaveLength(1);
    expect(filterResults(results, 'leftOut')).toHaveLength(2);
    expect(filterResults(results, 'alreadyHere')).toHaveLength(1);
    expect(filterResults(results, 'all')).toHaveLength(6);
  });

  it('knows an import was stopped when any file was left out because of the cancel', () => {
    expect(wasStopped(results)).toBe(true);
    expect(wasStopped(results.slice(0, 5))).toBe(false);
  });
});

describe('progress words', () => {
  it('gives no time estimate in the first second or before any bytes moved', () => {
    expect(estimateSecondsLeft(900, 50, 100)).toBeNull();
    expect(estimateSecondsLeft(5000, 0, 100)).toBeNull();
    expect(estimateSecondsLeft(5000, 100, 100)).toBeNull();
  });

  it('estimates the time left from the rate so far', () => {
    expect(estimateSecondsLeft(2000, 25, 100)).toBe(6);
    expect(estimateSecondsLeft(1000, 999, 1000)).toBe(1);
  });

  it('writes sizes in the reader language with at most one decimal', () => {
    expect(formatBytes(512, 'en')).toBe('512 bytes');
    expect(formatBytes(3.45 * 1024 * 1024, 'en')).toBe('3.5 MB');
    expect(formatBytes(2048, 'hi')).toMatch(/^2\s/);
  });

  it('names a pasted screenshot after the local time of the paste', () => {
    expect(namePastedImage(new Date(2024, 4, 12, 21, 43, 7), 'image/png')).toBe(
      'pasted-20240512-214307.png',
    );
    expect(namePastedImage(new Date(2024, 0, 2, 3, 4, 5), 'image/jpeg')).toBe(
      'pasted-20240102-030405.jpg',
    );
  });
});
