// softmax and logSoftmax along one dim, built from stable reductions so their gradients come for free.

import { noGrad } from '../autograd/grad-mode.js';
import type { Tensor } from '../tensor/tensor.js';
import { normalizeDim } from '../tensor/shape.js';
import { assertFloat } from './dispatch.js';

export function softmax(x: Tensor, dim: number): Tensor {
  assertFloat('softmax', x);
  const d = normalizeDim('softmax', dim, x.rank);
  const m = noGrad(() => x.max({ dim: d, keepdim: true }));
  const e = x.sub(m).exp();
  return e.div(e.sum({ dim: d, keepdim: true }));
}

export function logSoftmax(x: Tensor, dim: number): Tensor {
  assertFloat('logSoftmax', x);
  const d = normalizeDim('logSoftmax', dim, x.rank);
  return x.sub(x.logsumexp(d, true));
}
