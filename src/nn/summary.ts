// summary(model, inputs): torchinfo's model summary. One forward pass runs under noGrad (in eval mode unless
// asked otherwise) with every submodule's `forward` wrapped to record, per call, the module's output shape
// and parameter counts; the wrappers and the training flags are restored afterwards, also when the forward
// throws. Rows, hierarchy, parameter totals, mult-adds and memory estimates follow torchinfo 1.8's rules
// (layer_info.py, model_statistics.py, torchinfo.py); the text table is in summary-format.ts.

import { noGrad } from '../autograd/grad-mode.js';
import type { BackendName, DType } from '../backends/types.js';
import { rand } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Module } from './module.js';
import { formatSummary } from './summary-format.js';

export interface SummaryOptions {
  /** Rows deeper than this are hidden and their parents show their whole parameter count (torchinfo's default 3). */
  readonly depth?: number;
  /** The mode of the recorded forward pass (default 'eval', as torchinfo); every module's flag is restored after. */
  readonly mode?: 'eval' | 'train';
  /** The dtype of inputs built from shapes (default: the model's first floating-point parameter's, else float32). */
  readonly dtype?: Exclude<DType, 'int32'>;
  /** The backend of inputs built from shapes (default: the model's first parameter's, else the default backend). */
  readonly backend?: BackendName;
}

/** One row of the summary: one call of a module's forward, or a container whose own forward never ran. */
export interface SummaryRow {
  readonly typeName: string;
  /** The dotted name under the model ('' for the model itself). */
  readonly path: string;
  readonly depth: number;
  /** Position among all rows of this depth, counting from 1 (the "1-3" of "Conv2d: 1-3"). */
  readonly depthIndex: number;
  /** The output's shape (the first tensor of an array, the last value of an object); null if it never ran. */
  readonly outputShape: readonly number[] | null;
  /** Parameters of the module and its descendants. */
  readonly numParams: number;
  readonly trainableParams: number;
  /** What the Param # column shows: a count, '(count)' when frozen, '(recursive)', or '--'. */
  readonly paramsText: string;
  /** torchinfo's mult-adds of this call (counted in the total only for leaf modules). */
  readonly multAdds: number;
  readonly isLeaf: boolean;
  /** A second (or later) row of the same module: its parameters are not counted again. */
  readonly isRecursive: boolean;
  readonly executed: boolean;
  /** Within the display depth. */
  readonly shown: boolean;
}

export interface ModelSummary {
  readonly rows: readonly SummaryRow[];
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  readonly totalMultAdds: number;
  readonly inputBytes: number;
  /** Twice the output bytes of every leaf layer with parameters (torchinfo's activations + gradients). */
  readonly forwardBackwardBytes: number;
  /** Bytes of the parameters of leaf layers. */
  readonly paramBytes: number;
  readonly totalBytes: number;
  /** The torchinfo-style table. */
  readonly table: string;
  toString(): string;
}

/** A model to summarise: any module with a forward method (called with the inputs). */
export type Summarizable = Module & { forward(...inputs: never[]): unknown };

/**
 * One input shape, several input shapes, the input tensors themselves, or `{ args }`: forward's arguments verbatim
 * (for forwards that take lists or options, like IAM4VP's earlier predictions).
 */
export type SummaryInput = readonly number[] | readonly (readonly number[])[] | Tensor | readonly Tensor[] | { readonly args: readonly unknown[] };

interface Placement {
  readonly path: string;
  readonly depth: number;
  readonly parent: Module | null;
}

interface Row {
  module: Module;
  placement: Placement;
  numParams: number;
  trainableParams: number;
  paramBytes: number;
  isLeaf: boolean;
  isRecursive: boolean;
  executed: boolean;
  outputShape: number[];
  outputBytes: number;
  multAdds: number;
  depthIndex: number;
}

const bytesOf = (dtype: DType): number => (dtype === 'float64' ? 8 : 4);
const product = (values: readonly number[]): number => values.reduce((a, b) => a * b, 1);

/** Each module's name, depth and parent in the tree (torchinfo's walk: a module reached twice keeps its last place). */
function placements(model: Module): Map<Module, Placement> {
  const out = new Map<Module, Placement>();
  const visit = (m: Module, placement: Placement): void => {
    out.set(m, placement);
    for (const [name, child] of m.namedChildren()) {
      visit(child, { path: placement.path ? `${placement.path}.${name}` : name, depth: placement.depth + 1, parent: m });
    }
  };
  visit(model, { path: '', depth: 0, parent: null });
  return out;
}

function newRow(module: Module, placement: Placement, seen: Set<Module>): Row {
  let numParams = 0;
  let trainableParams = 0;
  let paramBytes = 0;
  for (const p of module.parameters()) {
    numParams += p.size;
    paramBytes += p.size * bytesOf(p.dtype);
    if (p.requiresGrad) trainableParams += p.size;
  }
  const isRecursive = seen.has(module);
  seen.add(module);
  const isLeaf = module.children().next().done === true;
  return { module, placement, numParams, trainableParams, paramBytes, isLeaf, isRecursive, executed: false, outputShape: [], outputBytes: 0, multAdds: 0, depthIndex: 0 };
}

