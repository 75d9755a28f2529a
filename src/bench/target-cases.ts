// The targets suite on framegrad's backends: the target measurements (targets.ts), each gradient timed
// alone. A conv gradient case builds the forward graph once, untimed, and each step runs the backward pass
// through it for one input (the graph is retained); only that input requires a gradient, so a step computes
// exactly one gradient. The ConvLSTM step is the convlstm task's Adam training step on its full configuration
// with `layers` x `filters` (a run on cpu takes about a minute, so it has fixed, few runs); software adapters skip it.

import type { Backend } from '../backends/backend.js';
import type { BackendName } from '../backends/types.js';
import { initialisedBackend } from '../backends/registry.js';
import { grad } from '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import { matmul } from '../ops/matmul.js';
import { conv2d } from '../ops/spatial/conv.js';
import { randn } from '../tensor/creation.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { getTask } from '../training/tasks/index.js';
import type { BenchCase, PreparedCase } from './bench-case.js';
import { buildSetup, trainStep } from './model-cases.js';
import { TARGET_SHAPES, type TargetId, type TargetShapes, type TargetSpec, targetSpecs } from './targets.js';

/** The ConvLSTM step's runs: one warm-up and two timed (each is about a minute on cpu). */
export const CONVLSTM_STEP_TIMING = { warmup: 1, iterations: 2 } as const;

/**
 * Whether webgpu skips the ConvLSTM step, and why: on a software adapter (lavapipe, this machine's and CI's) one
 * step is ~200 GFLOP of emulated GPU work, minutes each.
 */
export function convlstmWebgpuSkip(webgpu: Pick<Backend, 'softwareDevice'> | undefined): BenchCase['skip'] {
  return webgpu?.softwareDevice ? { webgpu: 'not run on a software adapter (minutes per step)' } : undefined;
}

/** Tensors kept for a case's life, and the computation a step runs on them. */
interface OpSetup {
  readonly kept: Tensor[];
  readonly run: () => Tensor[];
}

/** A step runs `run` in tidy and, off the synchronous cpu backend, reads every output back so GPU time counts. */
function prepared(backend: BackendName, setup: () => OpSetup): PreparedCase {
  const { kept, run } = tidy(setup);
  return {
    step: async () => {
      const outputs = tidy(run);
      if (backend !== 'cpu') for (const o of outputs) await o.data();
      for (const o of outputs) o.dispose();
    },
    dispose: () => kept.forEach((t) => t.dispose()),
  };
}

function convSetup(id: TargetId, s: TargetShapes['conv'], backend: BackendName): OpSetup {
  const options = { padding: (s.kernel - 1) / 2 };
  const x = randn([s.batch, s.channels, s.side, s.side], { backend });
  const w = randn([s.channels, s.channels, s.kernel, s.kernel], { backend });
  if (id === 'conv-forward') return { kept: [x, w], run: () => [noGrad(() => conv2d(x, w, undefined, options))] };
  const leaf = (id === 'conv-input-grad' ? x : w).requiresGrad_();
  const y = conv2d(x, w, undefined, options);
  const seed = randn(y.shape, { backend });
  return { kept: [...new Set([...graphOf(y), x, w]), seed], run: () => grad(y, [leaf], { gradOutputs: [seed], retainGraph: true }) };
}

/**
 * `y` and every tensor its graph reaches (the intermediates, such as the unfolded input, are saved for the
 * backward pass), which must outlive the tidy that built them.
 */
function graphOf(y: Tensor): Tensor[] {
  const seen = new Set<Tensor>();
  const visit = (t: Tensor): void => {
    if (seen.has(t)) return;
    seen.add(t);
    t.gradFn?.inputs.forEach(visit);
  };
  visit(y);
  return [...seen];
}

function convlstmStep(s: TargetShapes['convlstm'], backend: BackendName): PreparedCase {
  const task = getTask('convlstm');
  const frames = { channels: s.channels, height: s.side, width: s.side, inputFrames: s.frames, outputFrames: 1 };
  const config = { ...task.configFor(frames, 'full'), numLayers: s.layers, filters: s.filters, kernelSize: s.kernel };
  // The task trains on input and target concatenated, shifted by one: `frames` model inputs, `frames` next-frame targets.
  const clip = (t: number): number[] => [s.batch, t, s.channels, s.side, s.side];
  return trainStep(buildSetup(task, config, backend, clip(s.frames), clip(1)));
}

function targetCase(spec: TargetSpec, shapes: TargetShapes): BenchCase {
  const base = { name: spec.name, work: { flop: spec.flop } };
  switch (spec.id) {
    case 'matmul':
      return {
        ...base,
        prepare: (backend) =>
          prepared(backend, () => {
            const a = randn([shapes.matmul, shapes.matmul], { backend });
            const b = randn([shapes.matmul, shapes.matmul], { backend });
            return { kept: [a, b], run: () => [matmul(a, b)] };
          }),
      };
    case 'conv-forward':
    case 'conv-input-grad':
    case 'conv-filter-grad':
      return { ...base, prepare: (backend) => prepared(backend, () => convSetup(spec.id, shapes.conv, backend)) };
    case 'convlstm-step':
      return { ...base, timing: CONVLSTM_STEP_TIMING, skip: convlstmWebgpuSkip(initialisedBackend('webgpu')), prepare: (backend) => convlstmStep(shapes.convlstm, backend) };
  }
}

/** The targets suite's cases at `shapes` (the by default). */
export function targetCases(shapes: TargetShapes = TARGET_SHAPES): BenchCase[] {
  return targetSpecs(shapes).map((spec) => targetCase(spec, shapes));
}
