// Adds a jsdom window's DOM globals to Node without replacing anything Node already has (typed
// arrays, TextEncoder, crypto), so the real core and React DOM can run in one test file.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>', {
  url: 'http://127.0.0.1/',
  pretendToBeVisual: true,
});
const target = globalThis as Record<string, unknown>;
const source = dom.window as unknown as Record<string, unknown>;
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (key in target) continue;
  target[key] = source[key];
}
target.window = dom.window;
target.document = dom.window.document;
target.navigator = dom.window.navigator;
target.IS_REACT_ACT_ENVIRONMENT = true;
