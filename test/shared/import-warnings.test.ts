import { describe, expect, it } from 'vitest';
import {
  formatImportWarning,
  IMPORT_WARNINGS,
  matchImportWarning,
  type ImportWarningCode,
} from '../../shared/import-warnings';

const CODES = Object.keys(IMPORT_WARNINGS) as ImportWarningCode[];

describe('import warnings', () => {
  it('finds the code and values of every stored sentence again', () => {
    for (const code of CODES) {
      const params = { chunk: 'zTXt', reason: 'the disk is full; nothing was added' };
      const stored = formatImportWarning(code, params);
      expect(stored).not.toMatch(/\{\w+\}/);
      const found = matchImportWarning(stored);
      expect(found?.code).toBe(code);
      for (const [name, value] of Object.entries(found?.params ?? {}))
        expect(params[name as keyof typeof params]).toBe(value);
    }
  });

  it('keeps the exact sentences that older evidence was stored with', () => {
    expect(
      matchImportWarning("Part of this file's metadata is damaged and could not be read."),
    ).toEqual({ code: 'metadata-damaged', params: {} });
    expect(matchImportWarning('A PNG iTXt chunk is damaged and was skipped.')).toEqual({
      code: 'png-chunk-damaged',
      params: { chunk: 'iTXt' },
    });
  });

  it('matches whole sentences only, and nothing else', () => {
    expect(matchImportWarning('Something new went wrong.')).toBeNull();
    expect(matchImportWarning(`${IMPORT_WARNINGS['metadata-unreadable']} And more.`)).toBeNull();
    expect(matchImportWarning(`Note: ${IMPORT_WARNINGS['chat-too-large']}`)).toBeNull();
    expect(matchImportWarning('')).toBeNull();
  });
});
