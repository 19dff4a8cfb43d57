import { describe, expect, it } from 'vitest';
import {
  MAX_SCALE,
  MIN_SCALE,
  canPan,
  clampPan,
  computeFitScale,
  fitState,
  panBy,
  zoomAbout,
  zoomTo,
} from '../../../renderer/src/lib/viewer-zoom';

const PHOTO = { width: 4000, height: 3000 };
const BOX = { width: 800, height: 600 };

describe('zoom and pan', () => {
  it('fits a large picture into the box and never enlarges a small one', () => {
    expect(computeFitScale(PHOTO, BOX)).toBe(0.2);
    expect(computeFitScale({ width: 100, height: 50 }, BOX)).toBe(1);
    // Before the box is measured, the picture is shown at its own size.
    expect(computeFitScale(PHOTO, { width: 0, height: 0 })).toBe(1);
  });

  it('keeps the point under the pointer in place while zooming about it', () => {
    const start = fitState(PHOTO, BOX);
    const point = { x: 200, y: -100 };
    const zoomed = zoomAbout(start, 2, point, PHOTO, BOX);
    expect(zoomed.scale).toBe(0.4);
    expect(zoomed.fit).toBe(false);
    // The picture pixel under the pointer: (point - offset) / scale, the same before and after.
    expect((point.x - zoomed.x) / zoomed.scale).toBeCloseTo((point.x - start.x) / start.scale);
    expect((point.y - zoomed.y) / zoomed.scale).toBeCloseTo((point.y - start.y) / start.scale);
  });

  it('stays within its limits', () => {
    const start = fitState(PHOTO, BOX);
    expect(zoomAbout(start, 1000, { x: 0, y: 0 }, PHOTO, BOX).scale).toBe(MAX_SCALE);
    expect(zoomAbout(start, 0.0001, { x: 0, y: 0 }, PHOTO, BOX).scale).toBe(MIN_SCALE);
  });

  it('cannot drag the picture out of sight, and keeps a smaller picture centred', () => {
    const actual = zoomTo(fitState(PHOTO, BOX), 1, PHOTO, BOX);
    expect(canPan(actual, PHOTO, BOX)).toBe(true);
    const far = panBy(actual, 1e6, -1e6, PHOTO, BOX);
    expect(far.x).toBe((4000 - 800) / 2);
    expect(far.y).toBe(-(3000 - 600) / 2);
    const fitted = fitState(PHOTO, BOX);
    expect(canPan(fitted, PHOTO, BOX)).toBe(false);
    expect(clampPan({ ...fitted, x: 50, y: 50 }, PHOTO, BOX)).toMatchObject({ x: 0, y: 0 });
  });
});
