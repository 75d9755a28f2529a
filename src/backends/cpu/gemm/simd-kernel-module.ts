// Assembles the WebAssembly SIMD micro-kernel of the float32 GEMM. One exported function,
//   panelColumn(a, b, c, kc, ldc, panels, accumulate),
// multiplies `panels` consecutive packed MR-row slivers of A (each kc x MR, k-major) by one packed 8-column
// sliver of B (kc x 8, k-major) and writes (or, when `accumulate` is non-zero, adds) each MR x 8 tile into C,
// whose rows are `ldc` bytes apart. Pointers are byte offsets into the imported memory. The MR x 8 tile's
// accumulators live in 2 MR f32x4 registers; each k step loads two B vectors and broadcasts MR values of A.

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

// Parameter and local indices of panelColumn.
const A = 0, B = 1, C = 2, KC = 3, LDC = 4, PANELS = 5, ACCUMULATE = 6;
const BP = 7, K = 8, CR = 9;
const BV0 = 10, BV1 = 11, AV = 12, ACC0 = 13;

const get = (local: number): number[] => [Op.localGet, ...unsignedLeb(local)];
const set = (local: number): number[] => [Op.localSet, ...unsignedLeb(local)];
const i32 = (value: number): number[] => [Op.i32Const, ...signedLeb(value)];
const load = (offset: number): number[] => [...simd(SimdOp.v128Load), ...memarg(4, offset)];
const store = (offset: number): number[] => [...simd(SimdOp.v128Store), ...memarg(4, offset)];

function panelColumnBody(mr: number): number[] {
  const acc = (r: number, half: number): number => ACC0 + 2 * r + half;
  const code: number[] = [];
  code.push(Op.loop, BlockType.void); // over panels of A
  for (let t = 0; t < 2 * mr; t++) code.push(...simd(SimdOp.v128Const), ...new Array<number>(16).fill(0), ...set(ACC0 + t));
  code.push(...get(B), ...set(BP), ...get(KC), ...set(K));
  code.push(Op.loop, BlockType.void); // over k
  code.push(...get(BP), ...load(0), ...set(BV0), ...get(BP), ...load(16), ...set(BV1));
  for (let r = 0; r < mr; r++) {
    code.push(...get(A), ...simd(SimdOp.v128Load32Splat), ...memarg(2, 4 * r), ...set(AV));
    for (let half = 0; half < 2; half++) {
      code.push(...get(acc(r, half)), ...get(AV), ...get(half === 0 ? BV0 : BV1), ...simd(SimdOp.f32x4Mul), ...simd(SimdOp.f32x4Add), ...set(acc(r, half)));
    }
  }
  code.push(...get(A), ...i32(4 * mr), Op.i32Add, ...set(A));
  code.push(...get(BP), ...i32(4 * SIMD_NR), Op.i32Add, ...set(BP));
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
    [...unsignedLeb(3), ValType.i32],
    [...unsignedLeb(3 + 2 * mr), ValType.v128],
  ]);
  return sized([...locals, ...code]);
}

/** The module's bytes. */
export function simdKernelModule(options: SimdKernelOptions): Uint8Array<ArrayBuffer> {
  const { mr, shared, initialPages, maximumPages } = options;
  const funcType = [0x60, ...vector(new Array<number[]>(7).fill([ValType.i32])), ...vector([])];
  const limits = shared ? [0x03, ...unsignedLeb(initialPages), ...unsignedLeb(maximumPages)] : [0x01, ...unsignedLeb(initialPages), ...unsignedLeb(maximumPages)];
  const memoryImport = [...name('env'), ...name('memory'), 0x02, ...limits];
  const exportEntry = [...name('panelColumn'), 0x00, ...unsignedLeb(0)];
  return new Uint8Array([
    ...MAGIC_AND_VERSION,
    ...section(SectionId.type, vector([funcType])),
    ...section(SectionId.import, vector([memoryImport])),
    ...section(SectionId.function, vector([unsignedLeb(0)])),
    ...section(SectionId.export, vector([exportEntry])),
    ...section(SectionId.code, vector([panelColumnBody(mr)])),
  ]);
}
