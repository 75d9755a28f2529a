// The few pieces of the WebAssembly binary format the SIMD GEMM module needs: LEB128 integers, sized vectors,
// sections and the opcodes it emits. The module is assembled from these at load time, so the project carries
// no compiled binary and needs no external toolchain.

export function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

export function signedLeb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A byte vector prefixed by its length. */
export function sized(bytes: readonly number[]): number[] {
  return [...unsignedLeb(bytes.length), ...bytes];
}

/** A vector of items prefixed by their count. */
export function vector(items: readonly (readonly number[])[]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

export function section(id: number, body: readonly number[]): number[] {
  return [id, ...sized(body)];
}

export function name(text: string): number[] {
  return sized([...new TextEncoder().encode(text)]);
}

export const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export const SectionId = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;
export const ValType = { i32: 0x7f, v128: 0x7b } as const;
export const BlockType = { void: 0x40 } as const;

export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
} as const;

/** Opcodes behind the 0xfd SIMD prefix (each encoded as an unsigned LEB128 after the prefix). */
export const SimdOp = {
  v128Load: 0x00,
  v128Load32Splat: 0x09,
  v128Store: 0x0b,
  v128Const: 0x0c,
  f32x4Add: 0xe4,
  f32x4Mul: 0xe6,
} as const;

/** memory.copy (bulk memory, behind the 0xfc prefix) within memory 0. */
export const MEMORY_COPY = [0xfc, 0x0a, 0x00, 0x00];

export function simd(op: number): number[] {
  return [0xfd, ...unsignedLeb(op)];
}

/** A memory access's alignment hint (log2 bytes) and constant offset. */
export function memarg(alignLog2: number, offset: number): number[] {
  return [...unsignedLeb(alignLog2), ...unsignedLeb(offset)];
}
