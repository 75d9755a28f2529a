// cpu `unary`: one tight loop per primitive, the op chosen once outside the loop.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocateOverwritten, valuesOf } from '../cpu-data.js';
import { erf, roundHalfEven, sigmoid } from '../special-functions.js';

export const unary: KernelImpl<'unary'> = ([input], output, attrs) => {
  const x = valuesOf(input);
  const y = allocateOverwritten(output);
  const n = y.length;
  switch (attrs.op) {
    case 'neg': for (let i = 0; i < n; i++) y[i] = -x[i]; break;
    case 'abs': for (let i = 0; i < n; i++) y[i] = Math.abs(x[i]); break;
    case 'sign': for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? 1 : x[i] < 0 ? -1 : x[i]; break;
    case 'exp': for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]); break;
    case 'expm1': for (let i = 0; i < n; i++) y[i] = Math.expm1(x[i]); break;
    case 'log': for (let i = 0; i < n; i++) y[i] = Math.log(x[i]); break;
    case 'log1p': for (let i = 0; i < n; i++) y[i] = Math.log1p(x[i]); break;
    case 'sqrt': for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]); break;
    case 'rsqrt': for (let i = 0; i < n; i++) y[i] = 1 / Math.sqrt(x[i]); break;
    case 'reciprocal': for (let i = 0; i < n; i++) y[i] = 1 / x[i]; break;
    case 'sin': for (let i = 0; i < n; i++) y[i] = Math.sin(x[i]); break;
    case 'cos': for (let i = 0; i < n; i++) y[i] = Math.cos(x[i]); break;
    case 'tanh': for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]); break;
    case 'sigmoid': for (let i = 0; i < n; i++) y[i] = sigmoid(x[i]); break;
    case 'relu': for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : x[i] !== x[i] ? x[i] : 0; break;
    case 'erf': for (let i = 0; i < n; i++) y[i] = erf(x[i]); break;
    case 'floor': for (let i = 0; i < n; i++) y[i] = Math.floor(x[i]); break;
    case 'round': for (let i = 0; i < n; i++) y[i] = roundHalfEven(x[i]); break;
    case 'clamp': {
      const lo = attrs.min ?? -Infinity;
      const hi = attrs.max ?? Infinity;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v < lo ? lo : v > hi ? hi : v;
      }
      break;
    }
    case 'powScalar': {
      const p = attrs.exponent ?? 1;
      if (p === 2) for (let i = 0; i < n; i++) y[i] = x[i] * x[i];
      else for (let i = 0; i < n; i++) y[i] = Math.pow(x[i], p);
      break;
    }
    // The output is not cleared first (allocateOverwritten), so an op without a loop must not pass silently.
    default: throw new Error(`cpu unary: no kernel for op '${attrs.op as string}'`);
  }
  return new CpuData(y);
};
