// Batched matmul: picks a tiling (matmul-config.ts) for the shape, decides which operands can be read as vec4,
// and dispatches the generated kernel (matmul-wgsl.ts). Transposes only change how tiles are loaded, chosen so
// that global reads stay coalesced; a batch stride of 0 broadcasts an operand over the batch.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { wgslType } from '../wgsl.js';
import { chooseMatmulConfig, sharedBytes, validateConfig, type MatmulConfig } from './matmul-config.js';
import { matmulSource, type MatmulVariant } from './matmul-wgsl.js';

const MAX_GROUPS = 65535;

let forced: MatmulConfig | null = null;

/**
 * For benchmarks and config tests: every later webgpu matmul uses `config` instead of the shape heuristic,
 * until called again with null.
 */
export function forceMatmulConfig(config: MatmulConfig | null): void {
  if (config) validateConfig(config);
  forced = config;
}

/** A 2-d operand is a batch of one. */
function batched(shape: readonly number[]): readonly number[] {
  return shape.length === 2 ? [1, ...shape] : shape;
}

function configKey(c: MatmulConfig): string {
  return `${c.name}:${c.tileM}x${c.tileN}x${c.tileK}:${c.threadM}x${c.threadN}:${c.vec4}:${c.doubleBuffer}:${c.pad}`;
}

export function matmul(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['matmul']): DataId {
  const [a, b] = inputs;
  const type = wgslType('matmul', a.dtype);
  const total = sizeOf(output.shape);
  const out = rt.allocate(total * 4);
  if (total === 0) return out;
  const [batchA, a1, a2] = batched(a.shape);
  const [batchB, b1, b2] = batched(b.shape);
  const [M, K] = attrs.transA ? [a2, a1] : [a1, a2];
  const N = attrs.transB ? b1 : b2;
  const batches = total / (M * N);
  const maxShared = rt.device.limits.maxComputeWorkgroupStorageSize;
  const config = forced ?? chooseMatmulConfig({ batch: batches, M, N, K }, maxShared, rt.softwareAdapter);
  if (sharedBytes(config) > maxShared) {
    throw new Error(`webgpu kernel 'matmul': config '${config.name}' needs ${sharedBytes(config)} bytes of workgroup memory, the device allows ${maxShared}`);
  }
  // A vec4 never straddles a row: the operand's contiguous dimension must be a multiple of 4. With K = 0 the
  // operands are empty, smaller than the 16 bytes a vec4 binding needs.
  const vecIn = config.vec4 && K > 0;
  const variant: MatmulVariant = {
    type,
    transA: attrs.transA,
    transB: attrs.transB,
    vecA: vecIn && (attrs.transA ? M : K) % 4 === 0,
    vecB: vecIn && (attrs.transB ? K : N) % 4 === 0,
    vecOut: config.vec4 && N % 4 === 0,
  };
  const groupsX = Math.ceil(N / config.tileN);
  const groupsY = Math.ceil(M / config.tileM);
  if (groupsX > MAX_GROUPS || groupsY > MAX_GROUPS) {
    throw new Error(`webgpu kernel 'matmul': ${M}x${N} output exceeds the dispatch limit`);
  }
  const { vecA, vecB, vecOut } = variant;
  const key = `matmul:${type}:${attrs.transA}:${attrs.transB}:${vecA}:${vecB}:${vecOut}:${configKey(config)}`;
  // More batches than one dispatch's z allows: split, passing each dispatch's first batch in the params.
  for (let first = 0; first < batches; first += MAX_GROUPS) {
    const count = Math.min(MAX_GROUPS, batches - first);
    const params = new Params()
      .u32(M)
      .u32(N)
      .u32(K)
      .u32(batchA === 1 ? 0 : M * K)
      .u32(batchB === 1 ? 0 : K * N)
      .u32(first);
    rt.dispatch({
      key,
      source: () => matmulSource(config, variant, params.vec4Count),
      inputs: [storageOf(a.data), storageOf(b.data)],
      output: out,
      params,
      groups: [groupsX, groupsY, count],
    });
  }
  return out;
}
