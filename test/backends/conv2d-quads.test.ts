// The webgpu conv2d kernels' vectorised paths and their scalar fallbacks, under both GEMM tilings (a GPU's and
// a software adapter's): random small geometries drawn so that each path choice goes both ways (weight rows and
// output planes a multiple of 4 or not, output and input-gradient phase rows a multiple of 4 or not), plus shapes
// that span several tiles and split the filter gradient's reduction, each against the float64 composite.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GEMM_TILINGS, forceGemmTiling } from '../../src/backends/webgpu/kernels/implicit-gemm.js';
import { Generator } from '../../src/tensor/random.js';
import { type ConvCase, checkConv2dCase } from '../support/conv-kernel-check.js';
import { checkProperty } from '../support/property.js';
import { TOL } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

const pair = (lo: number, hi: number) => fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi }));

/** The input extent whose output has `out` positions (at least 1: the output may then come out longer). */
function extent(out: number, k: number, s: number, d: number, before: number, after: number): number {
  return Math.max(1, (out - 1) * s + d * (k - 1) + 1 - before - after);
}

const caseArb: fc.Arbitrary<ConvCase> = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    groups: fc.integer({ min: 1, max: 2 }),
    cin: fc.integer({ min: 1, max: 5 }),
    cout: fc.integer({ min: 1, max: 5 }),
    kernel: pair(1, 3),
    stride: pair(1, 2),
    dilation: pair(1, 2),
    padding: pair(0, 2),
    after: pair(0, 2),
    rows: fc.integer({ min: 1, max: 4 }),
    // Output rows of 4 or 8 take the one-row window quads, others the per-position ones.
    cols: fc.oneof(fc.constantFrom(4, 8), fc.integer({ min: 1, max: 7 })),
    // Input rows a multiple of 4 x stride: every input-gradient phase row is a multiple of 4.
    phaseAligned: fc.boolean(),
  })
  .map(({ n, groups, cin, cout, kernel, stride, dilation, padding, after, rows, cols, phaseAligned }) => {
    const height = extent(rows, kernel[0], stride[0], dilation[0], padding[0], after[0]);
    let width = extent(cols, kernel[1], stride[1], dilation[1], padding[1], after[1]);
    if (phaseAligned) width = Math.ceil(width / (4 * stride[1])) * 4 * stride[1];
    return { x: [n, groups * cin, height, width], channelsOut: groups * cout, kernel, after, attrs: { stride, dilation, padding, groups } };
  });

const PATHS = [
  'forward weight',
  'forward/filter window rows',
  'forward store',
  'input-gradient window rows',
  'input-gradient store',
  'filter output-gradient',
  'filter store',
] as const;

/** Each path choice the kernels make for `c`, as [path, vec4 (or one-row) taken] (see the three kernel files). */
function paths(c: ConvCase): [(typeof PATHS)[number], boolean][] {
  const [, channels, height, width] = c.x;
  const { stride, dilation, padding, groups } = c.attrs;
  const out = [0, 1].map((i) => Math.floor(([height, width][i] + padding[i] + c.after[i] - dilation[i] * (c.kernel[i] - 1) - 1) / stride[i]) + 1);
  const taps = (channels / groups) * c.kernel[0] * c.kernel[1];
  const phaseCols = Array.from({ length: stride[1] }, (_, r) => Math.ceil((width - r) / stride[1]));
  return [
    ['forward weight', taps % 4 === 0],
    ['forward/filter window rows', out[1] % 4 === 0],
    ['forward store', (out[0] * out[1]) % 4 === 0],
    ...phaseCols.map((p): [(typeof PATHS)[number], boolean] => ['input-gradient window rows', p % 4 === 0]),
    ['input-gradient store', stride[0] === 1 && stride[1] === 1 && (height * width) % 4 === 0],
    ['filter output-gradient', (out[0] * out[1]) % 4 === 0],
    ['filter store', taps % 4 === 0],
  ];
}

const LARGE: ConvCase[] = [
  // Aligned everywhere; more than 64 rows and columns in every GEMM; the filter gradient's reduction split in 3.
  { x: [2, 68, 40, 40], channelsOut: 68, kernel: [3, 3], after: [1, 1], attrs: { stride: [1, 1], dilation: [1, 1], padding: [1, 1], groups: 1 } },
  // Nothing aligned (taps 5 x 3 x 3, output rows 47); a reduction split in 2; grouped.
  { x: [1, 10, 45, 47], channelsOut: 70, kernel: [3, 3], after: [1, 1], attrs: { stride: [1, 1], dilation: [1, 1], padding: [1, 1], groups: 2 } },
  // Strided with dilation: four input-gradient phases, of unequal heights.
  { x: [2, 12, 33, 38], channelsOut: 66, kernel: [3, 2], after: [0, 2], attrs: { stride: [2, 2], dilation: [1, 2], padding: [1, 0], groups: 1 } },
];

for (const [name, tiling] of Object.entries(GEMM_TILINGS)) {
  test(`conv2d kernels [webgpu, ${name} tiling] vec4 and scalar paths match the float64 composite`, async (t) => {
    if (!(await webgpuOrSkip(t))) return;
    const gen = new Generator(29);
    const seen = new Set<string>();
    forceGemmTiling(tiling);
    try {
      await checkProperty(
        fc.asyncProperty(caseArb, async (c) => {
          for (const [path, vec4] of paths(c)) seen.add(`${path} ${vec4}`);
          await checkConv2dCase(gen, c, 'webgpu', TOL.webgpuConvReduction);
        }),
        24,
      );
      for (const c of LARGE) await checkConv2dCase(gen, c, 'webgpu', TOL.webgpuConvReduction);
    } finally {
      forceGemmTiling(null);
    }
    const untried = PATHS.flatMap((p) => [`${p} true`, `${p} false`]).filter((p) => !seen.has(p));
    assert.deepEqual(untried, [], 'the random geometries left a path untried');
  });
}
