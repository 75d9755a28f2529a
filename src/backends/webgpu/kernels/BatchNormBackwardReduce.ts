// webgpu `batchNormBackwardReduce`: each channel's sum of dy and of dy (x − mean[c]), one workgroup per channel
// striding over its N·S values and combining partial sums in a shared-memory tree (BatchNormStats.ts).

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { groupGrid, header, wgslType } from '../wgsl.js';
import { batchNormParams, channelReduceMain } from './BatchNormStats.js';

export function batchNormBackwardReduce(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, _attrs: KernelAttrs['batchNormBackwardReduce']): DataId {
  const [dy, x, mean] = inputs;
  const type = wgslType('batchNormBackwardReduce', x.dtype);
  const channels = x.shape[1];
  const out = rt.allocate(sizeOf(output.shape) * 4);
  if (channels === 0) return out;
  const params = batchNormParams(x);
  rt.dispatch({
    key: `batchNormBackwardReduce:${type}`,
    source: () =>
      header([{ name: 'd', type }, { name: 'x', type }, { name: 'mu', type }], { name: 'out', type }, params.vec4Count) +
      channelReduceMain(`  let m0 = mu[c];
  var sumDy = 0.0;
  var sumDyX = 0.0;
  for (var m = lid; m < count; m += WG) {
    let j = channelAt(m, c);
    sumDy += d[j];
    sumDyX += d[j] * (x[j] - m0);
  }
  let totalDy = workgroupSum(sumDy, lid);
  let totalDyX = workgroupSum(sumDyX, lid);
  if (lid == 0u) {
    out[c] = totalDy;
    out[pu(1u) + c] = totalDyX;
  }`),
    inputs: [storageOf(dy.data), storageOf(x.data), storageOf(mean.data)],
    output: out,
    params,
    groups: groupGrid(channels),
  });
  return out;
}
