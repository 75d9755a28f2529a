// `--vs tfjs` (Node only): the targets suite's op cases on TensorFlow.js 4.22 in this process, on its cpu
// backend (plain JS), its wasm backend (SIMD; in Node it always loads the single-threaded binary, because its
// WASM_HAS_MULTITHREAD_SUPPORT flag is false whenever IS_NODE) and its webgpu backend (given navigator.gpu from
// the same Dawn bindings framegrad's webgpu backend uses). The packages are devDependencies loaded by dynamic
// import, so the library never depends on them and a missing one costs one line. Layouts are TensorFlow.js's
// NHWC; each gradient is its backprop kernel run alone (Conv2DBackpropInput, Conv2DBackpropFilter), and a backend
// without the kernel gets a not-run row. The ConvLSTM training step is not run (hours on tfjs-cpu; tfjs-wasm
// has no filter-gradient kernel).

import type { Rank, Tensor as TfTensor } from '@tensorflow/tfjs-core';
import type { BackendName } from '../../backends/types.js';
import { nodeGPU } from '../../backends/webgpu/node-gpu.js';
import { measure, type MeasureOptions } from '../measure.js';
import type { ComparatorBackend } from '../suites.js';
import type { TargetId, TargetShapes, TargetSpec } from '../targets.js';
import { type ComparatorRun, comparatorRow, unavailableLine } from './comparator.js';

type Tf = typeof import('@tensorflow/tfjs-core');

interface TfjsBackend {
  readonly label: ComparatorBackend;
  /** TensorFlow.js's name for it. */
  readonly name: 'cpu' | 'wasm' | 'webgpu';
  /** The framegrad backend its rows are compared with. */
  readonly comparedWith: BackendName;
  /** Imports and registers the backend; resolves to a note on how it is configured. */
  readonly load: (tf: Tf) => Promise<string>;
  /** Whether a slow first run may stand for the case (not on webgpu, whose first run compiles shaders). */
  readonly oneRunWhenSlow: boolean;
}

async function loadWasm(tf: Tf): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `tfjs-wasm: SIMD ${simd ? 'on' : 'off'}, ${wasm.getThreadsCount()} thread (Node always gets tfjs-wasm's single-threaded binary)`;
}

async function loadWebgpu(tf: Tf): Promise<string> {
  const gpu = await nodeGPU();
  const scope = globalThis as { navigator?: object };
  // The backend registers itself on import only if navigator.gpu exists; Node 21+ has a navigator without one.
  if (!scope.navigator) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  else if (!('gpu' in scope.navigator)) Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs-webgpu did not initialise');
  return 'tfjs-webgpu: on the Dawn adapter framegrad uses';
}

/** Every TensorFlow.js backend `--vs tfjs` runs, with the framegrad backend each stands beside. */
export const TFJS_BACKENDS: readonly TfjsBackend[] = [
  {
    label: 'tfjs-cpu',
    name: 'cpu',
    comparedWith: 'cpu',
    load: async (tf) => {
      await import('@tensorflow/tfjs-backend-cpu');
      await tf.setBackend('cpu');
      return 'tfjs-cpu: plain JS';
    },
    oneRunWhenSlow: true,
  },
  { label: 'tfjs-wasm', name: 'wasm', comparedWith: 'cpu', load: loadWasm, oneRunWhenSlow: true },
  { label: 'tfjs-webgpu', name: 'webgpu', comparedWith: 'webgpu', load: loadWebgpu, oneRunWhenSlow: false },
];

type OpTargetId = Exclude<TargetId, 'convlstm-step'>;

/** The kernel each op case runs on TensorFlow.js. */
const KERNELS: Readonly<Record<OpTargetId, string>> = {
  matmul: 'BatchMatMul',
  'conv-forward': 'Conv2D',
  'conv-input-grad': 'Conv2DBackpropInput',
  'conv-filter-grad': 'Conv2DBackpropFilter',
};

