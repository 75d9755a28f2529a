// Gradient clipping before an optimizer step: PyTorch's torch.nn.utils.clip_grad_norm_ and clip_grad_value_.
// The clipped values are written into each `.grad` tensor (a graph-recording one is replaced instead), so
// references to the gradients stay valid as with PyTorch's in-place clipping.

import { noGrad } from '../autograd/grad-mode.js';
import { div } from '../ops/binary.js';
import { stack } from '../ops/cat.js';
import { assertSameBackend } from '../ops/dispatch.js';
import { clamp } from '../ops/unary.js';
import { zeros } from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';

function withGrads(parameters: Tensor | Iterable<Tensor>): (Tensor & { grad: Tensor })[] {
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  return list.filter((p): p is Tensor & { grad: Tensor } => p.grad !== null);
}

/** Writes `value` into p's gradient. */
function setGrad(p: Tensor & { grad: Tensor }, value: Tensor): void {
  if (p.grad.isLeaf) p.grad.replaceData_(value);
  else p.grad = value;
}

/** The p-norm of all elements of x (max |x| for p = Infinity). */
function norm(x: Tensor, p: number): Tensor {
  if (p === Infinity) return x.abs().max();
  if (p === 2) return x.mul(x).sum().sqrt();
  return x.abs().pow(p).sum().pow(1 / p);
}

/**
 * Scales the gradients so that their total norm (the normType-norm of the per-parameter norms, i.e. of all
 * gradients together) is at most maxNorm: each is multiplied by min(1, maxNorm / (total + 1e-6)). Returns the
 * total norm before clipping as a 0-d tensor (a float32 zero when no parameter has a gradient), as PyTorch does.
 */
export function clipGradNorm(parameters: Tensor | Iterable<Tensor>, maxNorm: number, normType = 2): Tensor {
  if (!(normType > 0)) throw new Error(`clipGradNorm: normType must be positive or Infinity, got ${normType}`);
  const params = withGrads(parameters);
  if (params.length === 0) return zeros([]);
  assertSameBackend('clipGradNorm', params.map((p) => p.grad));
  return noGrad(() => {
    const total = norm(stack(params.map((p) => norm(p.grad, normType))), normType);
    const coef = clamp(div(maxNorm, total.add(1e-6)), undefined, 1);
    for (const p of params) setGrad(p, p.grad.mul(coef));
    return total;
  });
}

/** Clamps every gradient element to [-clipValue, clipValue]. */
export function clipGradValue(parameters: Tensor | Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0)) throw new Error(`clipGradValue: clipValue must be >= 0, got ${clipValue}`);
  noGrad(() => {
    for (const p of withGrads(parameters)) setGrad(p, clamp(p.grad, -clipValue, clipValue));
  });
}
