import { describe, expect, it } from 'vitest';
import { baggingDate } from '../../../../main/core/export/bag-files';

describe('baggingDate', () => {
  it('dates a bag made at 2 am in India on the Indian day, not on the UTC day before', () => {
    const made = { generatedAt: '2024-05-12T20:45:00.000Z', case: { timezone: 'Asia/Kolkata' } };
    expect(baggingDate(made as Parameters<typeof baggingDate>[0])).toBe('2024-05-13');
  });

  it('keeps the UTC day where the case clock agrees with it', () => {
    const made = { generatedAt: '2024-05-12T10:00:00.000Z', case: { timezone: 'Asia/Kolkata' } };
    expect(baggingDate(made as Parameters<typeof baggingDate>[0])).toBe('2024-05-12');
  });
});
