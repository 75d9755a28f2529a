// The float32 GEMM on the WebAssembly SIMD micro-kernel: owns the kernel's memory, instance and thread pool, and
// lends them to a call as a workspace that runs jobs (gemm-job.ts) cut across the threads when the work is large.
// Its matmul packs each K panel of both operands into that memory, runs the panel multiplication as a job and
// copies C out; the convolution passes (conv-gemm.ts) run on the same workspace. The plain-TypeScript GEMM in
// kernels/Matmul.ts stays the reference this is tested against and the fallback where WebAssembly SIMD is missing
// or switched off.

import { type GemmJob, type GemmKernels, type InPlaceKernels, type Job, type JobContext, KC, SIMD_MR, gemmKernels } from './gemm-job.js';
import { runJobPart } from './job-parts.js';
import { packPanels } from './packing.js';
import { SIMD_NR, simdKernelModule } from './simd-kernel-module.js';

/** Worker threads that run parts of a job on the same (shared) kernel memory. */
export interface GemmThreadPool {
  /** Threads taking part, the caller included. */
  readonly threads: number;
  /** Runs parts 1.. of `job` on the workers and part 0 through `runOwnPart`; returns once every part is done. */
  run(job: Job, runOwnPart: (parts: number) => void): void;
  dispose(): void;
}

/** Makes a pool over `memory`; workers run `module`'s SIMD kernel, or the TypeScript panel kernel when it is null. */
export type GemmThreadPoolFactory = (module: WebAssembly.Module | null, memory: WebAssembly.Memory) => GemmThreadPool;

export interface CpuGemmOptions {
  /** Use the WebAssembly SIMD kernel for float32 products when the runtime supports it. Default true. */
  readonly simd?: boolean;
  /** Makes the pool for large float32 products; without one the caller's thread does all the work. */
  readonly createThreadPool?: GemmThreadPoolFactory;
  /** Kernel memory the images of one convolution job may take; larger batches run as several jobs. Default 64 MiB. */
  readonly convChunkBytes?: number;
}

/** Products below this many multiply-adds stay on the TypeScript kernel (packing into wasm memory would dominate). */
export const SIMD_MIN_MACS = 4096;
/** Products below this many multiply-adds per K panel stay on one thread (waking workers costs tens of µs). */
const THREADED_MIN_MACS = 1 << 20;
const PAGE_BYTES = 65536;
/** Kernel memory may grow to 2 GiB, so byte offsets stay positive int32s; larger products use the fallback. */
const MAX_PAGES = 32768;
const INITIAL_PAGES = 256;

interface SimdRuntime {
  readonly memory: WebAssembly.Memory;
  readonly kernels: GemmKernels;
  /** The kernel is the WebAssembly SIMD one (else the TypeScript panel kernel, for threads without SIMD). */
  readonly simd: boolean;
  /** Made on the first product large enough to share, so small workloads never start workers. */
  readonly makePool: (() => GemmThreadPool) | null;
  pool: GemmThreadPool | null;
  view: Float32Array;
}

let options: CpuGemmOptions = {};
/** undefined: not built yet; null: unsupported or switched off. */
let runtime: SimdRuntime | null | undefined;

/** Chooses the float32 GEMM: SIMD on or off, and the worker pool. Replaces any runtime built before. */
export function configureCpuGemm(next: CpuGemmOptions): void {
  runtime?.pool?.dispose();
  runtime = undefined;
  options = next;
}

function simdModule(shared: boolean): WebAssembly.Module | null {
  if (options.simd === false) return null;
  const bytes = simdKernelModule({ mr: SIMD_MR, shared, initialPages: INITIAL_PAGES, maximumPages: MAX_PAGES });
  return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
}

/**
 * The SIMD kernel where it is on and supported; without it, the TypeScript panel kernel on the same packed memory
 * when a thread pool can share the work (a single thread is as well served by kernels/Matmul.ts); else null.
 */
function buildRuntime(): SimdRuntime | null {
  if (typeof WebAssembly === 'undefined') return null;
  const factory = options.createThreadPool;
  const shared = factory !== undefined && typeof SharedArrayBuffer !== 'undefined';
  const module = simdModule(shared);
  if (module === null && !shared) return null;
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared });
  const makePool = shared && factory ? () => factory(module, memory) : null;
  return { memory, kernels: gemmKernels(module, memory), simd: module !== null, makePool, pool: null, view: new Float32Array(memory.buffer) };
}

function simdRuntime(): SimdRuntime | null {
  if (runtime === undefined) runtime = buildRuntime();
  return runtime;
}

/** Kernel memory the images of one convolution job may take (conv-gemm.ts). */
export function convChunkBytes(): number {
  return options.convChunkBytes ?? 64 << 20;
}

/** Whether float32 products run on the SIMD kernel (false also when it is off or unsupported). */
export function simdGemmActive(): boolean {
  return simdRuntime()?.simd ?? false;
}

/** Threads the SIMD GEMM uses for large products (1 without a pool). */
export function simdGemmThreads(): number {
  return threadPool(simdRuntime())?.threads ?? 1;
}

