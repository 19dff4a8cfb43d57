// One name per zone in what the core stores: a case given 'Asia/Calcutta' (what Windows and
// Chromium report for India) is the same zone as one given 'Asia/Kolkata'.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseInputSchema, CasePatchSchema } from '../../shared/domain';
import { canonicalTimezone, isSameTimezone } from '../../shared/time-zone-names';
import { Vault } from '../../main/core/vault/vault';
import { makeTempDir } from '../helpers/temp-dir';

describe('time-zone names', () => {
  it('maps the old names ICU still reports to the current IANA names, and leaves others alone', () => {
    expect(canonicalTimezone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalTimezone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimezone('Europe/London')).toBe('Europe/London');
    expect(isSameTimezone('Asia/Calcutta', 'Asia/Kolkata')).toBe(true);
    // Each is the same clock as its new name, so nothing moves in time.
    const at = new Date('2024-05-12T16:13:00Z');
    for (const old of ['Asia/Calcutta', 'Asia/Katmandu', 'Asia/Saigon', 'Europe/Kiev']) {
      const format = (zone: string): string =>
        new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeStyle: 'long' }).format(at);
      expect(format(old)).toBe(format(canonicalTimezone(old)));
    }
  });

  it('stores a case made or changed with Asia/Calcutta as Asia/Kolkata', async () => {
    expect(CaseInputSchema.parse({ title: 'x', timezone: 'Asia/Calcutta' }).timezone).toBe(
      'Asia/Kolkata',
    );
    expect(CasePatchSchema.parse({ timezone: 'Asia/Calcutta' }).timezone).toBe('Asia/Kolkata');
    const { vault } = await Vault.create(
      path.join(makeTempDir(), 'vault'),
      'time zone test passphrase',
      {
        scryptLogN: 10,
      },
    );
    try {
      const created = vault.createCase({ title: 'QuickCash', timezone: 'Asia/Calcutta' });
      expect(created.timezone).toBe('Asia/Kolkata');
    } finally {
      vault.lock();
    }
  });
});
