// Assembles the WebAssembly SIMD micro-kernel of the float32 GEMM. Its exported function
//   panelColumn(a, b, c, kc, ldc, panels, accumulate)
// multiplies `panels` consecutive packed MR-row slivers of A (each kc x MR, k-major) by one packed 8-column
// sliver of B (kc x 8, k-major) and writes (or, when `accumulate` is non-zero, adds) each MR x 8 tile into C,
// whose rows are `ldc` bytes apart. Pointers are byte offsets into the imported memory. The MR x 8 tile's
// accumulators live in 2 MR f32x4 registers; each k step loads two B vectors and broadcasts MR values of A.
// The second export, panelColumnOffsets(a, b, c, kc, ldc, panels, accumulate, offsets), finds the k-th row of B
// at b + offsets[k] (an i32 table of byte offsets) instead, so B is read in place, unpacked: the stride-1
// convolution reads its windows straight from a zero-padded image this way (conv-parts.ts).

import {
  BlockType,
  MAGIC_AND_VERSION,
  Op,
  SectionId,
  SimdOp,
  ValType,
  memarg,
  name,
  section,
  signedLeb,
  simd,
  sized,
  unsignedLeb,
  vector,
} from './wasm-encoding.js';

/** Columns of the packed B sliver: two f32x4 vectors. */
export const SIMD_NR = 8;

export interface SimdKernelOptions {
  /** Rows per micro-tile (accumulators: 2 MR vectors; x86-64 has 16 vector registers). */
  readonly mr: number;
  /** Import a shared memory, so worker threads can run the kernel on the same buffers. */
  readonly shared: boolean;
  /** Memory limits in 64 KiB pages; a shared memory must declare its maximum. */
  readonly initialPages: number;
  readonly maximumPages: number;
}

// Parameter indices (panelColumnOffsets takes one more: OFFSETS), then the locals after them.
const A = 0, B = 1, C = 2, KC = 3, LDC = 4, PANELS = 5, ACCUMULATE = 6, OFFSETS = 7;

const get = (local: number): number[] => [Op.localGet, ...unsignedLeb(local)];
const set = (local: number): number[] => [Op.localSet, ...unsignedLeb(local)];
const i32 = (value: number): number[] => [Op.i32Const, ...signedLeb(value)];
const load = (offset: number): number[] => [...simd(SimdOp.v128Load), ...memarg(4, offset)];
const store = (offset: number): number[] => [...simd(SimdOp.v128Store), ...memarg(4, offset)];

/**
 * panelColumn's body, or with `offsets` panelColumnOffsets's: there the k-th 8-float row of B is not at
 * b + 32 k but at b + offsets[k] (an i32 table of byte offsets), so B can be read in place, unpacked.
 */
function panelColumnBody(mr: number, offsets: boolean): number[] {
  const first = offsets ? OFFSETS + 1 : OFFSETS;
  const [BP, K, CR, ROW, BV0, BV1, AV, ACC0] = [first, first + 1, first + 2, first + 3, first + 4, first + 5, first + 6, first + 7];
  const acc = (r: number, half: number): number => ACC0 + 2 * r + half;
  const code: number[] = [];
  code.push(Op.loop, BlockType.void); // over panels of A
  for (let t = 0; t < 2 * mr; t++) code.push(...simd(SimdOp.v128Const), ...new Array<number>(16).fill(0), ...set(ACC0 + t));
  code.push(...get(offsets ? OFFSETS : B), ...set(BP), ...get(KC), ...set(K));
  code.push(Op.loop, BlockType.void); // over k
  // ROW: where this k's row of B starts (BP itself, or b plus the offset BP points at).
  if (offsets) code.push(...get(B), ...get(BP), Op.i32Load, ...memarg(2, 0), Op.i32Add, ...set(ROW));
  else code.push(...get(BP), ...set(ROW));
  code.push(...get(ROW), ...load(0), ...set(BV0), ...get(ROW), ...load(16), ...set(BV1));
  for (let r = 0; r < mr; r++) {
    code.push(...get(A), ...simd(SimdOp.v128Load32Splat), ...memarg(2, 4 * r), ...set(AV));
    for (let half = 0; half < 2; half++) {
      code.push(...get(acc(r, half)), ...get(AV), ...get(half === 0 ? BV0 : BV1), ...simd(SimdOp.f32x4Mul), ...simd(SimdOp.f32x4Add), ...set(acc(r, half)));
    }
  }
  code.push(...get(A), ...i32(4 * mr), Op.i32Add, ...set(A));
  code.push(...get(BP), ...i32(offsets ? 4 : 4 * SIMD_NR), Op.i32Add, ...set(BP));
  code.push(...get(K), ...i32(1), Op.i32Sub, Op.localTee, ...unsignedLeb(K), Op.brIf, 0, Op.end);
  // Write the tile: row r of it starts at c + r * ldc.
  code.push(...get(C), ...set(CR));
  for (let r = 0; r < mr; r++) {
    code.push(...get(ACCUMULATE), Op.if, BlockType.void);
    for (let half = 0; half < 2; half++) {
      code.push(...get(acc(r, half)), ...get(CR), ...load(16 * half), ...simd(SimdOp.f32x4Add), ...set(acc(r, half)));
    }
    code.push(Op.end);
    for (let half = 0; half < 2; half++) code.push(...get(CR), ...get(acc(r, half)), ...store(16 * half));
    if (r < mr - 1) code.push(...get(CR), ...get(LDC), Op.i32Add, ...set(CR));
  }
  code.push(...get(C), ...get(LDC), ...i32(mr), Op.i32Mul, Op.i32Add, ...set(C));
  code.push(...get(PANELS), ...i32(1), Op.i32Sub, Op.localTee, ...unsignedLeb(PANELS), Op.brIf, 0, Op.end);
  code.push(Op.end);
  const locals = vector([
    [...unsignedLeb(4), ValType.i32],
    [...unsignedLeb(3 + 2 * mr), ValType.v128],
  ]);
  return sized([...locals, ...code]);
}

/** The module's bytes. */
export function simdKernelModule(options: SimdKernelOptions): Uint8Array<ArrayBuffer> {
  const { mr, shared, initialPages, maximumPages } = options;
  const funcType = (params: number): number[] => [0x60, ...vector(new Array<number[]>(params).fill([ValType.i32])), ...vector([])];
  const limits = shared ? [0x03, ...unsignedLeb(initialPages), ...unsignedLeb(maximumPages)] : [0x01, ...unsignedLeb(initialPages), ...unsignedLeb(maximumPages)];
  const memoryImport = [...name('env'), ...name('memory'), 0x02, ...limits];
  return new Uint8Array([
    ...MAGIC_AND_VERSION,
    ...section(SectionId.type, vector([funcType(7), funcType(8)])),
    ...section(SectionId.import, vector([memoryImport])),
    ...section(SectionId.function, vector([unsignedLeb(0), unsignedLeb(1)])),
    ...section(SectionId.export, vector([[...name('panelColumn'), 0x00, 0x00], [...name('panelColumnOffsets'), 0x00, 0x01]])),
    ...section(SectionId.code, vector([panelColumnBody(mr, false), panelColumnBody(mr, true)])),
  ]);
}