function threadPool(rt: SimdRuntime | null): GemmThreadPool | null {
  if (rt?.makePool && rt.pool === null) rt.pool = rt.makePool();
  return rt?.pool ?? null;
}

function ensureBytes(rt: SimdRuntime, bytes: number): boolean {
  const have = rt.memory.buffer.byteLength;
  if (bytes > have) {
    const pages = Math.ceil((bytes - have) / PAGE_BYTES);
    if (have / PAGE_BYTES + pages > MAX_PAGES) return false;
    rt.memory.grow(pages);
  }
  if (rt.view.buffer.byteLength !== rt.memory.buffer.byteLength) rt.view = new Float32Array(rt.memory.buffer);
  return true;
}

/** The kernel memory, grown for one call, and the way to run jobs on it. */
export interface GemmWorkspace {
  /** The parts every job is cut into (the threads that share it). */
  readonly parts: number;
  /** The memory as float32s, valid until the next gemmWorkspace call. */
  readonly view: Float32Array;
  /** The kernels that read an operand in place (the SIMD module has them, the TypeScript kernel not). */
  readonly inPlace: InPlaceKernels | null;
  /** Runs every part of `job` on this memory and returns when all are done. */
  run(job: Job): void;
}

/**
 * The kernel memory with room for `floatsFor(parts, inPlace)` floats, where `parts` is the threads that share
 * jobs of `macsPerJob` multiply-adds (small jobs stay on the calling thread). Null when the runtime is off or
 * unsupported or the memory cannot grow that far.
 */
export function gemmWorkspace(macsPerJob: number, floatsFor: (parts: number, inPlace: boolean) => number): GemmWorkspace | null {
  const rt = simdRuntime();
  if (rt === null) return null;
  const pool = macsPerJob >= THREADED_MIN_MACS ? threadPool(rt) : null;
  const parts = pool?.threads ?? 1;
  const { inPlace } = rt.kernels;
  if (!ensureBytes(rt, 4 * floatsFor(parts, inPlace !== null))) return null;
  const ctx: JobContext = { kernels: rt.kernels, view: () => rt.view };
  const run = (job: Job): void => {
    if (pool) pool.run(job, (n) => runJobPart(ctx, job, 0, n));
    else runJobPart(ctx, job, 0, 1);
  };
  return { parts, view: rt.view, inPlace, run };
}

export interface GemmProblem {
  readonly batch: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** Batch sizes of the operands: 1 broadcasts across the batch. */
  readonly aBatch: number;
  readonly bBatch: number;
  readonly transA: boolean;
  readonly transB: boolean;
}

/**
 * c (batch x m x n) = op(a) op(b) on the SIMD kernel. Returns false, having written nothing, when the kernel is
 * off or unsupported, the product is too small to gain from it or too large for its memory.
 */
export function simdMatmul(a: Float32Array, b: Float32Array, c: Float32Array, p: GemmProblem): boolean {
  const { batch, m, n, k } = p;
  if (m * n * k < SIMD_MIN_MACS) return false;
  const kc = Math.ceil(k / Math.ceil(k / KC));
  const mPanels = Math.ceil(m / SIMD_MR);
  const nPanels = Math.ceil(n / SIMD_NR);
  const ldcFloats = nPanels * SIMD_NR;
  const aFloats = mPanels * SIMD_MR * kc;
  const bFloats = nPanels * SIMD_NR * kc;
  const cFloats = mPanels * SIMD_MR * ldcFloats;
  const ws = gemmWorkspace(m * n * kc, () => aFloats + bFloats + cFloats);
  if (ws === null) return false;
  const [aOffset, bOffset, cOffset] = [0, aFloats, aFloats + bFloats];
  // op(A)(i, k) and op(B)^T(j, k) as strided matrix views.
  const [ars, acs] = p.transA ? [1, m] : [k, 1];
  const [brs, bcs] = p.transB ? [k, 1] : [1, n];
  for (let t = 0; t < batch; t++) {
    const aView = { values: a, offset: (p.aBatch > 1 ? t : 0) * m * k, rowStride: ars, colStride: acs };
    const bView = { values: b, offset: (p.bBatch > 1 ? t : 0) * k * n, rowStride: brs, colStride: bcs };
    for (let k0 = 0; k0 < k; k0 += kc) {
      const kLen = Math.min(kc, k - k0);
      packPanels(aView, 0, m, k0, kLen, SIMD_MR, ws.view, aOffset);
      packPanels(bView, 0, n, k0, kLen, SIMD_NR, ws.view, bOffset);
      const job: GemmJob = { kind: 'panels', a: 4 * aOffset, b: 4 * bOffset, c: 4 * cOffset, kc: kLen, ldc: 4 * ldcFloats, mPanels, nPanels, accumulate: k0 > 0 ? 1 : 0 };
      ws.run(job);
    }
    const out = t * m * n;
    for (let i = 0; i < m; i++) c.set(ws.view.subarray(cOffset + i * ldcFloats, cOffset + i * ldcFloats + n), out + i * n);
  }
  return true;
}
