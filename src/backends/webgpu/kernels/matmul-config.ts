// The tiling choices of the webgpu matmul kernel as typed configs: a few named presets, their validity rules,
// and the heuristic that picks one from the problem's shape (overridable by benchmarks, see Matmul.ts).

export interface MatmulConfig {
  /** Preset name; printed by benchmarks and part of the pipeline cache key. */
  readonly name: string;
  /** Output rows (M) and columns (N) computed by one workgroup. */
  readonly tileM: number;
  readonly tileN: number;
  /** Depth of the K slice staged in workgroup memory per step. */
  readonly tileK: number;
  /**
   * Outputs per invocation along M and N (register blocking); multiples of 4, held as vec4 groups spread
   * across the tile so that neighbouring invocations read neighbouring workgroup-memory vec4s.
   */
  readonly threadM: number;
  readonly threadN: number;
  /** Read A and B from global memory as vec4 (and write vec4 outputs) wherever the shape keeps them aligned. */
  readonly vec4: boolean;
  /**
   * Two workgroup-memory stages: the next K slice is fetched into registers while the current one is multiplied,
   * then stored to the other stage, so each step needs one barrier instead of two.
   */
  readonly doubleBuffer: boolean;
  /**
   * Extra elements (0 or 4) per row of the staged slices: the transposing stores of a k-contiguous operand
   * then fall on different memory banks.
   */
  readonly pad: 0 | 4;
}

/** What the heuristic looks at. */
export interface MatmulProblem {
  readonly batch: number;
  readonly M: number;
  readonly N: number;
  readonly K: number;
}

const preset = (name: string, tile: [number, number, number], thread: [number, number], doubleBuffer: boolean, pad: 0 | 4): MatmulConfig => ({
  name,
  tileM: tile[0],
  tileN: tile[1],
  tileK: tile[2],
  threadM: thread[0],
  threadN: thread[1],
  vec4: true,
  doubleBuffer,
  pad,
});

/** The presets the heuristic chooses among and the benchmark compares. */
export const MATMUL_CONFIGS = {
  /** The standard big-GPU SGEMM tiling: 256 invocations with 8x8 outputs each. */
  big: preset('big', [128, 128, 8], [8, 8], true, 4),
  /** As big with a 16-deep K slice: half the barriers per flop, 32 KiB of workgroup memory. */
  bigK16: preset('bigK16', [128, 128, 16], [8, 8], true, 0),
  /** A 128x64 tile (256 invocations, 8x4 outputs): twice the workgroups of big for mid-sized outputs. */
  wide: preset('wide', [128, 64, 16], [8, 4], true, 4),
  /** 64x64 by 256 invocations with 4x4 outputs each, in WebGPU's default 16 KiB of workgroup memory. */
  mid: preset('mid', [64, 64, 16], [4, 4], true, 0),
  /** 64x64 by 64 invocations with 8x8 outputs each. */
  mid8: preset('mid8', [64, 64, 16], [8, 8], true, 4),
  /** 32x32 by 64 invocations with 4x4 outputs: little wasted work on small or thin outputs. */
  small: preset('small', [32, 32, 8], [4, 4], false, 4),
} as const satisfies Record<string, MatmulConfig>;

export type MatmulConfigName = keyof typeof MATMUL_CONFIGS;

/** Bytes of workgroup memory the config's staged slices take. */
export function sharedBytes(c: MatmulConfig): number {
  const stages = c.doubleBuffer ? 2 : 1;
  return stages * c.tileK * (c.tileM + c.pad + c.tileN + c.pad) * 4;
}

/** Invocations per workgroup. */
export function threadsOf(c: MatmulConfig): number {
  return (c.tileM / c.threadM) * (c.tileN / c.threadN);
}

