// Image output that runs anywhere: clips to RGBA strips and animation frames, and GIF encoding. Writing files
// (and PNG encoding, which needs Node's zlib through pngjs) lives in src/node/image-files.ts.

export { animationFrames, renderStrip, toClip } from './image.js';
export type { LayoutOptions, RgbaImage } from './image.js';
export { encodeGif } from './gif.js';
export type { GifOptions } from './gif.js';
