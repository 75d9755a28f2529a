// Sum/max/min over any set of axes. The input's dims split into kept dims (which index the output) and reduced
// dims (looped over); each group is collapsed separately. Short reductions, or many outputs, run one invocation
// per output; long ones over few outputs one workgroup per output with a shared-memory tree, which is both faster
// and more accurate there.

import type { DataId, KernelAttrs, OutputSpec, ReduceOp, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { collapse, contiguousStrides, normalizeAxis, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { SPECIAL_FLOATS_WGSL } from '../wgsl-math.js';
import { WG, elementGrid, elementMain, groupGrid, header, unravel, wgslType, type WgslType } from '../wgsl.js';

/** Reductions at least this long get a workgroup per output. */
const TREE_THRESHOLD = 256;

function init(op: ReduceOp, type: WgslType): string {
  if (op === 'sum') return `${type}(0)`;
  if (type === 'i32') return op === 'max' ? 'bitcast<i32>(0x80000000u)' : 'i32(0x7fffffff)';
  // f_inf() rather than a literal: WGSL rejects constant expressions that evaluate to infinity.
  return op === 'max' ? '-f_inf()' : 'f_inf()';
}

function combine(op: ReduceOp, acc: string, v: string): string {
  if (op === 'sum') return `${acc} + ${v}`;
  // `v != v` propagates NaN like PyTorch's max/min.
  return `select(${acc}, ${v}, ${v} ${op === 'max' ? '>' : '<'} ${acc} || ${v} != ${v})`;
}

export function reduce(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['reduce']): DataId {
  const [x] = inputs;
  const type = wgslType('reduce', x.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const axes = new Set(attrs.axes.map((a) => normalizeAxis(a, x.shape.length)));
  const strides = contiguousStrides(x.shape);
  const dimsWhere = (reduced: boolean) => x.shape.map((_, d) => d).filter((d) => axes.has(d) === reduced);
  const kept = dimsWhere(false);
  const red = dimsWhere(true);
  const k = collapse(kept.map((d) => x.shape[d]), [kept.map((d) => strides[d])]);
  const r = collapse(red.map((d) => x.shape[d]), [red.map((d) => strides[d])]);
  const nRed = sizeOf(r.shape);
  // With at least as many outputs as reduced elements each, one invocation per output already fills the device;
  // a workgroup per output would then only add barriers (lavapipe, 1,024 outputs of 256: 15.7 ms as workgroups,
  // 0.8 ms as invocations).
  const tree = nRed >= TREE_THRESHOLD && nRed >= n;

  const params = new Params().u32(n).u32(nRed);
  const keptShape = params.length;
  params.u32s(k.shape);
  const keptStrides = params.length;
  params.i32s(k.strides[0]);
  const redShape = params.length;
  params.u32s(r.shape);
  const redStrides = params.length;
  params.i32s(r.strides[0]);

  const base = (index: string) => unravel(index, k.shape.length, keptShape, [{ name: 'base', off: keptStrides }]);
  const offset = (index: string) => unravel(index, r.shape.length, redShape, [{ name: 'off', off: redStrides }]);
  const accumulate = (from: string, step: string) => `
  var acc = ${init(attrs.op, type)};
  for (var j = ${from}; j < pu(1u); j += ${step}) {
  ${offset('j')}
    acc = ${combine(attrs.op, 'acc', 'x[u32(base + off)]')};
  }`;
  const head = header([{ name: 'x', type }], { name: 'out', type }, params.vec4Count) + SPECIAL_FLOATS_WGSL;
  const threadSource = () => head + elementMain(`${base('i')}${accumulate('0u', '1u')}\n  out[i] = acc;`);
  const treeSource = () => `${head}
var<workgroup> partial: array<${type}, ${WG}>;

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let o = wid.x + wid.y * nwg.x;
  if (o >= pu(0u)) { return; }
  ${base('o')}${accumulate('lid', 'WG')}
  partial[lid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (lid < s) { partial[lid] = ${combine(attrs.op, 'partial[lid]', 'partial[lid + s]')}; }
    workgroupBarrier();
  }
  if (lid == 0u) { out[o] = partial[0]; }
}
`;
  rt.dispatch({
    key: `reduce:${attrs.op}:${type}:k${k.shape.length}:r${r.shape.length}:${tree ? 'tree' : 'thread'}`,
    source: tree ? treeSource : threadSource,
    inputs: [storageOf(x.data)],
    output: out,
    params,
    groups: tree ? groupGrid(n) : elementGrid(n),
  });
  return out;
}
