// Index-driven gathers and scatters: indexSelect/indexAdd along one dim with a 1-d index, and
// gather/scatterAdd with an index tensor of the input's rank. Each pair is the other's gradient.

import { recordOp } from '../autograd/grad-node.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape, normalizeDim } from '../tensor/shape.js';
import { runKernel } from './dispatch.js';
import { zeros } from '../tensor/creation.js';

function checkIndex(op: string, index: Tensor): void {
  if (index.dtype !== 'int32') throw new Error(`${op}: index must be int32, got ${index.dtype} of shape ${formatShape(index.shape)}`);
}

export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndex('indexSelect', index);
  if (index.rank > 1) throw new Error(`indexSelect: index must be 1-d, got shape ${formatShape(index.shape)}`);
  const d = normalizeDim('indexSelect', dim, x.rank);
  const idx = index.reshape([index.size]);
  const shape = x.shape.map((v, i) => (i === d ? idx.size : v));
  const y = runKernel('indexSelect', 'indexSelect', [x, idx], shape, x.dtype, { axis: d });
  if (x.dtype === 'int32') return y;
  return recordOp('indexSelect', y, [x], (g) => [indexAdd(zerosOf(x, g), d, idx, g)]);
}

/** Zeros with x's shape on g's backend and dtype (gradients live with g). */
function zerosOf(x: Tensor, g: Tensor): Tensor {
  return zeros(x.shape, { dtype: g.dtype, backend: g.backend });
}

export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  checkIndex('indexAdd', index);
  if (index.rank > 1) throw new Error(`indexAdd: index must be 1-d, got shape ${formatShape(index.shape)}`);
  const d = normalizeDim('indexAdd', dim, x.rank);
  const expected = x.shape.map((v, i) => (i === d ? index.size : v));
  if (source.rank !== x.rank || source.shape.some((v, i) => v !== expected[i])) {
    throw new Error(`indexAdd: source shape ${formatShape(source.shape)} must be ${formatShape(expected)} for input ${formatShape(x.shape)}, dim ${d} and index of length ${index.size}`);
  }
  if (source.dtype !== x.dtype) throw new Error(`indexAdd: dtype mismatch, input ${x.dtype} vs source ${source.dtype}`);
  const idx = index.reshape([index.size]);
  const y = runKernel('indexAdd', 'indexAdd', [x, idx, source], x.shape, x.dtype, { axis: d });
  if (x.dtype === 'int32') return y;
  return recordOp('indexAdd', y, [x, source], (g) => [g, source.requiresGrad ? indexSelect(g, d, idx) : null]);
}

function checkGatherShapes(op: string, x: Tensor, d: number, index: Tensor): void {
  if (index.rank !== x.rank) throw new Error(`${op}: index rank ${index.rank} must equal input rank ${x.rank} (input ${formatShape(x.shape)}, index ${formatShape(index.shape)})`);
  index.shape.forEach((v, i) => {
    if (i !== d && v > x.shape[i]) throw new Error(`${op}: index shape ${formatShape(index.shape)} exceeds input shape ${formatShape(x.shape)} at dim ${i}`);
  });
}

export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndex('gather', index);
  const d = normalizeDim('gather', dim, x.rank);
  checkGatherShapes('gather', x, d, index);
  const y = runKernel('gather', 'gather', [x, index], index.shape, x.dtype, { axis: d });
  if (x.dtype === 'int32') return y;
  return recordOp('gather', y, [x], (g) => [scatterAdd(zerosOf(x, g), d, index, g)]);
}

export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  checkIndex('scatterAdd', index);
  const d = normalizeDim('scatterAdd', dim, x.rank);
  checkGatherShapes('scatterAdd', x, d, index);
  if (src.rank !== index.rank || index.shape.some((v, i) => v > src.shape[i])) {
    throw new Error(`scatterAdd: src shape ${formatShape(src.shape)} must cover index shape ${formatShape(index.shape)}`);
  }
  if (src.dtype !== x.dtype) throw new Error(`scatterAdd: dtype mismatch, input ${x.dtype} vs src ${src.dtype}`);
  // The kernel reads src with index's shape; a larger src is cut down first (PyTorch ignores the excess).
  const source = index.shape.every((v, i) => v === src.shape[i]) ? src : index.shape.reduce((t, v, i) => t.narrow(i, 0, v), src);
  const y = runKernel('scatterAdd', 'scatterAdd', [x, index, source], x.shape, x.dtype, { axis: d });
  if (x.dtype === 'int32') return y;
  return recordOp('scatterAdd', y, [x, source], (g) => [g, source.requiresGrad ? gather(g, d, index) : null]);
}
