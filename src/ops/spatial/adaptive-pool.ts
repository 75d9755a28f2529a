// adaptiveAvgPool2d / adaptiveMaxPool2d (torch.nn.functional.adaptive_*_pool2d): output cell o along a dim of
// size S covers input [floor(o S / O), ceil((o + 1) S / O)). Average: two matmuls with host-built averaging
// matrices (separable, so gradients are matmuls too). Max: windows of varying length are gathered with
// indexSelect, padded to the longest by repeating the window's last element (which never changes the max or
// the first-wins tie rule), then argmax + gather as in maxPool2d.

import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { gather, indexSelect } from '../index-ops.js';
import { matmul } from '../matmul.js';
import { argmax } from '../reduce.js';
import { checkFloat, constantLike, indexTensor } from './params.js';
import { batchedInput } from './pool-windows.js';

/** Output height and width; one number for both, or null to keep that input dim. */
export type AdaptiveOutputSize = number | readonly [number | null, number | null];

interface Range {
  readonly start: number;
  readonly end: number;
}

function ranges(size: number, out: number): Range[] {
  return Array.from({ length: out }, (_, o) => ({ start: Math.floor((o * size) / out), end: Math.ceil(((o + 1) * size) / out) }));
}

function resolveSize(op: string, x: Tensor, outputSize: AdaptiveOutputSize): [number, number] {
  const list = typeof outputSize === 'number' ? [outputSize, outputSize] : outputSize;
  if (list.length !== 2) throw new Error(`${op}: outputSize must be one number or 2 entries, got ${JSON.stringify(outputSize)}`);
  const size = list.map((v, i) => v ?? x.shape[x.rank - 2 + i]);
  if (size.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`${op}: outputSize must hold positive integers, got ${JSON.stringify(outputSize)}`);
  if (x.shape.slice(-2).some((s) => s < 1)) throw new Error(`${op}: input ${formatShape(x.shape)} has an empty spatial dim`);
  return [size[0], size[1]];
}

/** [out, size] matrix averaging each output cell's range. */
function averagingMatrix(size: number, out: number): number[] {
  const m = new Array<number>(out * size).fill(0);
  ranges(size, out).forEach(({ start, end }, o) => {
    for (let i = start; i < end; i++) m[o * size + i] = 1 / (end - start);
  });
  return m;
}

/** torch.nn.functional.adaptive_avg_pool2d on [N, C, H, W] (or [C, H, W]). */
export function adaptiveAvgPool2d(input: Tensor, outputSize: AdaptiveOutputSize): Tensor {
  const op = 'adaptiveAvgPool2d';
  checkFloat(op, 'input', input);
  const { x, unbatched } = batchedInput(op, input, 2);
  const [outH, outW] = resolveSize(op, x, outputSize);
  const [h, w] = x.shape.slice(2);
  let y = x;
  if (outH !== h) y = matmul(constantLike(x, averagingMatrix(h, outH), [outH, h]), y);
  if (outW !== w) y = matmul(y, constantLike(x, averagingMatrix(w, outW), [outW, w]).transpose(0, 1));
  return unbatched ? y.squeeze(0) : y;
}

/** For each output cell, `taps` input indices covering its range (the last one repeated to fill). */
function windowIndex(size: number, out: number): { index: number[]; taps: number } {
  const rs = ranges(size, out);
  const taps = Math.max(...rs.map((r) => r.end - r.start));
  const index = rs.flatMap(({ start, end }) => Array.from({ length: taps }, (_, j) => Math.min(start + j, end - 1)));
  return { index, taps };
}

/** torch.nn.functional.adaptive_max_pool2d on [N, C, H, W] (or [C, H, W]); gradient as in maxPool2d. */
export function adaptiveMaxPool2d(input: Tensor, outputSize: AdaptiveOutputSize): Tensor {
  const op = 'adaptiveMaxPool2d';
  checkFloat(op, 'input', input);
  const { x, unbatched } = batchedInput(op, input, 2);
  const [outH, outW] = resolveSize(op, x, outputSize);
  const [n, c, h, w] = x.shape;
  const rows = windowIndex(h, outH);
  const cols = windowIndex(w, outW);
  const windows = indexSelect(indexSelect(x, 2, indexTensor(x, rows.index)), 3, indexTensor(x, cols.index))
    .reshape([n, c, outH, rows.taps, outW, cols.taps])
    .permute([0, 1, 2, 4, 3, 5])
    .reshape([n, c, outH, outW, rows.taps * cols.taps]);
  const y = gather(windows, 4, argmax(windows, { dim: 4, keepdim: true })).reshape([n, c, outH, outW]);
  return unbatched ? y.squeeze(0) : y;
}
