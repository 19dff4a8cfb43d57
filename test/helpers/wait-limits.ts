// One limit on waiting for every test file, set before each file runs (vitest's setupFiles).
// CI runs two test files at once on two cores beside other work, and a loaded machine once took
// longer than Testing Library's default 1 s to show a file's first screen (its lazy chunks, the
// translations), and longer than expect.poll's default 1 s to answer in Chromium. These are limits
// on how long a test waits for the state it asserts, never a measure of speed: nothing here asserts
// how long anything takes (speed targets live in `npm run bench`).
export const WAIT_LIMIT_MS = 10_000;

// Only files that run in jsdom have a document, and only they use Testing Library's queries.
if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/dom');
  configure({ asyncUtilTimeout: WAIT_LIMIT_MS });
}
