// The optimizer tests' shared problem and fixtures: the tiny float64 linear regression of
// fixtures/make_optim_fixtures.py (data in test/fixtures/optim/problem.json), each optimizer built by name from a
// fixture case, and a runner that records the parameters after every step.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tensor, optim, tensor, type BackendName } from '../../src/index.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/optim/', import.meta.url));

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(DIR + name, 'utf8')) as T;
}

export interface OptimCase {
  readonly name: string;
  /** Options in framegrad's camelCase form. */
  readonly options: object;
  /** Parameter groups by parameter name ('w', 'b') with their own options. */
  readonly groups?: readonly { readonly params: readonly ('w' | 'b')[]; readonly options?: object }[];
  /** Parameters after each step: w's values, then b's. */
  readonly trajectory: readonly (readonly number[])[];
}

export interface OptimFixture {
  readonly optimizer: string;
  readonly cases: readonly OptimCase[];
}

interface Problem {
  readonly X: number[][];
  readonly y: number[][];
  readonly w0: number[];
  readonly b0: number[];
}

export interface Regression {
  readonly w: Tensor;
  readonly b: Tensor;
  /** mean((X w + b - y)^2), recorded for backward. */
  loss(): Tensor;
}

export function regression(backend: BackendName = 'cpu', dtype: 'float32' | 'float64' = 'float64'): Regression {
  const p = readFixture<Problem>('problem.json');
  const on = { backend, dtype };
  const x = tensor(p.X, on);
  const y = tensor(p.y, on);
  const w = tensor(p.w0, { ...on, shape: [3, 1], requiresGrad: true });
  const b = tensor(p.b0, { ...on, requiresGrad: true });
  return { w, b, loss: () => x.matmul(w).add(b).sub(y).square().mean() };
}

type Params = Tensor[] | { params: Tensor[] }[];

const CONSTRUCTORS: Record<string, (params: Params, options: object) => optim.Optimizer> = {
  SGD: (p, o) => new optim.SGD(p as optim.ParamsArg<optim.SGDOptions>, o as optim.SGDOptions),
  Adam: (p, o) => new optim.Adam(p as optim.ParamsArg<optim.AdamOptions>, o as optim.AdamOptions),
  AdamW: (p, o) => new optim.AdamW(p as optim.ParamsArg<optim.AdamOptions>, o as optim.AdamOptions),
  RMSprop: (p, o) => new optim.RMSprop(p as optim.ParamsArg<optim.RMSpropOptions>, o as optim.RMSpropOptions),
  Adadelta: (p, o) => new optim.Adadelta(p as optim.ParamsArg<optim.AdadeltaOptions>, o as optim.AdadeltaOptions),
  Adagrad: (p, o) => new optim.Adagrad(p as optim.ParamsArg<optim.AdagradOptions>, o as optim.AdagradOptions),
};

/** The fixture case's optimizer over the regression's parameters (as groups when the case has them). */
export function optimizerFor(kind: string, c: OptimCase, r: Regression): optim.Optimizer {
  const make = CONSTRUCTORS[kind];
  if (!make) throw new Error(`no optimizer named ${kind}`);
  const named = { w: r.w, b: r.b };
  const params = c.groups ? c.groups.map((g) => ({ ...g.options, params: g.params.map((n) => named[n]) })) : [r.w, r.b];
  return make(params, c.options);
}

/** Runs `steps` optimizer steps on the regression; the parameters after each (w's values, then b's). */
export async function trajectory(opt: optim.Optimizer, r: Regression, steps: number): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    r.loss().backward();
    opt.step();
    out.push([...(await r.w.data()), ...(await r.b.data())]);
  }
  return out;
}
