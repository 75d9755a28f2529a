// The safetensors dtypes framegrad reads and writes: each one's byte width, its rank in the reference writer's
// ordering, and how its little-endian bytes become host values (F16 and BF16 widen exactly to float32).

/** Every dtype name of the format, in the order of the Rust crate's `Dtype` enum (safetensors/src/tensor.rs). */
const FORMAT_DTYPES = [
  'BOOL', 'F4', 'F6_E2M3', 'F6_E3M2', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F8_E4M3FNUZ', 'F8_E5M2FNUZ',
  'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'C64', 'F64', 'I64', 'U64',
] as const;

export type FormatDType = (typeof FORMAT_DTYPES)[number];

/** The dtypes framegrad loads; I64 stays exact in an Int64Tensor. */
export type ReadableDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32';

/** The dtypes framegrad writes (float32, float64, int32 tensors and Int64Tensor). */
export type WritableDType = 'F64' | 'F32' | 'I64' | 'I32';

export const ITEM_BYTES: Readonly<Record<ReadableDType, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4 };

const READABLE: readonly string[] = Object.keys(ITEM_BYTES);

export function isReadable(name: string): name is ReadableDType {
  return READABLE.includes(name);
}

export function isFormatDType(name: string): name is FormatDType {
  return (FORMAT_DTYPES as readonly string[]).includes(name);
}

export function readableList(): string {
  return READABLE.join(', ');
}

/**
 * The reference writer sorts tensors by this rank, highest first (its enum order, "increasing alignment"), then
 * by name; so I64 precedes F64, then F32, then I32.
 */
export function writeRank(dtype: WritableDType): number {
  return FORMAT_DTYPES.indexOf(dtype);
}

/** float32 bits of one IEEE half: exact, NaN payloads kept. */
function halfToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >> 10) & 0x1f;
  let mantissa = h & 0x3ff;
  if (exponent === 0x1f) return (sign | 0x7f800000 | (mantissa << 13)) >>> 0;
  if (exponent !== 0) return (sign | ((exponent + 112) << 23) | (mantissa << 13)) >>> 0;
  if (mantissa === 0) return sign >>> 0;
  // Subnormal half: normalise into a float32 normal.
  let e = 113;
  while ((mantissa & 0x400) === 0) {
    mantissa <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((mantissa & 0x3ff) << 13)) >>> 0;
}

/** Widens little-endian 16-bit floats (F16 or BF16) to float32, bit-exactly. */
export function widenHalves(bytes: Uint8Array, kind: 'F16' | 'BF16'): Float32Array {
  const out = new Float32Array(bytes.length / 2);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < out.length; i++) {
    const h = bytes[2 * i] | (bytes[2 * i + 1] << 8);
    bits[i] = kind === 'BF16' ? (h << 16) >>> 0 : halfToFloatBits(h);
  }
  return out;
}
