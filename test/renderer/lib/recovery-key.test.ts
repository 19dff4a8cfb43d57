import { describe, expect, it } from 'vitest';
import {
  matchesGroup,
  pickGroupNumber,
  splitRecoveryKey,
} from '../../../renderer/src/lib/recovery-key';

const KEY = 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789';

describe('recovery key check', () => {
  it('splits the key into its eight groups', () => {
    expect(splitRecoveryKey(KEY)).toHaveLength(8);
  });

  it('picks a group number people count from one', () => {
    expect(pickGroupNumber(8, () => 0)).toBe(1);
    expect(pickGroupNumber(8, () => 0.999)).toBe(8);
  });

  it('accepts the asked group in any case and with look-alike letters', () => {
    expect(matchesGroup(KEY, 6, 'yz01')).toBe(true);
    expect(matchesGroup(KEY, 6, 'YZOI')).toBe(true);
    expect(matchesGroup(KEY, 6, ' Y Z 0 1 ')).toBe(true);
  });

  it('refuses another group, a partial group and a group number out of range', () => {
    expect(matchesGroup(KEY, 6, '2345')).toBe(false);
    expect(matchesGroup(KEY, 6, 'YZ0')).toBe(false);
    expect(matchesGroup(KEY, 9, '')).toBe(false);
  });
});
