// The base of every layer and model, in PyTorch's shape: registered parameters, buffers and child modules
// under PyTorch's dotted names, traversal, train/eval, moving between backends and dtypes, and state dicts
// that load strictly (every key checked before anything changes).

import { noGrad } from '../autograd/grad-mode.js';
import { getBackend } from '../backends/registry.js';
import type { BackendName, DType } from '../backends/types.js';
import { toBackend, cast } from '../ops/cast.js';
import { tidy } from '../tensor/scope.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Parameter } from './parameter.js';

export type StateDict = Record<string, Tensor>;

export interface LoadResult {
  readonly missingKeys: string[];
  readonly unexpectedKeys: string[];
}

export abstract class Module {
  /** Whether the module is in training mode (dropout active, batch norm using batch statistics). */
  training = true;
  private readonly params = new Map<string, Parameter | null>();
  private readonly bufs = new Map<string, Tensor | null>();
  private readonly nonPersistent = new Set<string>();
  private readonly subs = new Map<string, Module | null>();

  /** The class name shown by summaries and errors. */
  get typeName(): string {
    return this.constructor.name;
  }

  private checkName(kind: string, name: string): void {
    if (name === '' || name.includes('.')) throw new Error(`${this.typeName}.register${kind}: invalid name '${name}' (non-empty, no dots)`);
    if (this.params.has(name) || this.bufs.has(name) || this.subs.has(name)) {
      throw new Error(`${this.typeName}.register${kind}: '${name}' is already registered`);
    }
  }

  /** Registers a parameter (or null, a declared-but-absent one such as a disabled bias) and returns it. */
  registerParameter<P extends Parameter | null>(name: string, param: P): P {
    this.checkName('Parameter', name);
    this.params.set(name, param);
    return param;
  }

  /** Registers a buffer: state saved in the state dict (unless persistent is false) but not trained. */
  registerBuffer<T extends Tensor | null>(name: string, tensor: T, persistent = true): T {
    this.checkName('Buffer', name);
    this.bufs.set(name, tensor);
    if (!persistent) this.nonPersistent.add(name);
    return tensor;
  }

  registerModule<M extends Module | null>(name: string, module: M): M {
    this.checkName('Module', name);
    this.subs.set(name, module);
    return module;
  }

  /** The buffer registered under `name` (buffers such as a step counter may be replaced wholesale). */
  getBuffer(name: string): Tensor | null {
    if (!this.bufs.has(name)) throw new Error(`${this.typeName}: no buffer named '${name}'`);
    return this.bufs.get(name) ?? null;
  }

  *namedChildren(): Generator<[string, Module]> {
    for (const [name, m] of this.subs) if (m) yield [name, m];
  }

  *children(): Generator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /** This module and every descendant, depth first, each once. */
  *namedModules(prefix = '', seen = new Set<Module>()): Generator<[string, Module]> {
    if (seen.has(this)) return;
    seen.add(this);
    yield [prefix, this];
    for (const [name, m] of this.namedChildren()) yield* m.namedModules(prefix ? `${prefix}.${name}` : name, seen);
  }

  *modules(): Generator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /** Parameters under PyTorch's dotted keys; a parameter shared by two modules is listed once. */
  *namedParameters(prefix = '', recurse = true): Generator<[string, Parameter]> {
    const seen = new Set<Tensor>();
    const modules = recurse ? this.namedModules(prefix) : ([[prefix, this]] as Iterable<[string, Module]>);
    for (const [path, m] of modules) {
      for (const [name, p] of m.params) {
        if (!p || seen.has(p)) continue;
        seen.add(p);
        yield [path ? `${path}.${name}` : name, p];
      }
    }
  }

  *parameters(recurse = true): Generator<Parameter> {
    for (const [, p] of this.namedParameters('', recurse)) yield p;
  }

  *namedBuffers(prefix = '', recurse = true): Generator<[string, Tensor]> {
    const modules = recurse ? this.namedModules(prefix) : ([[prefix, this]] as Iterable<[string, Module]>);
    for (const [path, m] of modules) {
      for (const [name, b] of m.bufs) if (b) yield [path ? `${path}.${name}` : name, b];
    }
  }

  *buffers(recurse = true): Generator<Tensor> {
    for (const [, b] of this.namedBuffers('', recurse)) yield b;
  }

