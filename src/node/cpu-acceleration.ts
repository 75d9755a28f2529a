// Node's switches for the cpu backend's float32 GEMM, read from the environment when the package root is
// imported: FRAMEGRAD_CPU_SIMD=0 turns the WebAssembly SIMD kernel off (plain TypeScript runs instead: its panel
// kernel shared across the threads, or the single-thread packed GEMM), FRAMEGRAD_CPU_THREADS=n sets the threads
// that share large products (1 turns the worker threads off; the default is every core Node reports).

import { availableParallelism } from 'node:os';
import { configureCpuGemm } from '../backends/cpu/gemm/simd-gemm.js';
import { gemmThreadPoolFactory } from './gemm-thread-pool.js';

export interface CpuAccelerationSettings {
  readonly simd: boolean;
  readonly threads: number;
}

export function cpuAccelerationFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): CpuAccelerationSettings {
  const simd = env.FRAMEGRAD_CPU_SIMD;
  if (simd !== undefined && simd !== '0' && simd !== '1') throw new Error(`FRAMEGRAD_CPU_SIMD must be 0 or 1, got '${simd}'`);
  const threadsText = env.FRAMEGRAD_CPU_THREADS;
  const threads = threadsText === undefined ? availableParallelism() : Number(threadsText);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`FRAMEGRAD_CPU_THREADS must be a positive integer, got '${threadsText}'`);
  return { simd: simd !== '0', threads };
}

/** Applies the settings (by default those of the environment). */
export function configureCpuAcceleration(settings: CpuAccelerationSettings = cpuAccelerationFromEnvironment()): void {
  configureCpuGemm({
    simd: settings.simd,
    createThreadPool: settings.threads > 1 ? gemmThreadPoolFactory(settings.threads) : undefined,
  });
}
