// Elementwise select with all three inputs broadcast to the output shape.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { broadcastStrides, collapse, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, unravel, wgslType } from '../wgsl.js';

export function where(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, _attrs: KernelAttrs['where']): DataId {
  const [cond, a, b] = inputs;
  const condType = wgslType('where', cond.dtype);
  const aType = wgslType('where', a.dtype);
  const bType = wgslType('where', b.dtype);
  const outType = wgslType('where', output.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const { shape, strides } = collapse(
    output.shape,
    inputs.map((t) => broadcastStrides(t.shape, output.shape)),
  );
  const rank = shape.length;
  const params = new Params().u32(n);
  const shapeOff = params.length;
  params.u32s(shape);
  const offs = strides.map((s) => {
    const off = params.length;
    params.i32s(s);
    return off;
  });
  rt.dispatch({
    key: `where:${condType}:${aType}:${bType}:${outType}:r${rank}`,
    source: () =>
      header(
        [
          { name: 'C', type: condType },
          { name: 'A', type: aType },
          { name: 'B', type: bType },
        ],
        { name: 'out', type: outType },
        params.vec4Count,
      ) +
      elementMain(`${unravel('i', rank, shapeOff, [
        { name: 'ic', off: offs[0] },
        { name: 'ia', off: offs[1] },
        { name: 'ib', off: offs[2] },
      ])}
  out[i] = select(${outType}(B[u32(ib)]), ${outType}(A[u32(ia)]), C[u32(ic)] != ${condType}(0));`),
    inputs: inputs.map((t) => storageOf(t.data)),
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
