// pad(x, pad, { mode, value }) with torch.nn.functional.pad's argument order (last dim first).
// constant: one `padConstant` kernel (negative amounts crop); reflect and replicate: an index gather per
// padded dim, so their gradients are index scatter-adds.

import { recordOp } from '../autograd/grad-node.js';
import { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { runKernel } from './dispatch.js';
import { indexSelect } from './index-ops.js';

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

export interface PadOptions {
  readonly mode?: PadMode;
  readonly value?: number;
}

/** Per-dim (before, after) amounts from PyTorch's flat list: (last_before, last_after, prev_before, ...). */
function perDim(x: Tensor, pad: readonly number[]): { before: number[]; after: number[] } {
  if (pad.length % 2 !== 0 || pad.length / 2 > x.rank) {
    throw new Error(`pad: pad list of length ${pad.length} is invalid for input of shape ${formatShape(x.shape)} (needs pairs, at most 2 per dim)`);
  }
  if (pad.some((p) => !Number.isInteger(p))) throw new Error(`pad: amounts must be integers, got [${pad.join(', ')}]`);
  const before = new Array<number>(x.rank).fill(0);
  const after = new Array<number>(x.rank).fill(0);
  for (let i = 0; i < pad.length / 2; i++) {
    before[x.rank - 1 - i] = pad[2 * i];
    after[x.rank - 1 - i] = pad[2 * i + 1];
  }
  return { before, after };
}

function padConstant(x: Tensor, before: number[], after: number[], value: number): Tensor {
  // Negative amounts crop first, so the kernel only ever grows the tensor.
  let src = x;
  before.forEach((b, d) => {
    const a = after[d];
    if (b < 0 || a < 0) {
      const start = Math.max(-b, 0);
      const length = src.shape[d] - start - Math.max(-a, 0);
      if (length < 0) throw new Error(`pad: cropping [${-b}, ${-a}] exceeds dim ${d} of shape ${formatShape(x.shape)}`);
      src = src.narrow(d, start, length);
    }
  });
  const grow = (v: number): number => Math.max(v, 0);
  const b = before.map(grow);
  const a = after.map(grow);
  if (b.every((v) => v === 0) && a.every((v) => v === 0)) return src;
  const shape = src.shape.map((d, i) => d + b[i] + a[i]);
  const y = runKernel('pad', 'padConstant', [src], shape, src.dtype, { before: b, after: a, value });
  if (src.dtype === 'int32') return y;
  return recordOp('pad', y, [src], (g) => {
    let out = g;
    src.shape.forEach((d, i) => {
      if (b[i] > 0 || a[i] > 0) out = out.narrow(i, b[i], d);
    });
    return [out];
  });
}

/** Source index along a dim of size n for each padded position, per mode. */
function padIndices(mode: Exclude<PadMode, 'constant'>, n: number, before: number, after: number): Int32Array {
  const out = new Int32Array(n + before + after);
  for (let j = 0; j < out.length; j++) {
    const i = j - before;
    if (mode === 'replicate') out[j] = Math.min(Math.max(i, 0), n - 1);
    else if (mode === 'circular') out[j] = ((i % n) + n) % n;
    else {
      const period = 2 * (n - 1);
      const r = period === 0 ? 0 : ((i % period) + period) % period;
      out[j] = r < n ? r : period - r;
    }
  }
  return out;
}

export function pad(x: Tensor, amounts: readonly number[], options: PadOptions = {}): Tensor {
  const mode = options.mode ?? 'constant';
  const { before, after } = perDim(x, amounts);
  if (mode === 'constant') return padConstant(x, before, after, options.value ?? 0);
  if (options.value !== undefined && options.value !== 0) throw new Error(`pad: value is only used in constant mode, got mode '${mode}'`);
  let y = x;
  for (let d = 0; d < x.rank; d++) {
    const b = before[d];
    const a = after[d];
    if (b === 0 && a === 0) continue;
    const n = x.shape[d];
    if (b < 0 || a < 0) throw new Error(`pad: negative padding [${b}, ${a}] is only supported in constant mode`);
    if (mode === 'reflect' && (b >= n || a >= n)) {
      throw new Error(`pad: reflect padding [${b}, ${a}] must be smaller than dim ${d} of size ${n} (input ${formatShape(x.shape)})`);
    }
    if ((mode === 'circular' && (b > n || a > n)) || n === 0) {
      throw new Error(`pad: ${mode} padding [${b}, ${a}] is invalid for dim ${d} of size ${n} (input ${formatShape(x.shape)})`);
    }
    const index = Tensor.fromArray(padIndices(mode, n, b, a), [n + b + a], 'int32', x.backend);
    y = indexSelect(y, d, index);
  }
  return y;
}
