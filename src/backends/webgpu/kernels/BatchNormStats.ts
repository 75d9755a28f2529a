// webgpu `batchNormStats`: each channel's mean and biased variance, one workgroup per channel. Its invocations
// stride over the channel's N·S values twice (the mean, then the squared deviations from it) and combine their
// partial sums in a shared-memory tree. It also defines the params and WGSL that the other batch-norm kernels
// share.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { WG, groupGrid, header, wgslType } from '../wgsl.js';

/** Params of the batch-norm kernels for x [N, C, ...S]: word 0 = N·C·S, 1 = C, 2 = S, 3 = N·S (one channel's count). */
export function batchNormParams(x: TensorInfo): Params {
  const [batch, channels] = x.shape;
  const inner = sizeOf(x.shape.slice(2));
  return new Params().u32(batch * channels * inner).u32(channels).u32(inner).u32(batch * inner);
}

/** `c`: the channel of element i of x (elementwise kernels). */
export const CHANNEL_OF_ELEMENT = '  let c = (i / pu(2u)) % pu(1u);\n';

/**
 * The entry point of a per-channel reduction: workgroup c (of C) runs `body` with `lid`, `c` and `count` (N·S);
 * `channelAt(m, c)` is the flat index of the channel's m-th value, and `workgroupSum(v, lid)`, called by every
 * invocation of the workgroup, returns the sum of their v.
 */
export function channelReduceMain(body: string): string {
  return `
var<workgroup> partial: array<f32, WG>;

fn workgroupSum(v: f32, lid: u32) -> f32 {
  partial[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (lid < s) { partial[lid] += partial[lid + s]; }
    workgroupBarrier();
  }
  let total = partial[0];
  // Every invocation reads the total before a next call overwrites it.
  workgroupBarrier();
  return total;
}

fn channelAt(m: u32, c: u32) -> u32 {
  let S = pu(2u);
  return ((m / S) * pu(1u) + c) * S + m % S;
}

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let c = wid.x + wid.y * nwg.x;
  if (c >= pu(1u)) { return; }
  let count = pu(3u);
${body}
}
`;
}

export function batchNormStats(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, _attrs: KernelAttrs['batchNormStats']): DataId {
  const [x] = inputs;
  const type = wgslType('batchNormStats', x.dtype);
  const channels = x.shape[1];
  const out = rt.allocate(sizeOf(output.shape) * 4);
  if (channels === 0) return out;
  const params = batchNormParams(x);
  rt.dispatch({
    key: `batchNormStats:${type}`,
    source: () =>
      header([{ name: 'x', type }], { name: 'out', type }, params.vec4Count) +
      channelReduceMain(`  var sum = 0.0;
  for (var m = lid; m < count; m += WG) { sum += x[channelAt(m, c)]; }
  let mean = workgroupSum(sum, lid) / f32(count);
  var squares = 0.0;
  for (var m = lid; m < count; m += WG) {
    let d = x[channelAt(m, c)] - mean;
    squares += d * d;
  }
  let variance = workgroupSum(squares, lid) / f32(count);
  if (lid == 0u) {
    out[c] = mean;
    out[pu(1u) + c] = variance;
  }`),
    inputs: [storageOf(x.data)],
    output: out,
    params,
    groups: groupGrid(channels),
  });
  return out;
}
