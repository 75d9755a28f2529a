// Elementwise binary ops with NumPy broadcasting: each input is read through per-dim strides over the output
// shape (0 on broadcast dims), after collapsing dims so the common same-shape case is a rank-1 loop.

import type { BinaryOp, DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { broadcastStrides, collapse, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { MATH_WGSL } from '../wgsl-math.js';
import { elementGrid, elementMain, header, unravel, wgslType, type WgslType } from '../wgsl.js';

type Comparison = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

const COMPARISONS: Record<Comparison, string> = {
  eq: '==',
  ne: '!=',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
};

function isComparison(op: BinaryOp): op is Comparison {
  return op in COMPARISONS;
}

function arithmetic(op: Exclude<BinaryOp, Comparison>, type: WgslType): string {
  switch (op) {
    case 'add':
      return 'a + b';
    case 'sub':
      return 'a - b';
    case 'mul':
      return 'a * b';
    case 'div':
      return 'a / b';
    case 'pow':
      return type === 'f32' ? 'powf(a, b)' : 'ipow(a, b)';
    // `a != a` is a NaN test: PyTorch's maximum/minimum propagate NaN.
    case 'maximum':
      return 'select(b, a, a > b || a != a)';
    case 'minimum':
      return 'select(b, a, a < b || a != a)';
  }
}

export function binary(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['binary']): DataId {
  const [a, b] = inputs;
  const type = wgslType('binary', a.dtype);
  const bType = wgslType('binary', b.dtype);
  const outType = wgslType('binary', output.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const { shape, strides } = collapse(output.shape, [
    broadcastStrides(a.shape, output.shape),
    broadcastStrides(b.shape, output.shape),
  ]);
  const rank = shape.length;
  const params = new Params().u32(n);
  const shapeOff = params.length;
  params.u32s(shape);
  const aOff = params.length;
  params.i32s(strides[0]);
  const bOff = params.length;
  params.i32s(strides[1]);
  const op = attrs.op;
  const result = isComparison(op)
    ? `select(${outType}(0), ${outType}(1), a ${COMPARISONS[op]} b)`
    : `${outType}(${arithmetic(op, type)})`;
  rt.dispatch({
    key: `binary:${attrs.op}:${type}:${bType}:${outType}:r${rank}`,
    source: () =>
      header([{ name: 'A', type }, { name: 'B', type: bType }], { name: 'out', type: outType }, params.vec4Count) +
      MATH_WGSL +
      elementMain(`${unravel('i', rank, shapeOff, [{ name: 'ia', off: aOff }, { name: 'ib', off: bOff }])}
  let a = A[u32(ia)];
  let b = ${type}(B[u32(ib)]);
  out[i] = ${result};`),
    inputs: [storageOf(a.data), storageOf(b.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