/** Throws when the generator cannot build `c` (every load step must be split evenly across the invocations). */
export function validateConfig(c: MatmulConfig): void {
  const fail = (why: string): never => {
    throw new Error(`webgpu kernel 'matmul': config '${c.name}' ${why}`);
  };
  if (c.threadM % 4 !== 0 || c.threadN % 4 !== 0) fail(`needs outputs per invocation in multiples of 4, got ${c.threadM}x${c.threadN}`);
  if (c.tileM % c.threadM !== 0 || c.tileN % c.threadN !== 0) fail(`tile ${c.tileM}x${c.tileN} is not a multiple of ${c.threadM}x${c.threadN}`);
  if (c.tileK % 4 !== 0) fail(`needs tileK a multiple of 4, got ${c.tileK}`);
  const threads = threadsOf(c);
  if (threads > 256) fail(`has ${threads} invocations per workgroup (at most 256)`);
  for (const tile of [c.tileM, c.tileN]) {
    if ((tile * c.tileK) / 4 % threads !== 0) fail(`cannot split a ${tile}x${c.tileK} slice evenly over ${threads} invocations`);
  }
}

/**
 * Each preset's throughput relative to bigK16 on CI's software adapter (lavapipe; process CPU time per
 * 512x512x512 matmul, medians of runs on a busy 2-core machine): bigger register blocks and fewer barriers per
 * flop win there.
 */
const SOFTWARE_SPEED: Record<MatmulConfigName, number> = { bigK16: 1, big: 0.79, mid8: 0.73, wide: 0.6, mid: 0.48, small: 0.37 };

/**
 * Large outputs take this preset whenever it fits: a 128x128 tile, what big GPUs want. On an H100 (Dawn over
 * Vulkan, bench/webgpu-matmul.ts) big ran 4096^3 at 22.8 TFLOP/s and 2048^3 at 22.0, bigK16 at 17.8 and 19.0.
 */
const LARGE = MATMUL_CONFIGS.big;

/**
 * On a GPU a tile is only as good as the workgroups it yields: below this many (an H100 has 132 multiprocessors)
 * most of the chip idles. On an H100 a 1024^3 product ran at 10.4-14.9 TFLOP/s with `wide` (128 workgroups)
 * against 5.0-9.6 with the 128x128 presets (64).
 */
const HARDWARE_MIN_WORKGROUPS = 128;
/** The presets a GPU tries, largest tile first. */
const HARDWARE_ORDER: readonly MatmulConfig[] = [MATMUL_CONFIGS.big, MATMUL_CONFIGS.wide, MATMUL_CONFIGS.mid, MATMUL_CONFIGS.small];

/**
 * The preset for a problem. On a GPU (`software` false): the largest tile that still yields enough workgroups to
 * fill the chip. On a software adapter, and on a GPU when no tile does: LARGE once the output is large, otherwise
 * the preset with the least work per unit of lavapipe speed, counting the padding of partial tiles (so thin outputs
 * get small tiles). Presets needing more workgroup memory than the device allows are skipped.
 */
export function chooseMatmulConfig(p: MatmulProblem, maxSharedBytes: number, software = true): MatmulConfig {
  const fits = (c: MatmulConfig): boolean => sharedBytes(c) <= maxSharedBytes;
  if (!software) {
    const workgroups = (c: MatmulConfig): number => p.batch * Math.ceil(p.M / c.tileM) * Math.ceil(p.N / c.tileN);
    const filling = HARDWARE_ORDER.find((c) => fits(c) && workgroups(c) >= HARDWARE_MIN_WORKGROUPS);
    if (filling) return filling;
  }
  if (p.M >= 1024 && p.N >= 1024 && p.batch * p.M * p.N >= 2048 * 2048 && fits(LARGE)) return LARGE;
  let best: MatmulConfig = MATMUL_CONFIGS.small;
  let bestCost = Infinity;
  for (const name of Object.keys(MATMUL_CONFIGS) as MatmulConfigName[]) {
    const c = MATMUL_CONFIGS[name];
    if (!fits(c)) continue;
    const padded = Math.ceil(p.M / c.tileM) * c.tileM * Math.ceil(p.N / c.tileN) * c.tileN;
    const cost = padded / SOFTWARE_SPEED[name];
    if (cost < bestCost) [best, bestCost] = [c, cost];
  }
  return best;
}