  /** Number of parameter elements (trainable only if asked). */
  parameterCount(options: { trainableOnly?: boolean } = {}): number {
    let n = 0;
    for (const p of this.parameters()) if (!options.trainableOnly || p.requiresGrad) n += p.size;
    return n;
  }

  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Drops every parameter's gradient (PyTorch's zero_grad(set_to_none=True)). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Moves every parameter and buffer, in place, to a backend or (floating-point ones) to a dtype. */
  to(target: BackendName | DType): this {
    const move = (t: Tensor): Tensor => {
      if (target === 'cpu' || target === 'webgpu') return toBackend(t, target);
      return t.dtype === 'int32' ? t : cast(t, target);
    };
    if (target === 'cpu' || target === 'webgpu') getBackend(target);
    // tidy frees the moved copies at once (each parameter keeps its own reference to the new storage), instead
    // of leaving the new buffers counted twice until garbage collection.
    tidy(() => noGrad(() => {
      for (const t of [...this.parameters(), ...this.buffers()]) t.replaceData_(move(t.detach()));
    }));
    return this;
  }

  /** Persistent state under PyTorch's keys: each module's parameters, then its buffers, then its children. */
  stateDict(prefix = ''): StateDict {
    const out: StateDict = {};
    for (const [path, m] of this.namedModules(prefix)) {
      const key = (name: string): string => (path ? `${path}.${name}` : name);
      for (const [name, p] of m.params) if (p) out[key(name)] = p.detach();
      for (const [name, b] of m.bufs) if (b && !m.nonPersistent.has(name)) out[key(name)] = b.detach();
    }
    return out;
  }

  /**
   * Copies values from a state dict into this module's parameters and buffers (cast to their dtype, moved to
   * their backend). Every key and shape is checked first; on any error nothing is changed. With strict,
   * missing or unexpected keys are errors; otherwise they are returned.
   */
  loadStateDict(state: StateDict, strict = true): LoadResult {
    const own = this.stateDict();
    const ownTensors = new Map<string, Tensor>();
    for (const [path, m] of this.namedModules()) {
      const key = (name: string): string => (path ? `${path}.${name}` : name);
      for (const [name, p] of m.params) if (p) ownTensors.set(key(name), p);
      for (const [name, b] of m.bufs) if (b && !m.nonPersistent.has(name)) ownTensors.set(key(name), b);
    }
    const missingKeys = Object.keys(own).filter((k) => !(k in state));
    const unexpectedKeys = Object.keys(state).filter((k) => !(k in own));
    const mismatched = Object.keys(state)
      .filter((k) => k in own && !shapesEqual(state[k].shape, own[k].shape))
      .map((k) => `${k}: checkpoint ${formatShape(state[k].shape)} vs model ${formatShape(own[k].shape)}`);
    const problems: string[] = [];
    if (mismatched.length > 0) problems.push(`size mismatch for ${mismatched.join('; ')}`);
    if (strict && missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.join(', ')}`);
    if (strict && unexpectedKeys.length > 0) problems.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
    if (problems.length > 0) throw new Error(`${this.typeName}.loadStateDict: ${problems.join('. ')}`);
    const converted = new Map<Tensor, Tensor>();
    for (const [key, target] of ownTensors) {
      const source = state[key];
      if (!source) continue;
      let value = source.detach();
      if (value.dtype !== target.dtype) value = cast(value, target.dtype);
      if (value.backend !== target.backend) value = toBackend(value, target.backend.name);
      converted.set(target, value);
    }
    noGrad(() => {
      for (const [target, value] of converted) target.replaceData_(value);
    });
    return { missingKeys, unexpectedKeys };
  }

  /** One line per module, as PyTorch prints a model. */
  toString(): string {
    const lines = [`${this.typeName}(${this.extraRepr()}`];
    for (const [name, child] of this.namedChildren()) lines.push(`  (${name}): ${child.toString().split('\n').join('\n  ')}`);
    return lines.length === 1 ? `${lines[0]})` : `${lines.join('\n')}\n)`;
  }

  /** The constructor arguments shown by toString (PyTorch's extra_repr). */
  extraRepr(): string {
    return '';
  }
}

/** A module mapping one tensor to one tensor: what Sequential chains. */
export interface TensorModule extends Module {
  forward(x: Tensor): Tensor;
}
