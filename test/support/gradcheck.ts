// gradcheck: compares the analytic gradients of a function (via backward) with central finite differences,
// in float64 on the cpu backend. The function's output is reduced to a scalar with fixed random weights so
// every output element contributes.

import { type Tensor, type TypedArray, noGrad, tensor } from '../../src/index.js';
import type { Module } from '../../src/nn/module.js';
import { Generator } from '../../src/tensor/random.js';
import { TOL, type Tolerance, assertClose, firstMismatch } from './tolerances.js';

export interface GradcheckOptions {
  readonly eps?: number;
  readonly tolerance?: Tolerance;
}

function weightsFor(y: Tensor): Tensor {
  const gen = new Generator(7);
  const w = new Float64Array(y.size);
  for (let i = 0; i < w.length; i++) w[i] = gen.uniform() * 2 - 1;
  return tensor(w, { shape: y.shape, dtype: 'float64', backend: 'cpu' });
}

function scalarOf(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], w: Tensor): number {
  return noGrad(() => fn(...inputs).mul(w).sum().item());
}

/**
 * Checks d(sum(w * fn(inputs)))/d(input) for every float input with requiresGrad. Inputs must be float64 on cpu.
 * Throws with the input, element, analytic and numeric values on mismatch.
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], options: GradcheckOptions = {}): void {
  const eps = options.eps ?? 1e-6;
  const tol = options.tolerance ?? TOL.finiteDifference64;
  for (const x of inputs) {
    if (x.requiresGrad && (x.dtype !== 'float64' || x.backend.name !== 'cpu')) throw new Error('gradcheck: differentiable inputs must be float64 on cpu');
  }
  const leaves = inputs.map((x) => {
    if (!x.requiresGrad) return x;
    return tensor(x.dataSync(), { shape: x.shape, dtype: 'float64', backend: 'cpu', requiresGrad: true });
  });
  const y = fn(...leaves);
  const w = weightsFor(y);
  if (!y.requiresGrad) throw new Error('gradcheck: output does not require grad');
  y.mul(w).sum().backward();
  leaves.forEach((leaf, k) => {
    if (!leaf.requiresGrad) return;
    const base = leaf.dataSync() as Float64Array;
    const numeric = new Float64Array(base.length);
    for (let i = 0; i < base.length; i++) {
      const shifted = (delta: number): number => {
        const values = base.slice();
        values[i] += delta;
        const probe = inputs.map((x, j) => (j === k ? tensor(values, { shape: x.shape, dtype: 'float64', backend: 'cpu' }) : leaves[j]));
        return scalarOf(fn, probe, w);
      };
      numeric[i] = (shifted(eps) - shifted(-eps)) / (2 * eps);
    }
    const analytic = leaf.grad ? leaf.grad.dataSync() : new Float64Array(base.length);
    const bad = firstMismatch(analytic, numeric, tol);
    if (bad) {
      throw new Error(
        `gradcheck: input ${k} (shape [${leaf.shape.join(', ')}]) element ${bad.index}: analytic ${bad.actual}, numeric ${bad.expected}`,
      );
    }
  });
}

/**
 * Checks d loss / d parameter for named float64 parameters of a module, at three elements each (first, middle,
 * last), against central finite differences; `loss` must recompute from the parameters. Parameters end unchanged.
 */
export function gradcheckParameters(model: Module, loss: () => Tensor, names: readonly string[], options: GradcheckOptions = {}): void {
  const eps = options.eps ?? 1e-6;
  const tol = options.tolerance ?? TOL.finiteDifference64;
  model.zeroGrad();
  loss().backward();
  const params = new Map(model.namedParameters());
  for (const name of names) {
    const p = params.get(name);
    if (!p?.grad) throw new Error(`gradcheckParameters: ${name} has no gradient`);
    const base = p.dataSync().slice();
    const restore = (values: TypedArray): void => noGrad(() => void p.replaceData_(tensor(values, { shape: p.shape, dtype: 'float64', backend: 'cpu' })));
    const picks = [0, Math.floor(base.length / 2), base.length - 1];
    const numeric = picks.map((i) => {
      const at = (delta: number): number => {
        const values = base.slice();
        values[i] += delta;
        restore(values);
        return noGrad(() => loss().item());
      };
      const d = (at(eps) - at(-eps)) / (2 * eps);
      restore(base);
      return d;
    });
    const grad = p.grad.dataSync();
    assertClose(picks.map((i) => grad[i]), numeric, tol, `d loss / d ${name}[${picks.join(', ')}]`);
  }
}
