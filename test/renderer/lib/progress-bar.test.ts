import { describe, expect, it } from 'vitest';
import { readBarRange, splitTimeLeft } from '../../../renderer/src/lib/progress-bar';

describe('readBarRange', () => {
  it('leaves the bar indeterminate before the first report', () => {
    expect(readBarRange(null)).toBeNull();
  });

  it('follows bytes once sizes are known, and files before that', () => {
    expect(readBarRange({ done: 1, total: 4, bytesDone: 300, bytesTotal: 1200 })).toEqual({
      value: 300,
      max: 1200,
    });
    expect(readBarRange({ done: 1, total: 4, bytesDone: 0, bytesTotal: 0 })).toEqual({
      value: 1,
      max: 4,
    });
    expect(readBarRange({ done: 0, total: 0, bytesDone: 0, bytesTotal: 0 })).toEqual({
      value: 0,
      max: 1,
    });
  });
});

describe('splitTimeLeft', () => {
  it('counts seconds under a minute and rounded minutes from a minute on', () => {
    expect(splitTimeLeft(59)).toEqual({ unit: 'seconds', count: 59 });
    expect(splitTimeLeft(60)).toEqual({ unit: 'minutes', count: 1 });
    expect(splitTimeLeft(150)).toEqual({ unit: 'minutes', count: 3 });
  });
});
