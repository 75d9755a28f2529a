// Packs every scalar parameter of one dispatch into a single uniform buffer (u32 words, read in WGSL as
// array<vec4<u32>, N> so the 16-byte uniform array stride rule holds); i32 and f32 values are bitcast.

const scratch = new DataView(new ArrayBuffer(4));

export class Params {
  private readonly words: number[] = [];

  /** Index of the next word: kernels record it to tell their WGSL where each field starts. */
  get length(): number {
    return this.words.length;
  }

  u32(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`webgpu backend: ${v} is not a u32 parameter`);
    this.words.push(v);
    return this;
  }

  i32(v: number): this {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
      throw new Error(`webgpu backend: ${v} is not an i32 parameter`);
    }
    this.words.push(v >>> 0);
    return this;
  }

  f32(v: number): this {
    scratch.setFloat32(0, v, true);
    this.words.push(scratch.getUint32(0, true));
    return this;
  }

  u32s(vs: readonly number[]): this {
    for (const v of vs) this.u32(v);
    return this;
  }

  i32s(vs: readonly number[]): this {
    for (const v of vs) this.i32(v);
    return this;
  }

  /** Number of vec4<u32> the WGSL must declare (at least one: WGSL arrays cannot be empty). */
  get vec4Count(): number {
    return Math.max(1, Math.ceil(this.words.length / 4));
  }

  toArray(): Uint32Array<ArrayBuffer> {
    const out = new Uint32Array(this.vec4Count * 4);
    out.set(this.words);
    return out;
  }
}
