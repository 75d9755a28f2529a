// Node's worker-thread pool for the SIMD GEMM: each worker instantiates the same kernel module on the same shared
// memory and waits on a shared control block; a job is published by bumping its generation counter, and the
// calling thread runs its own part and then blocks (Atomics.wait) until every worker has reported. Kernel calls
// stay synchronous, as the cpu backend's are everywhere else.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CONTROL, writeJob } from '../backends/cpu/gemm/gemm-job.js';
import type { GemmThreadPool, GemmThreadPoolFactory } from '../backends/cpu/gemm/simd-gemm.js';

/** What a worker is started with (see gemm-worker.ts). */
export interface GemmWorkerData {
  /** The SIMD kernel's module, or null for the TypeScript panel kernel. */
  readonly module: WebAssembly.Module | null;
  readonly memory: WebAssembly.Memory;
  readonly control: Int32Array;
  readonly part: number;
}

/** Extra control slot: set to 1 by a worker whose part threw. */
const FAILED = CONTROL.length;

/** A factory for pools of `threads` threads, the caller included (so threads - 1 workers). */
export function gemmThreadPoolFactory(threads: number = availableParallelism()): GemmThreadPoolFactory {
  if (!Number.isInteger(threads) || threads < 2) throw new Error(`gemmThreadPoolFactory: threads must be an integer >= 2, got ${threads}`);
  return (module, memory) => {
    const control = new Int32Array(new SharedArrayBuffer(4 * (CONTROL.length + 1)));
    const workers = Array.from({ length: threads - 1 }, (_, i) => {
      const workerData: GemmWorkerData = { module, memory, control, part: i + 1 };
      const worker = new Worker(new URL('./gemm-worker.js', import.meta.url), { workerData });
      worker.unref(); // idle workers must not keep the process alive
      return worker;
    });
    const pool: GemmThreadPool = {
      threads,
      run(job, runOwnPart) {
        writeJob(control, job, threads);
        Atomics.store(control, CONTROL.done, 0);
        Atomics.add(control, CONTROL.generation, 1);
        Atomics.notify(control, CONTROL.generation);
        runOwnPart(threads);
        for (let done = Atomics.load(control, CONTROL.done); done < threads - 1; done = Atomics.load(control, CONTROL.done)) {
          Atomics.wait(control, CONTROL.done, done);
        }
        if (Atomics.exchange(control, FAILED, 0) !== 0) throw new Error('matmul: a GEMM worker thread failed (see its error on stderr)');
      },
      dispose() {
        for (const worker of workers) void worker.terminate();
      },
    };
    return pool;
  };
}