/** An op case's inputs (made once per case) and a step computing its output. */
function caseRunner(tf: Tf, id: OpTargetId, shapes: TargetShapes): { run: () => TfTensor; inputs: TfTensor[] } {
  const c = shapes.conv;
  const conv = { strides: [1, 1] as [number, number], pad: (c.kernel - 1) / 2, dataFormat: 'NHWC' as const };
  const xShape: [number, number, number, number] = [c.batch, c.side, c.side, c.channels];
  const wShape: [number, number, number, number] = [c.kernel, c.kernel, c.channels, c.channels];
  const kernel = (name: string, inputs: Record<string, TfTensor>, attrs: object) => (): TfTensor =>
    tf.engine().runKernel(name, inputs, attrs as Record<string, never>) as TfTensor;
  switch (id) {
    case 'matmul': {
      const a = tf.randomNormal([shapes.matmul, shapes.matmul]);
      const b = tf.randomNormal([shapes.matmul, shapes.matmul]);
      return { inputs: [a, b], run: () => tf.matMul(a, b) };
    }
    case 'conv-forward': {
      const x = tf.randomNormal<Rank.R4>(xShape);
      const filter = tf.randomNormal<Rank.R4>(wShape);
      return { inputs: [x, filter], run: kernel('Conv2D', { x, filter }, { ...conv, dilations: [1, 1] }) };
    }
    case 'conv-input-grad': {
      const dy = tf.randomNormal<Rank.R4>(xShape);
      const filter = tf.randomNormal<Rank.R4>(wShape);
      return { inputs: [dy, filter], run: kernel('Conv2DBackpropInput', { dy, filter }, { ...conv, inputShape: xShape }) };
    }
    case 'conv-filter-grad': {
      const x = tf.randomNormal<Rank.R4>(xShape);
      const dy = tf.randomNormal<Rank.R4>(xShape);
      return { inputs: [x, dy], run: kernel('Conv2DBackpropFilter', { x, dy }, { ...conv, filterShape: wShape }) };
    }
  }
}

/** The op cases on one TensorFlow.js backend; a missing kernel gives a not-run row, a failing case a warning. */
async function runOn(tf: Tf, backend: TfjsBackend, specs: readonly TargetSpec[], shapes: TargetShapes, options: MeasureOptions, run: ComparatorRun): Promise<void> {
  for (const spec of specs) {
    if (spec.id === 'convlstm-step') continue;
    if (!tf.getKernel(KERNELS[spec.id], backend.name)) {
      run.notRun.push({ suite: 'targets', backend: backend.label, name: spec.name, reason: 'n/a (no kernel)' });
      continue;
    }
    const c = caseRunner(tf, spec.id, shapes);
    try {
      const step = async (): Promise<void> => {
        const out = c.run();
        await out.data();
        out.dispose();
      };
      const t = await measure(step, backend.oneRunWhenSlow ? options : { ...options, slowMs: undefined });
      run.rows.push(comparatorRow(backend.label, backend.comparedWith, spec, t));
    } catch (e) {
      console.warn(`bench: ${backend.label} ${spec.name} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      c.inputs.forEach((t) => t.dispose());
    }
  }
}

/**
 * Runs `specs` on each TensorFlow.js backend standing beside one of `backends`. A backend (or tfjs-core) that
 * does not load is reported in one line and left out.
 */
export async function runTfjs(backends: readonly BackendName[], specs: readonly TargetSpec[], shapes: TargetShapes, options: MeasureOptions): Promise<ComparatorRun> {
  const run: ComparatorRun = { rows: [], notRun: [], notes: [] };
  const wanted = TFJS_BACKENDS.filter((b) => backends.includes(b.comparedWith));
  let tf: Tf;
  try {
    tf = await import('@tensorflow/tfjs-core');
  } catch (e) {
    if (wanted.length > 0) console.warn(unavailableLine('tfjs', e instanceof Error ? e.message : String(e)));
    return run;
  }
  // Production mode: no debug checks, and no banner suggesting tfjs-node on the cpu backend's first use.
  tf.enableProdMode();
  for (const backend of wanted) {
    try {
      run.notes.push(await backend.load(tf));
    } catch (e) {
      console.warn(unavailableLine(backend.label, e instanceof Error ? e.message : String(e)));
      continue;
    }
    await runOn(tf, backend, specs, shapes, options, run);
  }
  if (wanted.length > 0 && specs.some((s) => s.id === 'convlstm-step')) {
    run.notes.push('ConvLSTM train step: not run on TensorFlow.js (about 4 h on tfjs-cpu; tfjs-wasm has no Conv2DBackpropFilter kernel)');
  }
  return run;
}
