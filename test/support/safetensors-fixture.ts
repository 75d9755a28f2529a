// Reads the PyTorch reference fixtures (test/fixtures/*/*.safetensors, written by fixtures/*.py): the safetensors
// layout (8-byte little-endian header length, JSON header, raw little-endian data) with F64, F32 and I64 tensors,
// and the case list the writer stores as JSON under __metadata__.cases. Test-only; reads with Node's fs.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface FixtureTensor {
  readonly shape: readonly number[];
  readonly values: Float64Array;
  readonly dtype: 'F64' | 'F32' | 'I64';
}

export interface FixtureCase {
  readonly id: string;
  readonly op: string;
  /** The op's options in framegrad's (camelCase) form, as parsed JSON; the test casts it to the op's options type. */
  readonly options: object;
  /** Input names in call order; tensors `${id}/input/${name}` and gradients `${id}/grad/${name}`. */
  readonly inputs: readonly string[];
  /** Output names in order; tensors `${id}/output/${name}` and, for float outputs, loss weights `${id}/weight/${name}`. */
  readonly outputs: readonly string[];
}

export interface FixtureFile {
  readonly cases: readonly FixtureCase[];
  readonly tensors: ReadonlyMap<string, FixtureTensor>;
}

interface HeaderEntry {
  readonly dtype: string;
  readonly shape: number[];
  readonly data_offsets: [number, number];
}

/** Parses one .safetensors file. */
export function readSafetensors(path: string): FixtureFile {
  const bytes = readFileSync(path);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, HeaderEntry | Record<string, string>>;
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, FixtureTensor>();
  let cases: FixtureCase[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      const meta = entry as Record<string, string>;
      cases = meta.cases ? (JSON.parse(meta.cases) as FixtureCase[]) : [];
      continue;
    }
    const { dtype, shape, data_offsets: [begin, end] } = entry as HeaderEntry;
    const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, end - begin);
    const width = dtype === 'F32' ? 4 : 8;
    const values = new Float64Array((end - begin) / width);
    for (let i = 0; i < values.length; i++) {
      if (dtype === 'F64') values[i] = view.getFloat64(i * 8, true);
      else if (dtype === 'F32') values[i] = view.getFloat32(i * 4, true);
      else if (dtype === 'I64') values[i] = Number(view.getBigInt64(i * 8, true));
      else throw new Error(`safetensors: unsupported dtype ${dtype} for '${name}' in ${path}`);
    }
    tensors.set(name, { shape, values, dtype: dtype as FixtureTensor['dtype'] });
  }
  return { cases, tensors };
}

/** Every .safetensors file in a directory, sorted by name. */
export function readFixtureDir(dir: string): { name: string; file: FixtureFile }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.safetensors'))
    .sort()
    .map((f) => ({ name: f, file: readSafetensors(join(dir, f)) }));
}

/** A named tensor of a fixture file; throws naming the missing entry. */
export function fixtureTensor(file: FixtureFile, name: string): FixtureTensor {
  const t = file.tensors.get(name);
  if (!t) throw new Error(`fixture tensor '${name}' is missing`);
  return t;
}