/** torchinfo's calculate_size: a tensor's shape, an array's first entry, an object's last value. */
function outputOf(value: unknown): { shape: number[]; elementBytes: number } {
  if (value instanceof Tensor) return { shape: [...value.shape], elementBytes: bytesOf(value.dtype) };
  if (Array.isArray(value)) return value.length > 0 ? outputOf(value[0]) : { shape: [], elementBytes: 0 };
  if (typeof value === 'object' && value !== null) {
    const values = Object.values(value);
    return values.length > 0 ? outputOf(values[values.length - 1]) : { shape: [], elementBytes: 0 };
  }
  return { shape: [], elementBytes: 0 };
}

/**
 * torchinfo's calculate_macs: a parameter named weight or bias costs its size times the output's batch and
 * spatial elements in a Conv* layer, times the batch size elsewhere (Linear, norms); other parameters whose
 * names contain weight or bias (RNN weights) cost their size times the first two output dims.
 */
function multAddsOf(row: Row): number {
  let total = 0;
  const out = row.outputShape;
  for (const [name, p] of row.module.namedParameters()) {
    if (name === 'weight' || name === 'bias') {
      total += row.module.typeName.includes('Conv') ? p.size * product([...out.slice(0, 1), ...out.slice(2)]) : (out[0] ?? 1) * p.size;
    } else if (name.includes('weight') || name.includes('bias')) {
      total += product(out.slice(0, 2)) * p.size;
    }
  }
  return total;
}

/** torchinfo's add_missing_container_layers: rows for ancestors whose own forward never ran (e.g. a Sequential iterated by its parent). */
function withMissingContainers(rows: Row[], places: Map<Module, Placement>, seen: Set<Module>): Row[] {
  const out: Row[] = [];
  const current = new Map<number, Module>();
  for (const row of rows) {
    const ancestors = new Map<number, Module>();
    for (let p = row.placement.parent; p; p = places.get(p)?.parent ?? null) {
      const depth = places.get(p)?.depth ?? 0;
      if (depth > 0) ancestors.set(depth, p);
    }
    for (let d = 1; d < row.placement.depth; d++) {
      const ancestor = ancestors.get(d);
      const placement = ancestor ? places.get(ancestor) : undefined;
      if (!ancestor || !placement || current.get(d) === ancestor) continue;
      out.push(newRow(ancestor, placement, seen));
      current.set(d, ancestor);
    }
    out.push(row);
    current.set(row.placement.depth, row.module);
    for (let d = row.placement.depth + 1; current.has(d); d++) current.delete(d);
  }
  return out;
}

/** Every later row deeper than rows[index], up to the next row at its depth or above (torchinfo's "children"). */
function descendants(rows: readonly Row[], index: number): Row[] {
  const out: Row[] = [];
  for (const row of rows.slice(index + 1)) {
    if (row.placement.depth <= rows[index].placement.depth) break;
    out.push(row);
  }
  return out;
}

/** Parameters of a container not shown by any row beneath it. */
function leftover(rows: readonly Row[], index: number, field: 'numParams' | 'trainableParams'): number {
  let covered = 0;
  descendants(rows, index).forEach((child, k) => {
    if (!child.isRecursive) covered += child.isLeaf ? child[field] : leftover(rows, index + 1 + k, field);
  });
  return rows[index][field] - covered;
}

function paramsText(rows: readonly Row[], index: number, maxDepth: number): string {
  const row = rows[index];
  if (row.numParams === 0) return '--';
  if (row.isRecursive) return '(recursive)';
  if (row.placement.depth === maxDepth || row.isLeaf) return row.trainableParams > 0 ? row.numParams.toLocaleString('en-US') : `(${row.numParams.toLocaleString('en-US')})`;
  const rest = leftover(rows, index, 'numParams');
  return rest > 0 ? rest.toLocaleString('en-US') : '--';
}

const isShape = (v: unknown): v is readonly number[] => Array.isArray(v) && v.every((d) => Number.isInteger(d) && d > 0);

/** The input tensors: given ones as they are, or uniform [0, 1) draws of the given shapes (torchinfo's torch.rand). */
/** The tensors among forward's arguments (inside arrays too), for the input size. */
function tensorsIn(args: readonly unknown[]): Tensor[] {
  return args.flatMap((a) => (a instanceof Tensor ? [a] : Array.isArray(a) ? tensorsIn(a) : []));
}

