// Which step the Steps tab should bring into view when it opens, set by "Go to this step" on the
// Next steps card. A one-shot value: reading it clears it.
let pending: string | null = null;

export function requestStepFocus(ref: string): void {
  pending = ref;
}

export function takeStepFocus(): string | null {
  const ref = pending;
  pending = null;
  return ref;
}

/** The element id of a step's card; refs hold '/', which ids may, but selectors need escaping. */
export function stepCardId(ref: string): string {
  return `step-${ref.replace(/[^a-zA-Z0-9-]/g, '_')}`;
}
