// The gradients reaching each tensor during one backward pass, summed. Slices' gradients (SliceGrad) are kept as
// parts until the tensor's own turn: disjoint parts along one dim, the usual case (split, chunk, a sequence cut
// into frames), become one concatenation with zero gaps, so cutting a tensor into T slices costs one pass over
// it instead of T full-size zero-padded gradients and their sum.

import { cat } from '../ops/cat.js';
import { zeros } from '../tensor/creation.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { SliceGrad } from './grad-node.js';

export class GradientSums {
  private readonly full = new Map<Tensor, Tensor>();
  private readonly parts = new Map<Tensor, SliceGrad[]>();

  /** Adds `g` to the gradient of `input`; `op` names the node that produced it, for shape errors. */
  add(op: string, input: Tensor, g: Tensor | SliceGrad): void {
    if (g instanceof SliceGrad) {
      checkSlice(op, input, g);
      const list = this.parts.get(input);
      if (list) list.push(g);
      else this.parts.set(input, [g]);
      return;
    }
    if (!shapesEqual(g.shape, input.shape)) {
      throw new Error(`backward: '${op}' produced a gradient of shape ${formatShape(g.shape)} for an input of shape ${formatShape(input.shape)}`);
    }
    const prev = this.full.get(input);
    this.full.set(input, prev ? prev.add(g) : g);
  }

  /** The summed gradient of `tensor` (assembling its slice parts), or undefined when none reached it. */
  get(tensor: Tensor): Tensor | undefined {
    const parts = this.parts.get(tensor);
    if (parts) {
      this.parts.delete(tensor);
      const joined = assemble(tensor, parts);
      const prev = this.full.get(tensor);
      this.full.set(tensor, prev ? prev.add(joined) : joined);
    }
    return this.full.get(tensor);
  }

  /** Every summed gradient; call once all parts are assembled (each tensor's get() has run). */
  entries(): IterableIterator<[Tensor, Tensor]> {
    return this.full.entries();
  }
}

function checkSlice(op: string, input: Tensor, g: SliceGrad): void {
  const { dim, start, value } = g;
  const fits = value.rank === input.rank && dim >= 0 && dim < input.rank && start >= 0 &&
    start + value.shape[dim] <= input.shape[dim] && value.shape.every((d, i) => i === dim || d === input.shape[i]);
  if (!fits) {
    throw new Error(`backward: '${op}' produced a slice gradient ${formatShape(value.shape)} at ${start} of dim ${dim} for an input of shape ${formatShape(input.shape)}`);
  }
}

/** The full-size gradient the parts make together. */
function assemble(input: Tensor, parts: readonly SliceGrad[]): Tensor {
  const dim = parts[0].dim;
  const sorted = [...parts].sort((a, b) => a.start - b.start);
  const disjoint = parts.every((p) => p.dim === dim) && sorted.every((p, i) => i === 0 || p.start >= end(sorted[i - 1]));
  if (!disjoint) return parts.map((p) => joinWithGaps(input, p.dim, [p])).reduce((a, b) => a.add(b));
  return joinWithGaps(input, dim, sorted);
}

const end = (p: SliceGrad): number => p.start + p.value.shape[p.dim];

/** Sorted disjoint parts along `dim`, with zeros between and around them, as one tensor of input's shape. */
function joinWithGaps(input: Tensor, dim: number, sorted: readonly SliceGrad[]): Tensor {
  const { dtype, backend } = sorted[0].value;
  const gap = (length: number): Tensor => zeros(input.shape.map((d, i) => (i === dim ? length : d)), { dtype, backend });
  const pieces: Tensor[] = [];
  let at = 0;
  for (const p of sorted) {
    if (p.start > at) pieces.push(gap(p.start - at));
    pieces.push(p.value);
    at = end(p);
  }
  if (at < input.shape[dim]) pieces.push(gap(input.shape[dim] - at));
  return pieces.length === 1 ? pieces[0] : cat(pieces, dim);
}
