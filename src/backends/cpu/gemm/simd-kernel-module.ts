// Assembles the WebAssembly SIMD micro-kernel of the float32 GEMM. Its exported function
//   panelColumn(a, b, c, kc, ldc, panels, accumulate)
// multiplies `panels` consecutive packed MR-row slivers of A (each kc x MR, k-major) by one packed 8-column
// sliver of B (kc x 8, k-major) and writes (or, when `accumulate` is non-zero, adds) each MR x 8 tile into C,
// whose rows are `ldc` bytes apart. Pointers are byte offsets into the imported memory. The MR x 8 tile's
// accumulators live in 2 MR f32x4 registers; each k step loads two B vectors and broadcasts MR values of A.
// Two more exports take a table of byte offsets (i32s) as an eighth argument and read one operand in place,
// unpacked: panelColumnOffsets finds the k-th row of B at b + offsets[k]; panelRowsOffsets reads row r of A's
// panel p from a + offsets[MR p + r] on, one float per k. The stride-1 convolution passes read their windows
// straight from a zero-padded image this way (conv-parts.ts), which copyRows lays out.

import {
  BlockType,
  MAGIC_AND_VERSION,
  MEMORY_COPY,
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

// Parameter indices (the offsets variants take one more: OFFSETS), then the locals after them.
const A = 0, B = 1, C = 2, KC = 3, LDC = 4, PANELS = 5, ACCUMULATE = 6, OFFSETS = 7;

const get = (local: number): number[] => [Op.localGet, ...unsignedLeb(local)];
const set = (local: number): number[] => [Op.localSet, ...unsignedLeb(local)];
const i32 = (value: number): number[] => [Op.i32Const, ...signedLeb(value)];
const load = (offset: number): number[] => [...simd(SimdOp.v128Load), ...memarg(4, offset)];
const store = (offset: number): number[] => [...simd(SimdOp.v128Store), ...memarg(4, offset)];
const addTo = (local: number, value: number): number[] => [...get(local), ...i32(value), Op.i32Add, ...set(local)];

/**
 * Where the kernel reads its operands: both packed (panelColumn); B's k-th 8-float row at b + offsets[k]
 * (panelColumnOffsets); or A's rows in place, row r of panel p starting at a + offsets[MR p + r] and running
 * along k (panelRowsOffsets). Offsets are an i32 table of byte offsets.
 */
type Operands = 'packed' | 'bInPlace' | 'aInPlace';

function panelColumnBody(mr: number, operands: Operands): number[] {
  const first = operands === 'packed' ? OFFSETS : OFFSETS + 1;
  // i32 locals: the B (or A row-table) cursor, k, the C row, this k's B row, then the A row cursors.
  const [P, K, CR, ROW] = [first, first + 1, first + 2, first + 3];
  const aRow = (r: number): number => first + 4 + r;
  const i32Locals = operands === 'aInPlace' ? 4 + mr : 4;
  const [BV0, BV1, AV, ACC0] = [first + i32Locals, first + i32Locals + 1, first + i32Locals + 2, first + i32Locals + 3];
  const acc = (r: number, half: number): number => ACC0 + 2 * r + half;
  const code: number[] = [];
  if (operands === 'aInPlace') code.push(...get(OFFSETS), ...set(P));
  code.push(Op.loop, BlockType.void); // over panels of A
  for (let t = 0; t < 2 * mr; t++) code.push(...simd(SimdOp.v128Const), ...new Array<number>(16).fill(0), ...set(ACC0 + t));
  if (operands === 'aInPlace') {
    for (let r = 0; r < mr; r++) code.push(...get(A), ...get(P), Op.i32Load, ...memarg(2, 4 * r), Op.i32Add, ...set(aRow(r)));
    code.push(...get(B), ...set(ROW));
  } else {
    code.push(...get(operands === 'bInPlace' ? OFFSETS : B), ...set(P));
  }
  code.push(...get(KC), ...set(K));
  code.push(Op.loop, BlockType.void); // over k
  // ROW: where this k's row of B starts.
  if (operands === 'bInPlace') code.push(...get(B), ...get(P), Op.i32Load, ...memarg(2, 0), Op.i32Add, ...set(ROW));
  else if (operands === 'packed') code.push(...get(P), ...set(ROW));
  code.push(...get(ROW), ...load(0), ...set(BV0), ...get(ROW), ...load(16), ...set(BV1));
  for (let r = 0; r < mr; r++) {
    if (operands === 'aInPlace') code.push(...get(aRow(r)), ...simd(SimdOp.v128Load32Splat), ...memarg(2, 0), ...set(AV));
    else code.push(...get(A), ...simd(SimdOp.v128Load32Splat), ...memarg(2, 4 * r), ...set(AV));
    for (let half = 0; half < 2; half++) {
      code.push(...get(acc(r, half)), ...get(AV), ...get(half === 0 ? BV0 : BV1), ...simd(SimdOp.f32x4Mul), ...simd(SimdOp.f32x4Add), ...set(acc(r, half)));
    }
  }
  if (operands === 'aInPlace') {
    for (let r = 0; r < mr; r++) code.push(...addTo(aRow(r), 4));
    code.push(...addTo(ROW, 4 * SIMD_NR));
  } else {
    code.push(...addTo(A, 4 * mr), ...addTo(P, operands === 'bInPlace' ? 4 : 4 * SIMD_NR));
  }
  code.push(...get(K), ...i32(1), Op.i32Sub, Op.localTee, ...unsignedLeb(K), Op.brIf, 0, Op.end);
  if (operands === 'aInPlace') code.push(...addTo(P, 4 * mr));
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
    [...unsignedLeb(i32Locals), ValType.i32],
    [...unsignedLeb(3 + 2 * mr), ValType.v128],
  ]);
  return sized([...locals, ...code]);
}

