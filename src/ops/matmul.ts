// matmul with torch.matmul's rules (1-d promotion, broadcast batch dims) over one batched `matmul` kernel
// whose transpose flags let every gradient be another matmul without materialising a transpose.

import { recordOp } from '../autograd/grad-node.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastShapes, formatShape, sizeOf } from '../tensor/shape.js';
import { assertFloat, runKernel } from './dispatch.js';

/**
 * Batched product of 3-d operands: op(a) @ op(b) where op transposes the last two dims when its flag is set.
 * Either operand's batch may be 1 (broadcast).
 */
export function bmm(a: Tensor, b: Tensor, transA = false, transB = false): Tensor {
  const [ba, ra, ca] = a.shape;
  const [bb, rb, cb] = b.shape;
  const [m, k] = transA ? [ca, ra] : [ra, ca];
  const [k2, n] = transB ? [cb, rb] : [rb, cb];
  if (k !== k2) throw new Error(`matmul: inner dimensions differ, ${formatShape(a.shape)}${transA ? 'ᵀ' : ''} @ ${formatShape(b.shape)}${transB ? 'ᵀ' : ''} (${k} vs ${k2})`);
  if (ba !== bb && ba !== 1 && bb !== 1) throw new Error(`matmul: batch sizes ${ba} and ${bb} differ`);
  const batch = Math.max(ba, bb);
  const y = runKernel('matmul', 'matmul', [a, b], [batch, m, n], a.dtype, { transA, transB });
  return recordOp('matmul', y, [a, b], (g) => {
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (a.requiresGrad) {
      ga = transA ? bmm(b, g, transB, true) : bmm(g, b, false, !transB);
      if (ba === 1 && batch > 1) ga = ga.sum({ dim: 0, keepdim: true });
    }
    if (b.requiresGrad) {
      gb = transB ? bmm(g, a, true, transA) : bmm(a, g, !transA, false);
      if (bb === 1 && batch > 1) gb = gb.sum({ dim: 0, keepdim: true });
    }
    return [ga, gb];
  });
}

/** torch.matmul: 1-d operands are promoted and the added dim removed; batch dims broadcast. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  assertFloat('matmul', a);
  if (a.dtype !== b.dtype) throw new Error(`matmul: dtype mismatch, ${a.dtype} ${formatShape(a.shape)} vs ${b.dtype} ${formatShape(b.shape)}`);
  if (a.rank === 0 || b.rank === 0) throw new Error(`matmul: both arguments need at least 1 dimension, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  const a2 = a.rank === 1 ? a.reshape([1, a.shape[0]]) : a;
  const b2 = b.rank === 1 ? b.reshape([b.shape[0], 1]) : b;
  const [m, k] = a2.shape.slice(-2);
  const [k2, n] = b2.shape.slice(-2);
  if (k !== k2) throw new Error(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be multiplied (${k} vs ${k2})`);
  const batchA = a2.shape.slice(0, -2);
  const batchB = b2.shape.slice(0, -2);
  const batch = broadcastShapes('matmul', batchA, batchB);
  const total = sizeOf(batch);
  const as3 = (t: Tensor, own: readonly number[], rows: number, cols: number): Tensor => {
    const ownSize = sizeOf(own);
    if (ownSize === total || ownSize === 1) return t.reshape([ownSize, rows, cols]);
    return t.expand([...batch, rows, cols]).reshape([total, rows, cols]);
  };
  const a3 = as3(a2, batchA, m, k);
  const b3 = as3(b2, batchB, k, n);
  let y = bmm(a3, b3).reshape([...batch, m, n]);
  if (a.rank === 1) y = y.squeeze(-2);
  if (b.rank === 1) y = y.squeeze(-1);
  return y;
}

