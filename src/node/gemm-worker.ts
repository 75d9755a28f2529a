// A GEMM worker thread (started by gemm-thread-pool.ts): runs its part of each published job on the shared kernel
// memory (with the SIMD kernel, or the TypeScript panel kernel when SIMD is off) and reports it done. A part that
// throws is reported as failed, so the caller never waits forever.

import { workerData } from 'node:worker_threads';
import { CONTROL, type GemmKernels, type JobContext, gemmKernels, readJob } from '../backends/cpu/gemm/gemm-job.js';
import { runJobPart } from '../backends/cpu/gemm/job-parts.js';
import type { GemmWorkerData } from './gemm-thread-pool.js';

const FAILED = CONTROL.length;
const { module, memory, control, part } = workerData as GemmWorkerData;

let kernels: GemmKernels | null = null;
try {
  kernels = gemmKernels(module, memory);
} catch (e) {
  console.error('framegrad GEMM worker: could not instantiate the kernel:', e);
}

// The memory grows on the calling thread; the float view is remade when this thread sees a larger buffer.
let view = new Float32Array(memory.buffer);
function currentView(): Float32Array {
  if (view.byteLength !== memory.buffer.byteLength) view = new Float32Array(memory.buffer);
  return view;
}

// Jobs published before this worker started are seen by comparing with generation 0.
for (let seen = 0; ; ) {
  Atomics.wait(control, CONTROL.generation, seen);
  seen = Atomics.load(control, CONTROL.generation);
  const { job, parts } = readJob(control);
  try {
    if (kernels === null) throw new Error('kernel unavailable');
    const ctx: JobContext = { kernels, view: currentView };
    runJobPart(ctx, job, part, parts);
  } catch (e) {
    console.error(`framegrad GEMM worker ${part}:`, e);
    Atomics.store(control, FAILED, 1);
  }
  Atomics.add(control, CONTROL.done, 1);
  Atomics.notify(control, CONTROL.done);
}
