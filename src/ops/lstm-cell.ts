// lstmCell: one LSTM step's gate arithmetic from the summed pre-activations, on the fused `lstmCell` kernel
// (one pass, where the composed ops write a dozen full-size tensors and record as many graph nodes). With σ the
// recurrent activation and act the activation:
//   i = σ(zi), f = σ(zf), o = σ(zo), c' = f c + i act(zg), h' = o act(c')
// The kernel returns h' and c' beside the activations the backward reuses, and the op copies h' and c' out.
// Its gradient is the fused `lstmCellBackward` kernel when the backward pass records no graph (training). When
// it does (createGraph), the gradient is the same formulas written with differentiable ops instead, so the op is
// differentiable to any order without the backward kernel needing a gradient of its own.

import { recordOp } from '../autograd/grad-node.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import type { LstmActivation, LstmCellAttrs, LstmGateOrder, LstmRecurrentActivation } from '../backends/kernels.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { hardSigmoidKeras } from './activations.js';
import { cat } from './cat.js';
import { ge, gt, le } from './compare.js';
import { assertFloat, runKernel } from './dispatch.js';
import { relu, sigmoid, tanh } from './unary.js';

export type { LstmActivation, LstmGateOrder, LstmRecurrentActivation };

export interface LstmCellOptions {
  /** σ of the i, f, o gates (default 'sigmoid'; 'hard_sigmoid' is Keras 2's clip(0.2 x + 0.5, 0, 1)). */
  readonly recurrentActivation?: LstmRecurrentActivation;
  /** act of the candidate and of the output (default 'tanh'). */
  readonly activation?: LstmActivation;
  /** Order of the four gate blocks along dim 1 (default 'ifgo', PyTorch's i, f, g, o and Keras's i, f, c, o). */
  readonly gateOrder?: LstmGateOrder;
}

/** The new hidden and cell state, each [N, H, ...spatial]. */
export interface LstmCellState {
  readonly h: Tensor;
  readonly c: Tensor;
}

const RECURRENT: readonly LstmRecurrentActivation[] = ['sigmoid', 'hard_sigmoid'];
const ACTIVATION: readonly LstmActivation[] = ['tanh', 'relu'];
const ORDER: readonly LstmGateOrder[] = ['ifgo', 'ifog'];

function checkOption<T extends string>(name: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw new Error(`lstmCell: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${value}'`);
  return value;
}

/**
 * gates [N, 4H, ...spatial] (the pre-activations x W + h U + b, blocks in gateOrder) and c [N, H, ...spatial]
 * -> { h', c' }, each [N, H, ...spatial].
 */
export function lstmCell(gates: Tensor, c: Tensor, options: LstmCellOptions = {}): LstmCellState {
  assertFloat('lstmCell', gates);
  const attrs: LstmCellAttrs = {
    recurrentActivation: checkOption('recurrentActivation', options.recurrentActivation ?? 'sigmoid', RECURRENT),
    activation: checkOption('activation', options.activation ?? 'tanh', ACTIVATION),
    gateOrder: checkOption('gateOrder', options.gateOrder ?? 'ifgo', ORDER),
  };
  if (gates.rank < 2 || gates.shape[1] % 4 !== 0 || gates.shape[1] === 0) {
    throw new Error(`lstmCell: gates must be [N, 4H, ...spatial] with H >= 1, got ${formatShape(gates.shape)}`);
  }
  const hidden = gates.shape[1] / 4;
  const stateShape = [gates.shape[0], hidden, ...gates.shape.slice(2)];
  if (!shapesEqual(c.shape, stateShape)) {
    throw new Error(`lstmCell: c has shape ${formatShape(c.shape)}, expected ${formatShape(stateShape)} for gates ${formatShape(gates.shape)}`);
  }
  if (c.dtype !== gates.dtype) throw new Error(`lstmCell: dtype mismatch, gates ${gates.dtype} ${formatShape(gates.shape)} vs c ${c.dtype} ${formatShape(c.shape)}`);
  const saved = runKernel('lstmCell', 'lstmCell', [gates, c], [stateShape[0], 7 * hidden, ...stateShape.slice(2)], gates.dtype, attrs);
  const pair = narrowChannels(saved, 0, 2 * hidden);
  recordOp('lstmCell', pair, [gates, c], (grad) => (isGradEnabled() ? composedGradient(gates, c, grad, attrs) : fusedGradient(gates, c, saved, grad, attrs)));
  const [h, cNext] = splitChannels(pair, [hidden, hidden]);
  // Without a graph nothing reads the saved activations or the pair again.
  if (!pair.requiresGrad) {
    saved.dispose();
    pair.dispose();
  }
  return { h, c: cNext };
}

