// Minimal types for heic-decode 2 (libheif compiled to wasm), which ships none.
declare module 'heic-decode' {
  interface DecodedImage {
    width: number;
    height: number;
    /** RGBA, four bytes per pixel, row by row. */
    data: Uint8ClampedArray;
  }

  interface HeifImage {
    width: number;
    height: number;
    decode(): Promise<DecodedImage>;
  }

  interface HeifImages extends Array<HeifImage> {
    /** Frees libheif's memory; must be called once the images are no longer needed. */
    dispose(): void;
  }

  interface Decode {
    (input: { buffer: Uint8Array }): Promise<DecodedImage>;
    all(input: { buffer: Uint8Array }): Promise<HeifImages>;
  }

  const decode: Decode;
  export default decode;
}
