// Reads the PyTorch nn fixtures (test/fixtures/nn/*.json, written by fixtures/make_nn_fixtures.py) and builds
// framegrad tensors from them. Test-only; reads with Node's fs.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BackendName, type Tensor, tensor } from '../../src/index.js';

export interface JsonTensor {
  readonly shape: readonly number[];
  readonly values: readonly number[];
  readonly dtype?: 'int';
}

export interface LayerStep {
  readonly train: boolean;
  readonly input: JsonTensor;
  readonly output: JsonTensor;
  /** Weights w of the scalar sum(output * w) whose gradients are stored. */
  readonly weight: JsonTensor;
  /** 'input' and each parameter's state-dict name. */
  readonly grads: Readonly<Record<string, JsonTensor>>;
}

export interface LayerCase {
  readonly id: string;
  readonly type: string;
  readonly args: readonly (number | readonly number[])[];
  /** Constructor options in framegrad's camelCase form. */
  readonly options: object;
  readonly state: Readonly<Record<string, JsonTensor>>;
  readonly steps: readonly LayerStep[];
  readonly finalState: Readonly<Record<string, JsonTensor>>;
}

export interface LossCase {
  readonly id: string;
  readonly loss: string;
  readonly options: object;
  /** input, target and any weight / posWeight tensor. */
  readonly inputs: Readonly<Record<string, JsonTensor>>;
  readonly output: JsonTensor;
  readonly weight: JsonTensor;
  readonly grads: Readonly<Record<string, JsonTensor>>;
}

function load<T>(name: string): T[] {
  const path = fileURLToPath(new URL(`../../../test/fixtures/nn/${name}.json`, import.meta.url));
  return (JSON.parse(readFileSync(path, 'utf8')) as { cases: T[] }).cases;
}

export const layerCases = (): LayerCase[] => load<LayerCase>('layers');
export const lossCases = (): LossCase[] => load<LossCase>('losses');

/** A fixture tensor as int32 (indices) or as the given float dtype, on a backend. */
export function toTensor(t: JsonTensor, dtype: 'float32' | 'float64', backend: BackendName, requiresGrad = false): Tensor {
  if (t.dtype === 'int') return tensor(Int32Array.from(t.values), { shape: t.shape, dtype: 'int32', backend });
  return tensor(Float64Array.from(t.values), { shape: t.shape, dtype, backend, requiresGrad });
}
