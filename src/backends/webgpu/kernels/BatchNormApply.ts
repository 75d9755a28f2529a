// webgpu `batchNormApply`: (x − mean[c]) scale[c] + shift[c] in one dispatch, one invocation per element, where
// the composed ops take three (and a batch norm's weight and bias two more).

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';
import { CHANNEL_OF_ELEMENT, batchNormParams } from './BatchNormStats.js';

export function batchNormApply(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, _attrs: KernelAttrs['batchNormApply']): DataId {
  const [x, mean, scale, shift] = inputs;
  const type = wgslType('batchNormApply', x.dtype);
  const n = sizeOf(x.shape);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  if (n === 0) return out;
  const params = batchNormParams(x);
  rt.dispatch({
    key: `batchNormApply:${type}`,
    source: () =>
      header([{ name: 'x', type }, { name: 'mu', type }, { name: 'sc', type }, { name: 'sh', type }], { name: 'out', type }, params.vec4Count) +
      elementMain(`${CHANNEL_OF_ELEMENT}  out[i] = (x[i] - mu[c]) * sc[c] + sh[c];`),
    inputs: [storageOf(x.data), storageOf(mean.data), storageOf(scale.data), storageOf(shift.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
