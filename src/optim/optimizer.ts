// The base of every optimizer, in PyTorch's shape: parameter groups with per-group hyperparameters, per-parameter
// state, step(), zeroGrad(), and state dicts in PyTorch's layout. A subclass supplies only its validation and its
// update rule, written with ops under noGrad so it runs on the parameter's own backend.
//
// Tensors are immutable by convention, so an update computes new values and the parameter and its state tensors
// take their storage (Tensor.replaceData_): references stay valid, as with PyTorch's in-place `param.add_`, and a
// step inside tidy() leaves only the parameters and the (kept) state allocated. A stateDict() holds aliases of the
// storage current when it was taken, so it is a snapshot that later steps do not change.

import { noGrad } from '../autograd/grad-mode.js';
import { isFloat } from '../backends/types.js';
import { cast, toBackend } from '../ops/cast.js';
import { zerosLike } from '../tensor/creation.js';
import { keep } from '../tensor/scope.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** The hyperparameter every group has; schedulers read and write it. */
export interface BaseOptions {
  lr: number;
}

/** A parameter group: its parameters and its hyperparameters (mutable: schedulers change lr). */
export type ParamGroup<O extends BaseOptions> = O & {
  params: Tensor[];
  /** The lr when the first scheduler was attached (PyTorch's `initial_lr`). */
  initialLr?: number;
};

/** A group as passed in: its parameters and the hyperparameters that differ from the optimizer's. */
export type ParamGroupSpec<O extends BaseOptions> = Partial<O> & { params: Iterable<Tensor> };

/** What an optimizer takes, as in PyTorch: parameters (one group) or parameter groups. */
export type ParamsArg<O extends BaseOptions> = Iterable<Tensor> | Iterable<ParamGroupSpec<O>>;

/**
 * PyTorch's optimizer state dict: `state` maps a parameter's index (counted across groups in order) to its state
 * (keys as in PyTorch: `step`, `exp_avg`, `momentum_buffer`, ...); `param_groups` hold each group's
 * hyperparameters (this library's camelCase option names) with `params` as indices.
 */
export interface OptimizerStateDict<O extends BaseOptions, S> {
  state: Record<number, S>;
  param_groups: (O & { params: number[]; initialLr?: number })[];
}

/** One parameter's update: its new value and its new state. */
export interface ParamUpdate<S> {
  value: Tensor;
  state: S;
}

