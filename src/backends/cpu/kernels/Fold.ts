// cpu `fold` (col2im), the gradient of convolution's unfold and the last step of transposed convolution. It
// walks the columns in storage order, tap by tap, adding each window row into the output row it lands on, so
// the inner loop reads contiguously and each output element sums its taps in tap order (a sequential,
// deterministic order). The valid window range per tap is solved up front: no bounds tests in the inner loop.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';

export const fold: KernelImpl<'fold'> = ([input], output, { kernel, stride, dilation, origin }) => {
  const cols = valuesOf(input);
  const out = allocate(output);
  const d = kernel.length;
  const size = output.shape.slice(2);
  const counts = input.shape.slice(2 + d);
  const planes = output.shape[0] * output.shape[1];
  let planeOut = 1;
  let windows = 1;
  let taps = 1;
  // Per dim: output stride (elements) and column stride of one window step.
  const outStride = new Int32Array(d);
  const colStride = new Int32Array(d);
  for (let i = d - 1; i >= 0; i--) {
    outStride[i] = planeOut;
    colStride[i] = windows;
    planeOut *= size[i];
    windows *= counts[i];
    taps *= kernel[i];
  }
  if (out.length === 0 || cols.length === 0) return new CpuData(out);

  // Per tap and dim: the window range [lo, hi) whose positions k * dil + o * s - origin fall inside the output.
  const lo = new Int32Array(taps * d);
  const hi = new Int32Array(taps * d);
  const tapOut = new Int32Array(taps); // output offset of window 0 of each tap
  const tapK = new Int32Array(d);
  for (let t = 0; t < taps; t++) {
    let base = 0;
    for (let i = 0; i < d; i++) {
      const start = tapK[i] * dilation[i] - origin[i];
      // start + o * s in [0, size): o >= ceil(-start / s) and o <= floor((size - 1 - start) / s).
      lo[t * d + i] = Math.max(0, Math.ceil(-start / stride[i]));
      hi[t * d + i] = Math.min(counts[i], Math.floor((size[i] - 1 - start) / stride[i]) + 1);
      base += start * outStride[i];
    }
    tapOut[t] = base;
    for (let i = d - 1; i >= 0; i--) {
      if (++tapK[i] < kernel[i]) break;
      tapK[i] = 0;
    }
  }

  const last = d - 1;
  const sLast = stride[last];
  const o = new Int32Array(d);
  for (let plane = 0; plane < planes; plane++) {
    const outPlane = plane * planeOut;
    for (let t = 0; t < taps; t++) {
      let empty = false;
      let outRow = outPlane + tapOut[t];
      let colRow = (plane * taps + t) * windows;
      for (let i = 0; i < d; i++) {
        const l = lo[t * d + i];
        if (l >= hi[t * d + i]) empty = true;
        o[i] = l;
        if (i < last) {
          outRow += l * stride[i] * outStride[i];
          colRow += l * colStride[i];
        }
      }
      if (empty) continue;
      const from = lo[t * d + last];
      const to = hi[t * d + last];
      for (;;) {
        if (sLast === 1) {
          for (let w = from, p = outRow + from; w < to; w++, p++) out[p] += cols[colRow + w];
        } else {
          for (let w = from, p = outRow + from * sLast; w < to; w++, p += sLast) out[p] += cols[colRow + w];
        }
        // Next window row over the outer dims, within each dim's [lo, hi).
        let i = last - 1;
        for (; i >= 0; i--) {
          const span = hi[t * d + i] - lo[t * d + i];
          o[i]++;
          outRow += stride[i] * outStride[i];
          colRow += colStride[i];
          if (o[i] < hi[t * d + i]) break;
          o[i] = lo[t * d + i];
          outRow -= span * stride[i] * outStride[i];
          colRow -= span * colStride[i];
        }
        if (i < 0) break;
      }
    }
  }
  return new CpuData(out);
};
