// gruResetGate and gruUpdate: the elementwise parts of a GRU step around its candidate projection, each one
// fused kernel (one pass, where the composed ops write four to six full-size tensors and record as many graph
// nodes). The candidate's projection sits between them, so the step needs two ops:
//   gruResetGate(rPre, h) = σ(rPre) h                         (what the candidate projection reads)
//   gruUpdate(zPre, h, candPre) = h + σ(zPre) (tanh(candPre) − h)   (= (1 − z) h + z tanh(candPre))
// When a gradient will be needed, each kernel also writes the activations its backward reuses beside the
// output (so no exp or tanh is evaluated again, which on cpu dominate the cost) and the op copies the output
// out; otherwise it writes the output alone. The gradients are the fused backward kernels when the backward
// pass records no graph (training). When it does (createGraph), they are the same formulas written with
// differentiable ops, so both ops are differentiable to any order without the backward kernels needing
// gradients of their own.

import { recordOp } from '../autograd/grad-node.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloat, runKernel } from './dispatch.js';
import { sigmoid, tanh } from './unary.js';

/** Throws unless every argument is a float tensor of the first one's shape and dtype, of rank >= 2 ([N, H, ...S]). */
function checkArgs(op: string, names: readonly string[], args: readonly Tensor[]): void {
  const [first] = args;
  args.forEach((t) => assertFloat(op, t));
  if (first.rank < 2) throw new Error(`${op}: ${names[0]} must be [N, H, ...spatial], got ${formatShape(first.shape)}`);
  args.slice(1).forEach((t, k) => {
    if (!shapesEqual(t.shape, first.shape)) {
      throw new Error(`${op}: ${names[k + 1]} has shape ${formatShape(t.shape)}, expected ${formatShape(first.shape)} as ${names[0]}`);
    }
    if (t.dtype !== first.dtype) {
      throw new Error(`${op}: dtype mismatch, ${names[0]} ${first.dtype} ${formatShape(first.shape)} vs ${names[k + 1]} ${t.dtype} ${formatShape(t.shape)}`);
    }
  });
}

/** Channels [start, start + length) of x [N, C, ...spatial], copied as one contiguous run per batch row. */
function narrowChannels(x: Tensor, start: number, length: number): Tensor {
  const [n, channels] = x.shape;
  const inner = channels === 0 ? 0 : x.size / (n * channels);
  const rows = x.reshape([n, channels * inner]);
  const run = rows.narrow(1, start * inner, length * inner);
  const part = run.reshape([n, length, ...x.shape.slice(2)]);
  if (rows !== x) rows.dispose();
  if (part !== run) run.dispose();
  return part;
}

/** x's shape with dim 1 multiplied by k. */
function packedShape(x: Tensor, k: number): number[] {
  return [x.shape[0], k * x.shape[1], ...x.shape.slice(2)];
}

type GruKernels = { forward: 'gruResetGate'; backward: 'gruResetGateBackward' } | { forward: 'gruUpdate'; backward: 'gruUpdateBackward' };

/**
 * Runs the forward kernel (saving its activations when a gradient will be needed) and records the gradient:
 * the backward kernel, whose output packs one gradient per input along dim 1, or `composed` under createGraph.
 */
function fusedOp(
  op: string,
  kernels: GruKernels,
  inputs: readonly Tensor[],
  composed: (grad: Tensor) => Tensor[],
): Tensor {
  const [first] = inputs;
  const h = inputs[1];
  const save = isGradEnabled() && inputs.some((t) => t.requiresGrad);
  if (!save) return runKernel(op, kernels.forward, inputs, first.shape, first.dtype, { save: false });
  // The output, then one block per saved activation (one per input but h).
  const saved = runKernel(op, kernels.forward, inputs, packedShape(first, inputs.length), first.dtype, { save: true });
  const out = narrowChannels(saved, 0, first.shape[1]);
  return recordOp(op, out, inputs, (grad) => {
    if (isGradEnabled()) return composed(grad).map((g, k) => (inputs[k].requiresGrad ? g : null));
    const packed = runKernel(op, kernels.backward, [h, saved, grad], packedShape(first, inputs.length), first.dtype, {});
    const grads = inputs.map((t, k) => (t.requiresGrad ? narrowChannels(packed, k * first.shape[1], first.shape[1]) : null));
    packed.dispose();
    return grads;
  });
}

/** rPre and h [N, H, ...spatial] -> σ(rPre) h, the reset-gated state the GRU's candidate projection reads. */
export function gruResetGate(rPre: Tensor, h: Tensor): Tensor {
  checkArgs('gruResetGate', ['rPre', 'h'], [rPre, h]);
  return fusedOp('gruResetGate', { forward: 'gruResetGate', backward: 'gruResetGateBackward' }, [rPre, h], (grad) => {
    const r = sigmoid(rPre);
    return [grad.mul(h).mul(r.mul(r.neg().add(1))), grad.mul(r)];
  });
}

/**
 * zPre, h and candPre [N, H, ...spatial] -> the GRU's new state h + σ(zPre) (tanh(candPre) − h), which is
 * (1 − z) h + z tanh(candPre) with z = σ(zPre).
 */
export function gruUpdate(zPre: Tensor, h: Tensor, candPre: Tensor): Tensor {
  checkArgs('gruUpdate', ['zPre', 'h', 'candPre'], [zPre, h, candPre]);
  return fusedOp('gruUpdate', { forward: 'gruUpdate', backward: 'gruUpdateBackward' }, [zPre, h, candPre], (grad) => {
    const z = sigmoid(zPre);
    const t = tanh(candPre);
    return [grad.mul(t.sub(h)).mul(z.mul(z.neg().add(1))), grad.mul(z.neg().add(1)), grad.mul(z).mul(t.square().neg().add(1))];
  });
}