/**
 * copyRows(src, dst, rows, bytes, srcStride, dstStride): `rows` runs of `bytes` bytes, each a bulk memory copy
 * (strides in bytes). The in-place convolution passes lay their images out zero-padded with it: a native copy per
 * row, where a JavaScript loop over a shared memory's elements costs several times more.
 */
function copyRowsBody(): number[] {
  const [SRC, DST, ROWS, BYTES, SRC_STRIDE, DST_STRIDE] = [0, 1, 2, 3, 4, 5];
  const code = [
    Op.block, BlockType.void,
    ...get(ROWS), Op.i32Eqz, Op.brIf, 0,
    Op.loop, BlockType.void,
    ...get(DST), ...get(SRC), ...get(BYTES), ...MEMORY_COPY,
    ...get(SRC), ...get(SRC_STRIDE), Op.i32Add, ...set(SRC),
    ...get(DST), ...get(DST_STRIDE), Op.i32Add, ...set(DST),
    ...get(ROWS), ...i32(1), Op.i32Sub, Op.localTee, ...unsignedLeb(ROWS), Op.brIf, 0,
    Op.end,
    Op.end,
    Op.end,
  ];
  return sized([...vector([]), ...code]);
}

const EXPORTS = ['panelColumn', 'panelColumnOffsets', 'panelRowsOffsets', 'copyRows'];

/** The module's bytes. */
export function simdKernelModule(options: SimdKernelOptions): Uint8Array<ArrayBuffer> {
  const { mr, shared, initialPages, maximumPages } = options;
  const funcType = (params: number): number[] => [0x60, ...vector(new Array<number[]>(params).fill([ValType.i32])), ...vector([])];
  const limits = shared ? [0x03, ...unsignedLeb(initialPages), ...unsignedLeb(maximumPages)] : [0x01, ...unsignedLeb(initialPages), ...unsignedLeb(maximumPages)];
  const memoryImport = [...name('env'), ...name('memory'), 0x02, ...limits];
  return new Uint8Array([
    ...MAGIC_AND_VERSION,
    ...section(SectionId.type, vector([funcType(7), funcType(8), funcType(6)])),
    ...section(SectionId.import, vector([memoryImport])),
    ...section(SectionId.function, vector([unsignedLeb(0), unsignedLeb(1), unsignedLeb(1), unsignedLeb(2)])),
    ...section(SectionId.export, vector(EXPORTS.map((name_, i) => [...name(name_), 0x00, i]))),
    ...section(SectionId.code, vector([panelColumnBody(mr, 'packed'), panelColumnBody(mr, 'bInPlace'), panelColumnBody(mr, 'aInPlace'), copyRowsBody()])),
  ]);
}
