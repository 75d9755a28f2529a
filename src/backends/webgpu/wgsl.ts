// Shared pieces of the generated WGSL: dtype mapping, the binding/param header every kernel uses, the linear
// invocation index that lets a dispatch span more than 65,535 workgroups, and the index unravelling loop.

import type { DType } from '../types.js';

export type WgslType = 'f32' | 'i32';

/** Threads per workgroup for the one-invocation-per-element kernels. */
export const WG = 256;
const MAX_GROUPS_PER_DIM = 65535;

export function wgslType(kernel: string, dtype: DType): WgslType {
  if (dtype === 'float32') return 'f32';
  if (dtype === 'int32') return 'i32';
  throw new Error(`webgpu kernel '${kernel}' does not support dtype ${dtype}`);
}

export interface Binding {
  readonly name: string;
  readonly type: WgslType;
  /** Bound as an array of vec4 (the kernel reads it four elements at a time, at offsets it keeps aligned). */
  readonly vec4?: boolean;
}

/** The output binding; `atomic` declares it as atomics (see atomicAddAt) for kernels that scatter into it. */
export interface OutputBinding extends Binding {
  readonly atomic?: boolean;
}

function elementOf(b: Binding): string {
  return b.vec4 ? `vec4<${b.type}>` : b.type;
}

/**
 * Declares inputs at bindings 0..k-1 (read-only), the output at k, and the packed params at k+1, plus accessors
 * pu/pi/pf reading param word i as u32/i32/f32. The runtime's bind group layout follows the same order.
 */
export function header(inputs: readonly Binding[], output: OutputBinding, paramVec4s: number): string {
  const k = inputs.length;
  const element = output.atomic ? `atomic<${output.type === 'f32' ? 'u32' : 'i32'}>` : elementOf(output);
  return [
    ...inputs.map((b, i) => `@group(0) @binding(${i}) var<storage, read> ${b.name}: array<${elementOf(b)}>;`),
    `@group(0) @binding(${k}) var<storage, read_write> ${output.name}: array<${element}>;`,
    `@group(0) @binding(${k + 1}) var<uniform> P: array<vec4<u32>, ${paramVec4s}>;`,
    'fn pu(i: u32) -> u32 { return P[i / 4u][i % 4u]; }',
    'fn pi(i: u32) -> i32 { return bitcast<i32>(pu(i)); }',
    'fn pf(i: u32) -> f32 { return bitcast<f32>(pu(i)); }',
    `const WG: u32 = ${WG}u;`,
    '',
  ].join('\n');
}

/**
 * `fn atomicAddAt(j: u32, v: T)` adding into element j of an atomic output named `out`: atomicAdd for i32
 * (exact); for f32, a compare-exchange loop on the value's bits (WGSL has no float atomics), so concurrent
 * additions to one element land in an unspecified order and the sum may differ in the last bits run to run.
 */
export function atomicAddAt(type: WgslType): string {
  if (type === 'i32') return 'fn atomicAddAt(j: u32, v: i32) { atomicAdd(&out[j], v); }\n';
  return `fn atomicAddAt(j: u32, v: f32) {
  var old = atomicLoad(&out[j]);
  loop {
    let r = atomicCompareExchangeWeak(&out[j], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }
}
`;
}

/** Entry point running `body` once per element i < n, where n is param word 0. */
export function elementMain(body: string): string {
  return `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= pu(0u)) { return; }
${body}
}
`;
}

/**
 * WGSL statements that split `index` over the `rank` dims whose sizes start at param word `shapeOff`, and
 * accumulate into i32 variable `name` (initialised to `init`) coordinate * the i32 stride at word `off`.
 */
export function unravel(
  index: string,
  rank: number,
  shapeOff: number,
  offsets: readonly { name: string; off: number; init?: string }[],
): string {
  const rem = `rem_${offsets.map((o) => o.name).join('_')}`;
  const decls = offsets.map((o) => `  var ${o.name}: i32 = ${o.init ?? '0'};`).join('\n');
  const adds = offsets.map((o) => `    ${o.name} += c * pi(${o.off}u + u32(d));`).join('\n');
  return `${decls}
  var ${rem} = ${index};
  for (var d: i32 = ${rank - 1}; d >= 0; d--) {
    let sz = pu(${shapeOff}u + u32(d));
    let c = i32(${rem} % sz);
    ${rem} = ${rem} / sz;
${adds}
  }`;
}

/** Workgroup counts for `groups` workgroups, spilling past the per-dimension limit into y. */
export function groupGrid(groups: number): [number, number, number] {
  const x = Math.min(groups, MAX_GROUPS_PER_DIM);
  const y = Math.ceil(groups / x);
  if (y > MAX_GROUPS_PER_DIM) throw new Error(`webgpu backend: ${groups} workgroups is too many for one dispatch`);
  return [x, y, 1];
}

export function elementGrid(n: number): [number, number, number] {
  return groupGrid(Math.ceil(n / WG));
}