export abstract class Optimizer<O extends BaseOptions = BaseOptions, S extends object = object> {
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (PyTorch's `optimizer.state`); a parameter has none before its first step. */
  readonly state = new Map<Tensor, S>();

  protected constructor(
    /** The optimizer's name, used in every error message. */
    readonly name: string,
    params: ParamsArg<O>,
    /** The hyperparameters a group takes unless it says otherwise. */
    readonly defaults: O,
  ) {
    const list: (Tensor | ParamGroupSpec<O>)[] = [...params];
    if (list.length === 0) throw new Error(`${name}: got an empty parameter list`);
    const tensors = list.filter((x): x is Tensor => x instanceof Tensor);
    const specs = list.filter((x): x is ParamGroupSpec<O> => !(x instanceof Tensor));
    if (tensors.length > 0 && specs.length > 0) throw new Error(`${name}: params must be all tensors or all parameter groups, not a mix`);
    if (specs.length === 0) this.addGroup(tensors, {});
    for (const spec of specs) this.addParamGroup(spec);
  }

  /** Checks one group's hyperparameters; throws naming the optimizer and the argument. */
  protected abstract validate(options: O): void;

  /** The update rule for one parameter with a gradient (runs under noGrad). */
  protected abstract update(param: Tensor, grad: Tensor, state: S | undefined, group: ParamGroup<O>): ParamUpdate<S>;

  /** Adds a group (PyTorch's add_param_group); missing hyperparameters take the optimizer's defaults. */
  addParamGroup(spec: ParamGroupSpec<O>): void {
    this.addGroup(spec.params, spec);
  }

  private addGroup(parameters: Iterable<Tensor>, overrides: Partial<O>): void {
    const g = this.paramGroups.length;
    const params = [...parameters];
    const seen = new Set(this.paramGroups.flatMap((group) => group.params));
    params.forEach((p, i) => {
      const where = `${this.name}: parameter ${i} of group ${g}`;
      if (!(p instanceof Tensor)) throw new Error(`${where} is not a Tensor`);
      if (!isFloat(p.dtype)) throw new Error(`${where} (shape ${formatShape(p.shape)}) has dtype ${p.dtype}; only floating-point tensors can be optimized`);
      if (!p.isLeaf) throw new Error(`${where} (shape ${formatShape(p.shape)}) is not a leaf tensor; optimize leaves, e.g. x.detach().requiresGrad_()`);
      if (seen.has(p)) throw new Error(`${where} (shape ${formatShape(p.shape)}) appears more than once among the optimizer's parameters`);
      seen.add(p);
    });
    const group: ParamGroup<O> = { ...this.defaults, ...overrides, params };
    this.validate(group);
    this.paramGroups.push(group);
  }

  /** Updates every parameter that has a gradient, in place from the caller's point of view. */
  step(): void {
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          if (!p.grad) continue;
          const { value, state } = this.update(p, p.grad, this.state.get(p), group);
          p.replaceData_(value);
          this.setState(p, state);
        }
      }
    });
  }

  /**
   * A parameter's new state: each tensor is written into the state tensor it replaces (a new one is kept out of
   * any enclosing tidy), so the state survives a tidy step and the storage it replaces is released.
   */
  protected setState(param: Tensor, next: S): void {
    const previous = new Map<string, unknown>(Object.entries(this.state.get(param) ?? {}));
    this.state.set(param, mapTensors(next, (t, key) => {
      const old = previous.get(key);
      return old instanceof Tensor ? old.replaceData_(t) : keep(t);
    }));
  }

  /**
   * Clears gradients: to null (PyTorch 2's default) or, with setToNone false, to zeros in place. In a step run
   * inside tidy(), call it before the scope ends so that the scope frees the gradients it drops.
   */
  zeroGrad(setToNone = true): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (!g) continue;
        if (setToNone) p.grad = null;
        else if (g.isLeaf) noGrad(() => g.replaceData_(zerosLike(g)));
        else p.grad = noGrad(() => zerosLike(g));
      }
    }
  }

  /** A snapshot of the state and hyperparameters in PyTorch's layout (state tensors as aliases of their current storage). */
  stateDict(): OptimizerStateDict<O, S> {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((group) => ({
      ...group,
      params: group.params.map((p) => {
        index.set(p, index.size);
        return index.size - 1;
      }),
    }));
    const state: Record<number, S> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[i] = mapTensors(s, (t) => t.detach());
    }
    return { state, param_groups: paramGroups };
  }

  /**
   * Restores a stateDict() into an optimizer built over the same parameters (same group sizes, same order).
   * State tensors are moved to each parameter's backend and dtype, as PyTorch moves them to its device.
   */
  loadStateDict(dict: OptimizerStateDict<O, S>): void {
    const saved = dict.param_groups;
    const what = `${this.name}.loadStateDict`;
    if (saved.length !== this.paramGroups.length) {
      throw new Error(`${what}: the state dict has ${saved.length} parameter groups, the optimizer has ${this.paramGroups.length}`);
    }
    const byIndex = new Map<number, Tensor>();
    const groups = saved.map((g, i) => {
      const current = this.paramGroups[i].params;
      if (g.params.length !== current.length) {
        throw new Error(`${what}: group ${i} has ${g.params.length} parameters in the state dict, ${current.length} in the optimizer`);
      }
      g.params.forEach((id, j) => byIndex.set(id, current[j]));
      const group: ParamGroup<O> = { ...g, params: current };
      this.validate(group);
      return group;
    });
    const state = new Map<Tensor, S>();
    for (const [key, s] of Object.entries(dict.state)) {
      const p = byIndex.get(Number(key));
      if (!p) throw new Error(`${what}: state for parameter index ${key}, which no group lists`);
      state.set(p, placeState(s, p));
    }
    this.paramGroups.splice(0, this.paramGroups.length, ...groups);
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
  }
}

/** A copy of a state object with each tensor mapped by fn (numbers and absent entries unchanged). */
function mapTensors<S extends object>(state: S, fn: (t: Tensor, key: string) => Tensor): S {
  const entries = Object.entries(state).map(([key, value]: [string, unknown]) => [key, value instanceof Tensor ? fn(value, key) : value]);
  // Only tensors were replaced, by tensors: the object still has S's shape.
  return Object.fromEntries(entries) as S;
}

/** A copy of a loaded state with its tensors on the parameter's backend and in its dtype, not aliasing the dict's. */
function placeState<S extends object>(state: S, param: Tensor): S {
  return mapTensors(state, (t) => {
    const moved = t.backend === param.backend ? t : toBackend(t, param.backend.name);
    return keep((moved.dtype === param.dtype ? moved : noGrad(() => cast(moved, param.dtype))).detach());
  });
}
