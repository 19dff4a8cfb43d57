import { describe, expect, it } from 'vitest';
import { describeBackupAge } from '../../../renderer/src/lib/backup-age';

const NOW = new Date('2026-12-06T10:00:00Z');
const daysAgo = (days: number): string => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe('describeBackupAge', () => {
  it('says "3 days ago" in English and "3 दिन पहले" in Hindi', () => {
    expect(describeBackupAge(daysAgo(3), NOW, 7, 'en')).toEqual({
      state: 'recent',
      relative: '3 days ago',
    });
    expect(describeBackupAge(daysAgo(3), NOW, 7, 'hi').relative).toBe('3 दिन पहले');
  });

  it('uses minutes and hours within the first day, and nothing under a minute', () => {
    expect(
      describeBackupAge(new Date(NOW.getTime() - 5 * 60_000).toISOString(), NOW, 7, 'en').relative,
    ).toBe('5 minutes ago');
    expect(
      describeBackupAge(new Date(NOW.getTime() - 2 * 3_600_000).toISOString(), NOW, 7, 'hi')
        .relative,
    ).toBe('2 घंटे पहले');
    expect(
      describeBackupAge(new Date(NOW.getTime() - 20_000).toISOString(), NOW, 7, 'en').relative,
    ).toBeNull();
  });

  it('is due from the limit on, and when there was never a backup', () => {
    expect(describeBackupAge(daysAgo(6.9), NOW, 7, 'en').state).toBe('recent');
    expect(describeBackupAge(daysAgo(7), NOW, 7, 'en').state).toBe('due');
    expect(describeBackupAge(daysAgo(2), NOW, 1, 'en').state).toBe('due');
    expect(describeBackupAge(null, NOW, 7, 'en')).toEqual({ state: 'never', relative: null });
  });

  it('does not nag when the clock was set back and the backup looks like it is in the future', () => {
    expect(describeBackupAge(daysAgo(-2), NOW, 7, 'en')).toEqual({
      state: 'recent',
      relative: null,
    });
  });
});
