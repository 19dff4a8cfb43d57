import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { SettingsRepository } from '../../../../../main/core/db/repositories/settings';
import { openTestDatabase } from '../test-database';

const Minutes = z.number().int().min(1).max(120);

describe('SettingsRepository', () => {
  it('returns the fallback until a value is set, then the value', () => {
    const settings = new SettingsRepository(openTestDatabase().db);
    expect(settings.get('autoLockMinutes', Minutes, 5)).toBe(5);
    settings.set('autoLockMinutes', 15);
    expect(settings.get('autoLockMinutes', Minutes, 5)).toBe(15);
    settings.set('autoLockMinutes', 30);
    expect(settings.get('autoLockMinutes', Minutes, 5)).toBe(30);
  });

  it('round-trips structured values', () => {
    const settings = new SettingsRepository(openTestDatabase().db);
    const Lang = z.object({ language: z.enum(['en', 'hi']), recent: z.array(z.string()) });
    const value = { language: 'hi' as const, recent: ["'); DROP TABLE settings; --"] };
    settings.set('ui', value);
    expect(settings.get('ui', Lang, { language: 'en', recent: [] })).toEqual(value);
  });

  it('falls back when the stored value does not fit the schema', () => {
    const settings = new SettingsRepository(openTestDatabase().db);
    settings.set('autoLockMinutes', 'forever');
    expect(settings.get('autoLockMinutes', Minutes, 5)).toBe(5);
  });
});