/** Channels [start, start + length) of x [N, C, ...spatial], copied as one contiguous run per batch row. */
function narrowChannels(x: Tensor, start: number, length: number): Tensor {
  const [n, channels] = x.shape;
  const inner = channels === 0 ? 0 : x.size / (n * channels);
  const rows = x.reshape([n, channels * inner]);
  const run = rows.narrow(1, start * inner, length * inner);
  const part = run.reshape([n, length, ...x.shape.slice(2)]);
  // Without a graph the views (which share storage with x or with part) can go now rather than at collection.
  if (!x.requiresGrad) {
    if (rows !== x) rows.dispose();
    if (part !== run) run.dispose();
  }
  return part;
}

/** Consecutive channel groups of the given sizes from the start of x. */
function splitChannels(x: Tensor, sizes: readonly number[]): Tensor[] {
  let start = 0;
  return sizes.map((size) => {
    const part = narrowChannels(x, start, size);
    start += size;
    return part;
  });
}

/** The gradients from the backward kernel (no graph is being recorded, so it needs none). */
function fusedGradient(gates: Tensor, c: Tensor, saved: Tensor, grad: Tensor, attrs: LstmCellAttrs): (Tensor | null)[] {
  const hidden = c.shape[1];
  const shape = [c.shape[0], 5 * hidden, ...c.shape.slice(2)];
  const packed = runKernel('lstmCell', 'lstmCellBackward', [gates, c, saved, grad], shape, gates.dtype, attrs);
  const [dGates, dc] = splitChannels(packed, c.requiresGrad ? [4 * hidden, hidden] : [4 * hidden]);
  packed.dispose();
  return [dGates, dc ?? null];
}

const recurrentOps: Record<LstmRecurrentActivation, (x: Tensor) => Tensor> = { sigmoid, hard_sigmoid: hardSigmoidKeras };
const activationOps: Record<LstmActivation, (x: Tensor) => Tensor> = { tanh, relu };

/** dσ/dx from x and s = σ(x), as the composed ops' gradients compute it. */
function recurrentSlope(kind: LstmRecurrentActivation, x: Tensor, s: Tensor): Tensor {
  if (kind === 'sigmoid') return s.mul(s.neg().add(1));
  const y = x.mul(0.2).add(0.5);
  return ge(y, 0).mul(le(y, 1)).mul(0.2);
}

/** d act/dx from x and a = act(x). */
function activationSlope(kind: LstmActivation, x: Tensor, a: Tensor): Tensor {
  return kind === 'tanh' ? a.square().neg().add(1) : gt(x, 0);
}

/** The gradients written with ops (the backward kernel's formulas), so a recorded backward can be differentiated. */
function composedGradient(gates: Tensor, c: Tensor, grad: Tensor, attrs: LstmCellAttrs): (Tensor | null)[] {
  const hidden = c.shape[1];
  const [dh, dcNext] = splitChannels(grad, [hidden, hidden]);
  const blocks = gates.chunk(4, 1);
  const [zi, zf, zg, zo] = attrs.gateOrder === 'ifgo' ? blocks : [blocks[0], blocks[1], blocks[3], blocks[2]];
  const sigma = recurrentOps[attrs.recurrentActivation];
  const act = activationOps[attrs.activation];
  const [si, sf, so, g] = [sigma(zi), sigma(zf), sigma(zo), act(zg)];
  const cNext = sf.mul(c).add(si.mul(g));
  const a = act(cNext);
  const gc = dcNext.add(dh.mul(so).mul(activationSlope(attrs.activation, cNext, a)));
  const di = gc.mul(g).mul(recurrentSlope(attrs.recurrentActivation, zi, si));
  const df = gc.mul(c).mul(recurrentSlope(attrs.recurrentActivation, zf, sf));
  const dg = gc.mul(si).mul(activationSlope(attrs.activation, zg, g));
  const dO = dh.mul(a).mul(recurrentSlope(attrs.recurrentActivation, zo, so));
  const dGates = cat(attrs.gateOrder === 'ifgo' ? [di, df, dg, dO] : [di, df, dO, dg], 1);
  return [dGates, c.requiresGrad ? gc.mul(sf) : null];
}
