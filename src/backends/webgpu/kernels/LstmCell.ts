// webgpu `lstmCell`: one LSTM step's gate arithmetic in one dispatch, one invocation per (n, hidden, position)
// element computing all four gates and writing h', c' and the five activations the backward reuses, instead of
// a dozen elementwise dispatches. The
// activations are baked into the WGSL (part of the pipeline key); the block size and gate order travel in the
// params. It also defines the params and the WGSL helpers its backward kernel shares.

import type { DataId, KernelAttrs, LstmCellAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { MATH_WGSL } from '../wgsl-math.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';

/**
 * Params of both LSTM kernels: word 0 = invocations (N · H · S), 1 = the block size H · S, 2-5 = the block index
 * of the i, f, g and o pre-activations within a batch row of gates.
 */
export function lstmParams(invocations: number, block: number, { gateOrder }: LstmCellAttrs): Params {
  return new Params().u32(invocations).u32(block).u32s(gateOrder === 'ifgo' ? [0, 1, 2, 3] : [0, 1, 3, 2]);
}

/** Names the params words: the block size and each gate's offset within a gates row. */
export const LSTM_PRELUDE = `  let B = pu(1u);
  let n = i / B;
  let j = i % B;
  let row = n * 4u * B + j;
  let ZI = row + pu(2u) * B; let ZF = row + pu(3u) * B; let ZG = row + pu(4u) * B; let ZO = row + pu(5u) * B;
`;

/** WGSL σ and act; the hard sigmoid is computed as the composed ops do (x * 0.2 + 0.5, clamped). */
function activationsWgsl({ recurrentActivation, activation }: LstmCellAttrs): string {
  return `${MATH_WGSL}
fn sig(x: f32) -> f32 { ${recurrentActivation === 'hard_sigmoid' ? 'return min(max(x * 0.2 + 0.5, 0.0), 1.0);' : 'return sigmoidf(x);'} }
fn act(x: f32) -> f32 { ${activation === 'relu' ? 'return max(x, 0.0);' : 'return tanhf(x);'} }
`;
}

export function lstmCell(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['lstmCell']): DataId {
  const [gates, c] = inputs;
  const type = wgslType('lstmCell', gates.dtype);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  const n = sizeOf(c.shape);
  if (n === 0) return out;
  const params = lstmParams(n, n / c.shape[0], attrs);
  rt.dispatch({
    key: `lstmCell:${type}:${attrs.recurrentActivation}:${attrs.activation}`,
    source: () =>
      header([{ name: 'z', type }, { name: 'c', type }], { name: 'out', type }, params.vec4Count) +
      activationsWgsl(attrs) +
      elementMain(`${LSTM_PRELUDE}
  let si = sig(z[ZI]); let sf = sig(z[ZF]); let g = act(z[ZG]); let so = sig(z[ZO]);
  let cNext = sf * c[i] + si * g;
  let a = act(cNext);
  let o = n * 7u * B + j;
  out[o] = so * a;
  out[o + B] = cNext;
  out[o + 2u * B] = si;
  out[o + 3u * B] = sf;
  out[o + 4u * B] = g;
  out[o + 5u * B] = so;
  out[o + 6u * B] = a;`),
    inputs: [storageOf(gates.data), storageOf(c.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
