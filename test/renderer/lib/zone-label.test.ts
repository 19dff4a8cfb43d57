import { describe, expect, it } from 'vitest';
import { formatZoneLabel, isSameZone } from '../../../renderer/src/lib/zone-label';

describe('zone labels', () => {
  it('names India as India (IST, UTC+5:30), under either of its zone names', () => {
    expect(formatZoneLabel('Asia/Kolkata', 'en')).toBe('India (IST, UTC+5:30)');
    expect(formatZoneLabel('Asia/Calcutta', 'en')).toBe('India (IST, UTC+5:30)');
    expect(formatZoneLabel('Asia/Kolkata', 'hi')).toBe('भारत (IST, UTC+5:30)');
    expect(isSameZone('Asia/Calcutta', 'Asia/Kolkata')).toBe(true);
  });

  it('gives the offset of the day asked for, and a city for a zone not in the table', () => {
    expect(formatZoneLabel('Asia/Kathmandu', 'en')).toBe('Nepal (UTC+5:45)');
    expect(formatZoneLabel('Europe/London', 'en', new Date('2024-07-01T12:00:00Z'))).toBe(
      'United Kingdom (UTC+1)',
    );
    expect(formatZoneLabel('America/Sao_Paulo', 'en')).toBe('Sao Paulo (UTC-3)');
  });
});
