// tidy(fn): frees every tensor created inside fn except what fn returns (or `keep`s), so a training or
// inference step on webgpu releases its intermediates at once instead of waiting for garbage collection.
// Gradients still attached as some tensor's `.grad` survive too. Storage is reference-counted, so a parameter, buffer or optimizer state that took over an intermediate's
// values (replaceData_) keeps them alive. Run forward and backward inside one tidy: the graph saved for
// backward refers to intermediates that the scope's end disposes.

import { Tensor } from './tensor.js';

const scopes: Set<Tensor>[] = [];

/** Called by the Tensor constructor. */
export function trackTensor(t: Tensor): void {
  scopes[scopes.length - 1]?.add(t);
}

/** Exempts a tensor from disposal by every enclosing tidy. */
export function keep<T extends Tensor>(t: T): T {
  for (const scope of scopes) scope.delete(t);
  return t;
}

function collect(value: unknown, out: Set<Tensor>): void {
  if (value instanceof Tensor) out.add(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collect(v, out);
  }
}

/**
 * Runs fn; afterwards disposes the tensors it created, except those in its result (a tensor, or arrays and plain
 * objects holding tensors), which move to the enclosing scope. fn must be synchronous.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) t.dispose();
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) throw new Error('tidy: fn must be synchronous (it returned a Promise)');
  const kept = new Set<Tensor>();
  collect(result, kept);
  for (const t of scope) {
    // Gradients still attached to a tensor outlive the scope, so an optimizer step can follow a tidy backward.
    if (kept.has(t) || t.isGrad) trackTensor(t);
    else t.dispose();
  }
  return result;
}
