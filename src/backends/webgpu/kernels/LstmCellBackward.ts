// webgpu `lstmCellBackward`: the adjoint of lstmCell in one dispatch, one invocation per (n, hidden, position)
// element reading the activations lstmCell saved and writing its four gate gradients and dc. The hard sigmoid's
// slope is decided on 0.2 z + 0.5 (bounds included), as clamp's gradient decides it; relu's on its output.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';
import { LSTM_PRELUDE, lstmParams } from './LstmCell.js';

export function lstmCellBackward(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['lstmCellBackward']): DataId {
  const [gates, c, saved, grad] = inputs;
  const hard = attrs.recurrentActivation === 'hard_sigmoid';
  const type = wgslType('lstmCellBackward', gates.dtype);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  const n = sizeOf(c.shape);
  if (n === 0) return out;
  const params = lstmParams(n, n / c.shape[0], attrs);
  rt.dispatch({
    key: `lstmCellBackward:${type}:${attrs.recurrentActivation}:${attrs.activation}`,
    source: () =>
      header([{ name: 'z', type }, { name: 'c', type }, { name: 's', type }, { name: 'd', type }], { name: 'out', type }, params.vec4Count) +
      `fn sigSlope(at: u32, v: f32) -> f32 { ${hard ? 'let y = z[at] * 0.2 + 0.5; return select(0.0, 0.2, y >= 0.0 && y <= 1.0);' : 'return v * (1.0 - v);'} }
fn actSlope(v: f32) -> f32 { ${attrs.activation === 'relu' ? 'return select(0.0, 1.0, v > 0.0);' : 'return 1.0 - v * v;'} }
` +
      elementMain(`${LSTM_PRELUDE}
  let q = n * 7u * B + j;
  let si = s[q + 2u * B]; let sf = s[q + 3u * B]; let g = s[q + 4u * B]; let so = s[q + 5u * B]; let a = s[q + 6u * B];
  let dh = d[n * 2u * B + j];
  let gc = d[n * 2u * B + B + j] + dh * so * actSlope(a);
  let o = n * 5u * B + j;
  out[o + pu(5u) * B] = dh * a * sigSlope(ZO, so);
  out[o + pu(2u) * B] = gc * g * sigSlope(ZI, si);
  out[o + pu(3u) * B] = gc * c[i] * sigSlope(ZF, sf);
  out[o + pu(4u) * B] = gc * si * actSlope(g);
  out[o + 4u * B] = gc * sf;`),
    inputs: [storageOf(gates.data), storageOf(c.data), storageOf(saved.data), storageOf(grad.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