function makeInputs(model: Module, inputs: SummaryInput, options: SummaryOptions): unknown[] {
  if ('args' in inputs) return [...inputs.args];
  if (inputs instanceof Tensor) return [inputs];
  if (inputs.length > 0 && inputs.every((i): i is Tensor => i instanceof Tensor)) return [...inputs];
  let shapes: readonly (readonly number[])[];
  if (inputs.length > 0 && isShape(inputs)) shapes = [inputs];
  else if (inputs.length > 0 && inputs.every(isShape)) shapes = inputs;
  else throw new Error(`summary: inputs must be a shape of positive integers, a list of shapes, or tensors; got ${JSON.stringify(inputs)}`);
  const first = model.parameters().next();
  const param = first.done ? null : first.value;
  const dtype = options.dtype ?? (param && param.dtype !== 'int32' ? param.dtype : 'float32');
  // A private generator, so summarising does not advance the seeded default stream.
  const generator = new Generator(0);
  return shapes.map((shape) => rand(shape, { dtype, backend: options.backend ?? param?.backend.name, generator }));
}

/** Runs one recorded forward pass and returns torchinfo's summary of it. */
export function summary(model: Summarizable, inputs: SummaryInput, options: SummaryOptions = {}): ModelSummary {
  const maxDepth = options.depth ?? 3;
  const xs = makeInputs(model, inputs, options);
  const places = placements(model);
  const calls: Row[] = [];
  const seen = new Set<Module>();
  const originals = new Map<Module, { own: boolean; forward: unknown }>();
  const modes = new Map<Module, boolean>();
  for (const m of places.keys()) {
    modes.set(m, m.training);
    const forward: unknown = Reflect.get(m, 'forward');
    if (typeof forward !== 'function') continue;
    originals.set(m, { own: Object.prototype.hasOwnProperty.call(m, 'forward'), forward });
    const recorded = (...args: unknown[]): unknown => {
      const row = newRow(m, places.get(m) ?? { path: '', depth: 0, parent: null }, seen);
      calls.push(row);
      const out: unknown = Reflect.apply(forward, m, args);
      const { shape, elementBytes } = outputOf(out);
      row.outputShape = shape;
      row.outputBytes = elementBytes * product(shape);
      row.executed = true;
      row.multAdds = multAddsOf(row);
      return out;
    };
    Reflect.set(m, 'forward', recorded);
  }
  try {
    model.train((options.mode ?? 'eval') === 'train');
    noGrad(() => Reflect.apply(model.forward, model, xs));
  } catch (e) {
    const ran = calls.filter((r) => r.executed).map((r) => r.module.typeName);
    throw new Error(`summary: the forward pass failed after ${ran.length} layers ran (${ran.slice(-3).join(', ')}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    for (const [m, { own, forward }] of originals) {
      if (own) Reflect.set(m, 'forward', forward);
      else Reflect.deleteProperty(m, 'forward');
    }
    for (const [m, training] of modes) m.training = training;
  }
  const rows = withMissingContainers(calls, places, seen);
  const counters = new Map<number, number>();
  for (const row of rows) {
    row.depthIndex = (counters.get(row.placement.depth) ?? 0) + 1;
    counters.set(row.placement.depth, row.depthIndex);
  }
  // Every parameter counts once, however the rows nest: a container whose children run interleaved with
  // another's (a recurrent stack stepping through time) would otherwise be counted twice by per-row leftovers.
  let totalParams = 0;
  let trainableParams = 0;
  for (const p of model.parameters()) {
    totalParams += p.size;
    if (p.requiresGrad) trainableParams += p.size;
  }
  let totalMultAdds = 0;
  let forwardBackwardBytes = 0;
  let paramBytes = 0;
  for (const row of rows) {
    if (!row.isLeaf) continue;
    totalMultAdds += row.multAdds;
    if (row.numParams > 0) forwardBackwardBytes += 2 * row.outputBytes;
    if (!row.isRecursive) paramBytes += row.paramBytes;
  }
  const inputBytes = tensorsIn(xs).reduce((n, x) => n + x.size * bytesOf(x.dtype), 0);
  const result: Omit<ModelSummary, 'table' | 'toString'> = {
    rows: rows.map((row, i) => ({
      typeName: row.module.typeName,
      path: row.placement.path,
      depth: row.placement.depth,
      depthIndex: row.depthIndex,
      outputShape: row.executed ? row.outputShape : null,
      numParams: row.numParams,
      trainableParams: row.trainableParams,
      paramsText: paramsText(rows, i, maxDepth),
      multAdds: row.multAdds,
      isLeaf: row.isLeaf,
      isRecursive: row.isRecursive,
      executed: row.executed,
      shown: row.placement.depth <= maxDepth,
    })),
    totalParams,
    trainableParams,
    nonTrainableParams: totalParams - trainableParams,
    totalMultAdds,
    inputBytes,
    forwardBackwardBytes,
    paramBytes,
    totalBytes: inputBytes + forwardBackwardBytes + paramBytes,
  };
  const table = formatSummary(result);
  return { ...result, table, toString: () => table };
}
