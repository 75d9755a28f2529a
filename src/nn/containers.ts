// Containers with PyTorch's keys: Sequential and ModuleList name children "0", "1", ...; ModuleDict by key.

import type { Tensor } from '../tensor/tensor.js';
import { Module, type TensorModule } from './module.js';

export class Identity extends Module implements TensorModule {
  forward(x: Tensor): Tensor {
    return x;
  }
}

/** Applies its modules in order. */
export class Sequential extends Module implements TensorModule {
  private readonly layers: TensorModule[];

  constructor(...layers: TensorModule[]) {
    super();
    this.layers = layers;
    layers.forEach((m, i) => this.registerModule(String(i), m));
  }

  get length(): number {
    return this.layers.length;
  }

  at(index: number): TensorModule {
    const m = this.layers[index < 0 ? index + this.layers.length : index];
    if (!m) throw new Error(`Sequential: index ${index} is out of range for ${this.layers.length} modules`);
    return m;
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.forward(y);
    return y;
  }

  [Symbol.iterator](): Iterator<TensorModule> {
    return this.layers[Symbol.iterator]();
  }
}

/** A list of modules registered under their indices; iterate it in forward. */
export class ModuleList<M extends Module = Module> extends Module {
  private readonly items: M[] = [];

  constructor(modules: Iterable<M> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  append(module: M): this {
    this.registerModule(String(this.items.length), module);
    this.items.push(module);
    return this;
  }

  get length(): number {
    return this.items.length;
  }

  at(index: number): M {
    const m = this.items[index < 0 ? index + this.items.length : index];
    if (!m) throw new Error(`ModuleList: index ${index} is out of range for ${this.items.length} modules`);
    return m;
  }

  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }
}

/** Modules registered under string keys, in insertion order. */
export class ModuleDict<M extends Module = Module> extends Module {
  private readonly items = new Map<string, M>();

  constructor(modules: Record<string, M> = {}) {
    super();
    for (const [key, m] of Object.entries(modules)) this.set(key, m);
  }

  set(key: string, module: M): this {
    this.registerModule(key, module);
    this.items.set(key, module);
    return this;
  }

  get(key: string): M {
    const m = this.items.get(key);
    if (!m) throw new Error(`ModuleDict: no module under key '${key}'`);
    return m;
  }

  keys(): IterableIterator<string> {
    return this.items.keys();
  }

  entries(): IterableIterator<[string, M]> {
    return this.items.entries();
  }
}
