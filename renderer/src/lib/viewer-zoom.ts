// Zoom and pan for the evidence viewer, as plain numbers so they can be tested without a browser.
// Scale 1 is the picture's own pixels (100%); "fit" is whatever scale shows all of it in the box.

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 8;
/** Each button press or key press zooms by this much; a wheel notch by less. */
export const ZOOM_STEP = 1.25;
/** Arrow keys move a zoomed picture by this many screen pixels. */
export const PAN_STEP = 60;

export interface Size {
  width: number;
  height: number;
}

export interface ZoomState {
  /** True while the picture follows the box (it re-fits when the window changes size). */
  fit: boolean;
  scale: number;
  /** How far the picture's centre is from the box's centre, in screen pixels. */
  x: number;
  y: number;
}

/** The scale that shows the whole picture; never above 100%, so a small picture stays sharp. */
export function computeFitScale(image: Size, box: Size): number {
  if (image.width <= 0 || image.height <= 0 || box.width <= 0 || box.height <= 0) return 1;
  return clampScale(Math.min(1, box.width / image.width, box.height / image.height));
}

export function clampScale(scale: number): number {
  if (!Number.isFinite(scale)) return 1;
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

export function fitState(image: Size, box: Size): ZoomState {
  return { fit: true, scale: computeFitScale(image, box), x: 0, y: 0 };
}

/**
 * Zooms by `factor` about a point given relative to the box's centre (the pointer for the wheel,
 * the centre for buttons), so what is under the pointer stays under it.
 */
export function zoomAbout(
  state: ZoomState,
  factor: number,
  point: { x: number; y: number },
  image: Size,
  box: Size,
): ZoomState {
  const scale = clampScale(state.scale * factor);
  const ratio = scale / state.scale;
  const x = point.x - (point.x - state.x) * ratio;
  const y = point.y - (point.y - state.y) * ratio;
  return clampPan({ fit: false, scale, x, y }, image, box);
}

export function zoomTo(state: ZoomState, scale: number, image: Size, box: Size): ZoomState {
  return zoomAbout(state, clampScale(scale) / state.scale, { x: 0, y: 0 }, image, box);
}

export function panBy(state: ZoomState, dx: number, dy: number, image: Size, box: Size): ZoomState {
  return clampPan({ ...state, x: state.x + dx, y: state.y + dy }, image, box);
}

/**
 * Keeps the picture from being dragged out of sight: a picture smaller than the box stays centred
 * on that axis; a larger one can move only until its edge reaches the box's edge.
 */
export function clampPan(state: ZoomState, image: Size, box: Size): ZoomState {
  const limitX = Math.max(0, (image.width * state.scale - box.width) / 2);
  const limitY = Math.max(0, (image.height * state.scale - box.height) / 2);
  return {
    ...state,
    x: Math.min(limitX, Math.max(-limitX, state.x)),
    y: Math.min(limitY, Math.max(-limitY, state.y)),
  };
}

/** True when the picture is larger than the box, so there is something to pan to. */
export function canPan(state: ZoomState, image: Size, box: Size): boolean {
  return image.width * state.scale > box.width + 1 || image.height * state.scale > box.height + 1;
}
