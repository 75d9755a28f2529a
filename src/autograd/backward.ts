// Reverse-mode differentiation over the recorded graph: topological order, gradient accumulation,
// leaf `.grad` updates, freeing of the graph, and `grad()` for higher-order derivatives.

import type { Tensor } from '../tensor/tensor.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import { enableGrad, noGrad } from './grad-mode.js';
import type { GradNode } from './grad-node.js';
import { GradientSums } from './gradient-sums.js';

export interface BackwardOptions {
  /** Keep the graph so backward can run through it again (PyTorch's retain_graph). Defaults to createGraph. */
  readonly retainGraph?: boolean;
  /** Record the backward pass itself so gradients can be differentiated again. */
  readonly createGraph?: boolean;
}

/** Tensors reachable from `roots` through grad nodes, ordered so each tensor precedes its inputs. */
function topologicalOrder(roots: readonly Tensor[]): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative DFS: model graphs are deep enough (long recurrences) to overflow a recursive one.
  const stack: { tensor: Tensor; expanded: boolean }[] = roots.map((tensor) => ({ tensor, expanded: false }));
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.expanded) {
      order.push(top.tensor);
      continue;
    }
    if (visited.has(top.tensor)) continue;
    visited.add(top.tensor);
    stack.push({ tensor: top.tensor, expanded: true });
    const node = top.tensor.gradFn;
    if (node) for (const input of node.inputs) if (!visited.has(input) && input.requiresGrad) stack.push({ tensor: input, expanded: false });
  }
  return order.reverse();
}

function checkGradShape(op: string, output: Tensor, grad: Tensor): void {
  if (!shapesEqual(output.shape, grad.shape)) {
    throw new Error(`${op}: gradient shape ${formatShape(grad.shape)} does not match output shape ${formatShape(output.shape)}`);
  }
  if (grad.backend !== output.backend) {
    throw new Error(`${op}: gradient is on backend '${grad.backend.name}' but the output is on '${output.backend.name}'`);
  }
}

/**
 * Propagates gradients from `outputs` (seeded with `gradOutputs`) and returns the gradient reaching each tensor.
 * `onLeaf` sees every leaf that requires a gradient.
 */
function propagate(outputs: readonly Tensor[], gradOutputs: readonly Tensor[], options: BackwardOptions): GradientSums {
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const grads = new GradientSums();
  const run = createGraph ? enableGrad : noGrad;
  run(() => {
    outputs.forEach((out, i) => grads.add('backward', out, gradOutputs[i]));
    const released: GradNode[] = [];
    for (const tensor of topologicalOrder(outputs)) {
      const g = grads.get(tensor);
      const node = tensor.gradFn;
      if (!node || !g) continue;
      const inputGrads = node.apply(g);
      node.inputs.forEach((input, i) => {
        const ig = inputGrads[i];
        if (ig && input.requiresGrad) grads.add(node.name, input, ig);
      });
      if (!retainGraph) released.push(node);
    }
    for (const node of released) node.release();
  });
  return grads;
}

/** `tensor.backward(grad?)`: accumulates d(tensor)/d(leaf) into every leaf's `.grad`. */
export function backward(output: Tensor, gradOutput?: Tensor, options: BackwardOptions = {}): void {
  if (!output.requiresGrad) {
    throw new Error(`backward: the tensor of shape ${formatShape(output.shape)} does not require grad and has no grad_fn (did you forget requiresGrad: true?)`);
  }
  let seed = gradOutput;
  if (!seed) {
    if (output.size !== 1) {
      throw new Error(`backward: grad can be implicitly created only for scalar outputs; got shape ${formatShape(output.shape)}, pass a gradient`);
    }
    seed = noGrad(() => output.onesLike());
  }
  checkGradShape('backward', output, seed);
  const grads = propagate([output], [seed], options);
  const createGraph = options.createGraph ?? false;
  for (const [tensor, g] of grads.entries()) {
    if (tensor.gradFn || !tensor.requiresGrad) continue;
    const contribution = createGraph ? g : g.detach();
    const existing = tensor.grad;
    if (!existing) {
      tensor.grad = contribution;
    } else if (createGraph || existing.gradFn) {
      tensor.grad = existing.add(contribution);
    } else {
      // Accumulate into the same tensor, as PyTorch does, so references to .grad stay valid.
      noGrad(() => existing.replaceData_(existing.add(contribution)));
    }
  }
}

/**
 * `grad(outputs, inputs)`: the gradients of the outputs' sum with respect to `inputs`, returned rather than
 * accumulated (PyTorch's torch.autograd.grad). With createGraph the result is differentiable.
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: readonly Tensor[],
  options: BackwardOptions & { readonly gradOutputs?: readonly Tensor[]; readonly allowUnused?: boolean } = {},
): Tensor[] {
  const outs = Array.isArray(outputs) ? (outputs as readonly Tensor[]) : [outputs as Tensor];
  const seeds = options.gradOutputs ?? outs.map((o) => {
    if (o.size !== 1) throw new Error(`grad: output of shape ${formatShape(o.shape)} is not a scalar; pass gradOutputs`);
    return noGrad(() => o.onesLike());
  });
  outs.forEach((o, i) => {
    if (!o.requiresGrad) throw new Error(`grad: output ${i} does not require grad`);
    checkGradShape('grad', o, seeds[i]);
  });
  const grads = propagate(outs, seeds, options);
  return inputs.map((input, i) => {
    const g = grads.get(input);
    if (g) return options.createGraph ? g : g.detach();
    if (!options.allowUnused) throw new Error(`grad: input ${i} was not used to compute the outputs (pass allowUnused: true)`);
    return noGrad(() => input.zerosLike());
  });
}
