// webgpu `batchNormBackwardInput`: a training batch norm's input gradient dy dyScale[c] + (x − mean[c])
// xScale[c] + shift[c] in one dispatch, one invocation per element.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';
import { CHANNEL_OF_ELEMENT, batchNormParams } from './BatchNormStats.js';

export function batchNormBackwardInput(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, _attrs: KernelAttrs['batchNormBackwardInput']): DataId {
  const [dy, x, mean, dyScale, xScale, shift] = inputs;
  const type = wgslType('batchNormBackwardInput', x.dtype);
  const n = sizeOf(x.shape);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  if (n === 0) return out;
  const params = batchNormParams(x);
  const names = ['d', 'x', 'mu', 'a', 'b', 's'];
  rt.dispatch({
    key: `batchNormBackwardInput:${type}`,
    source: () =>
      header(names.map((name) => ({ name, type })), { name: 'out', type }, params.vec4Count) +
      elementMain(`${CHANNEL_OF_ELEMENT}  out[i] = d[i] * a[c] + (x[i] - mu[c]) * b[c] + s[c];`),
    inputs: [dy, x, mean, dyScale, xScale, shift].map((t) => storageOf(t.data)),
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
