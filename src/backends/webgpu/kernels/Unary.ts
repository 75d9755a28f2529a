// The elementwise unary kernel: one invocation per element; the op is baked into the WGSL, its scalar
// attributes (clamp bounds, exponent) travel in the params.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo, UnaryOp } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { MATH_WGSL } from '../wgsl-math.js';
import { elementGrid, elementMain, header, wgslType, type WgslType } from '../wgsl.js';

// Param words: 0 = n, 1 = min, 2 = max, 3 = exponent.
const FLOAT_EXPR: Record<UnaryOp, string> = {
  neg: '-v',
  abs: 'abs(v)',
  sign: 'sign(v)',
  exp: 'exp(v)',
  expm1: 'expm1f(v)',
  log: 'log(v)',
  log1p: 'log1pf(v)',
  sqrt: 'sqrt(v)',
  rsqrt: 'inverseSqrt(v)',
  reciprocal: '1.0 / v',
  sin: 'sinf(v)',
  cos: 'cosf(v)',
  tanh: 'tanhf(v)',
  sigmoid: 'sigmoidf(v)',
  relu: 'max(v, 0.0)',
  erf: 'erff(v)',
  floor: 'floor(v)',
  round: 'roundEvenf(v)',
  clamp: 'min(max(v, pf(1u)), pf(2u))',
  powScalar: 'powf(v, pf(3u))',
};

// Ops with an exact integer meaning; any other op on int32 is computed in f32 and truncated, as storing a
// float result into an Int32Array would.
const INT_EXPR: Partial<Record<UnaryOp, string>> = {
  neg: '-v',
  abs: 'abs(v)',
  sign: 'select(select(0, -1, v < 0), 1, v > 0)',
  relu: 'max(v, 0)',
  floor: 'v',
  round: 'v',
  clamp: 'min(max(v, pi(1u)), pi(2u))',
};

/** The WGSL computing the result from `v`, and the type `v` is loaded as. */
function expression(op: UnaryOp, type: WgslType, integerExponent: boolean): { expr: string; valueType: WgslType } {
  if (type === 'i32' && op === 'powScalar' && integerExponent) return { expr: 'ipow(v, i32(pf(3u)))', valueType: 'i32' };
  const exact = type === 'i32' ? INT_EXPR[op] : undefined;
  return exact ? { expr: exact, valueType: 'i32' } : { expr: FLOAT_EXPR[op], valueType: 'f32' };
}

/** Clamp bounds as the integer range they allow on int32 (an absent bound is the type's limit). */
function intBound(bound: number | undefined, fallback: number, round: (x: number) => number): number {
  if (bound === undefined) return fallback;
  return Math.min(2 ** 31 - 1, Math.max(-(2 ** 31), round(bound)));
}

export function unary(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['unary']): DataId {
  const [x] = inputs;
  const inType = wgslType('unary', x.dtype);
  const outType = wgslType('unary', output.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const exponent = attrs.exponent ?? 1;
  const integerExponent = Number.isInteger(exponent);
  const params = new Params().u32(n);
  if (inType === 'f32') params.f32(attrs.min ?? -Infinity).f32(attrs.max ?? Infinity);
  else params.i32(intBound(attrs.min, -(2 ** 31), Math.ceil)).i32(intBound(attrs.max, 2 ** 31 - 1, Math.floor));
  params.f32(exponent);
  const { expr, valueType } = expression(attrs.op, inType, integerExponent);
  rt.dispatch({
    key: `unary:${attrs.op}:${inType}:${outType}:${valueType}:${integerExponent}`,
    source: () =>
      header([{ name: 'x', type: inType }], { name: 'out', type: outType }, params.vec4Count) +
      MATH_WGSL +
      elementMain(`  let v = ${valueType}(x[i]);\n  out[i] = ${outType}(${expr});`),
    inputs: [storageOf(x.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
