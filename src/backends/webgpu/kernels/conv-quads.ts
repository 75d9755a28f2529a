// WGSL pieces the three conv2d kernels plug into the implicit GEMM (implicit-gemm.ts) to move quads: reading
// four consecutive output positions' window elements from an image plane (the forward's input columns, the input
// gradient's output-gradient columns), and writing or reading four consecutive elements either as one aligned
// vec4 or as four masked scalars. Each takes its kernel's names as WGSL expressions.

import type { WgslType } from '../wgsl.js';

/** A quad's element indices, for generating its four statements. */
export const QUAD = [0, 1, 2, 3];

/** Positions laid out as rows of `cols` on a grid whose position (i, j) reads the plane at (i rowStep - rowOrigin, j colStep - colOrigin) plus the tap's offset. */
export interface WindowQuad {
  readonly type: WgslType;
  /** The GEMM operand ('A' or 'B') whose rows are the positions. */
  readonly operand: 'A' | 'B';
  /** The plane's binding, and the element where the slice's planes start. */
  readonly src: string;
  readonly base: string;
  readonly cols: string;
  readonly rowStep: string;
  readonly rowOrigin: string;
  readonly colStep: string;
  readonly colOrigin: string;
  /** The plane's size. */
  readonly height: string;
  readonly width: string;
  /**
   * `cols` is a multiple of 4, so a quad starting at a multiple of 4 lies in one grid row: its row is decoded
   * and bounds-checked once, and its columns step by colStep.
   */
  readonly sameRow: boolean;
}

/**
 * `rowX` and `loadX` of a 'rows' operand whose rows are grid positions and whose K index decodes (kAt) to
 * (plane offset, tap row, tap column, _): the quad of positions p..p+3 at one tap, zero outside the plane.
 */
export function windowQuad(q: WindowQuad): string {
  const { type, operand: x } = q;
  if (q.sameRow) {
    return `
fn row${x}(p: i32) -> vec2<i32> {
  return vec2<i32>((p / ${q.cols}) * ${q.rowStep} - ${q.rowOrigin}, (p % ${q.cols}) * ${q.colStep} - ${q.colOrigin});
}
fn load${x}(at: vec2<i32>, p: i32, k: i32) -> vec4<${type}> {
  let kc = kAt(k);
  let r = at.x + kc.y;
  var v = vec4<${type}>(0);
  if (u32(r) < u32(${q.height})) {
    let c = at.y + kc.z;
    let i = ${q.base} + kc.x + r * ${q.width} + c;
${QUAD.map((j) => `    if (u32(c + ${j} * ${q.colStep}) < u32(${q.width})) { v[${j}] = ${q.src}[i + ${j} * ${q.colStep}]; }`).join('\n')}
  }
  return v;
}
`;
  }
  return `
struct Window${x} { r: vec4<i32>, c: vec4<i32> }
fn row${x}(p: i32) -> Window${x} {
  let ps = vec4<i32>(p) + vec4<i32>(0, 1, 2, 3);
  return Window${x}((ps / ${q.cols}) * ${q.rowStep} - ${q.rowOrigin}, (ps % ${q.cols}) * ${q.colStep} - ${q.colOrigin});
}
fn load${x}(at: Window${x}, p: i32, k: i32) -> vec4<${type}> {
  let kc = kAt(k);
  let r = at.r + kc.y;
  let c = at.c + kc.z;
  let inside = (vec4<u32>(r) < vec4<u32>(u32(${q.height}))) & (vec4<u32>(c) < vec4<u32>(u32(${q.width})));
  let i = ${q.base} + kc.x + r * ${q.width} + c;
  var v = vec4<${type}>(0);
${QUAD.map((j) => `  if (inside[${j}]) { v[${j}] = ${q.src}[i[${j}]]; }`).join('\n')}
  return v;
}
`;
}

/**
 * Statements writing quad `v` to elements `at`..`at`+3 of `dst`: one vec4 (`aligned`: `at` is a multiple of 4
 * and the quad never leaves the range, dst bound as vec4), or the elements whose `index + j < limit`.
 */
export function storeQuad(dst: string, at: string, aligned: boolean, index: string, limit: string): string {
  if (aligned) return `  ${dst}[(${at}) / 4] = v;`;
  return QUAD.map((j) => `  if (${index} + ${j} < ${limit}) { ${dst}[${at} + ${j}] = v[${j}]; }`).join('\n');
}

/** Statements setting the elements j of `v` (declared zero) whose `index + j < limit` to `src[at + j]`. */
export function loadQuad(src: string, at: string, index: string, limit: string): string {
  return QUAD.map((j) => `  if (${index} + ${j} < ${limit}) { v[${j}] = ${src}[${at} + ${j}]; }`).join('\n');
}
