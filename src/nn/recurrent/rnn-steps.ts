// One time step of PyTorch's LSTM and GRU, shared by the cells and the sequence layers. The input projection
// x W_ih^T + b_ih is taken as given so a sequence layer can compute it for every step with one matmul.
//   LSTM (gates i, f, g, o):  c' = σ(f) c + σ(i) tanh(g),  h' = σ(o) tanh(c')
//   GRU  (gates r, z, n):     r = σ(x_r + h_r),  z = σ(x_z + h_z),  n = tanh(x_n + r (W_hn h + b_hn)),
//                             h' = (1 - z) n + z h
// The LSTM's gate arithmetic is the fused lstmCell op (src/ops/lstm-cell.ts).

import { lstmCell } from '../../ops/lstm-cell.js';
import { zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { uniform_ } from '../init.js';
import type { Parameter } from '../parameter.js';

/** An LSTM's hidden and cell state, each [batch, hidden] (per layer in LSTM: [numLayers, batch, hidden]). */
export interface LSTMState {
  readonly h: Tensor;
  readonly c: Tensor;
}

/** A GRU's hidden state, [batch, hidden] (per layer in GRU: [numLayers, batch, hidden]). */
export interface GRUState {
  readonly h: Tensor;
}

/** x W^T (+ b) over the last dim: the input projection (W_ih, b_ih) or the hidden one (W_hh, b_hh). */
export function project(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  const y = x.matmul(weight.transpose(0, 1));
  return bias ? y.add(bias) : y;
}

/** One LSTM step from the projected input xProj [batch, 4 hidden]. */
export function lstmStep(xProj: Tensor, state: LSTMState, weightHh: Tensor, biasHh: Tensor | null): LSTMState {
  return lstmCell(xProj.add(project(state.h, weightHh, biasHh)), state.c);
}

/** One GRU step from the projected input xProj [batch, 3 hidden]; the reset gate scales W_hn h + b_hn. */
export function gruStep(xProj: Tensor, h: Tensor, weightHh: Tensor, biasHh: Tensor | null): Tensor {
  const [xr, xz, xn] = xProj.chunk(3, 1);
  const [hr, hz, hn] = project(h, weightHh, biasHh).chunk(3, 1);
  const r = xr.add(hr).sigmoid();
  const z = xz.add(hz).sigmoid();
  const n = xn.add(r.mul(hn)).tanh();
  return z.neg().add(1).mul(n).add(z.mul(h));
}

/** PyTorch's RNN initialisation: every parameter uniform in ±1/sqrt(hidden), in registration order. */
export function resetRecurrent(params: Iterable<Parameter>, hiddenSize: number): void {
  const bound = 1 / Math.sqrt(hiddenSize);
  for (const p of params) uniform_(p, -bound, bound);
}

/** Zeros shaped like a state of `shape`, with x's dtype and backend. */
export function zeroState(shape: readonly number[], x: Tensor): Tensor {
  return zeros(shape, { dtype: x.dtype, backend: x.backend });
}
