// jsdom ships no types and @types/jsdom is not installed; steps-dom-over-node.ts needs only this.
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string, options?: { url?: string; pretendToBeVisual?: boolean });
    readonly window: Window & typeof globalThis;
  }
}
