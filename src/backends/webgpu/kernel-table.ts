// Builds the webgpu KernelTable, rejecting float64 (WGSL has no f64) for every kernel in one place.

import type { DataId, KernelAttrs, KernelImpl, KernelName, KernelTable, OutputSpec, TensorInfo } from '../kernels.js';
import { argReduce } from './kernels/ArgReduce.js';
import { batchNormApply } from './kernels/BatchNormApply.js';
import { batchNormBackwardInput } from './kernels/BatchNormBackwardInput.js';
import { batchNormBackwardReduce } from './kernels/BatchNormBackwardReduce.js';
import { batchNormStats } from './kernels/BatchNormStats.js';
import { binary } from './kernels/Binary.js';
import { cast } from './kernels/Cast.js';
import { concat } from './kernels/Concat.js';
import { conv2d } from './kernels/Conv2d.js';
import { conv2dBackwardFilter } from './kernels/Conv2dBackwardFilter.js';
import { conv2dBackwardInput } from './kernels/Conv2dBackwardInput.js';
import { depthwiseConv2d } from './kernels/DepthwiseConv2d.js';
import { depthwiseConv2dBackwardInput } from './kernels/DepthwiseConv2dBackwardInput.js';
import { depthwiseConv2dBackwardFilter } from './kernels/DepthwiseConv2dBackwardFilter.js';
import { fold } from './kernels/Fold.js';
import { gather } from './kernels/Gather.js';
import { indexAdd } from './kernels/IndexAdd.js';
import { indexSelect } from './kernels/IndexSelect.js';
import { lstmCell } from './kernels/LstmCell.js';
import { lstmCellBackward } from './kernels/LstmCellBackward.js';
import { gruResetGate } from './kernels/GruResetGate.js';
import { gruResetGateBackward } from './kernels/GruResetGateBackward.js';
import { gruUpdate } from './kernels/GruUpdate.js';
import { gruUpdateBackward } from './kernels/GruUpdateBackward.js';
import { matmul } from './kernels/Matmul.js';
import { padConstant } from './kernels/PadConstant.js';
import { reduce } from './kernels/Reduce.js';
import { scatterAdd } from './kernels/ScatterAdd.js';
import { strided } from './kernels/Strided.js';
import { unary } from './kernels/Unary.js';
import { where } from './kernels/Where.js';
import type { Runtime } from './runtime.js';
import { wgslType } from './wgsl.js';

type WebGPUKernel<K extends KernelName> = (
  rt: Runtime,
  inputs: readonly TensorInfo[],
  output: OutputSpec,
  attrs: KernelAttrs[K],
) => DataId;

function checked<K extends KernelName>(rt: Runtime, name: K, kernel: WebGPUKernel<K>): KernelImpl<K> {
  return (inputs, output, attrs) => {
    for (const t of inputs) wgslType(name, t.dtype);
    wgslType(name, output.dtype);
    return kernel(rt, inputs, output, attrs);
  };
}

export function webgpuKernels(rt: Runtime): KernelTable {
  return {
    unary: checked(rt, 'unary', unary),
    cast: checked(rt, 'cast', cast),
    binary: checked(rt, 'binary', binary),
    where: checked(rt, 'where', where),
    reduce: checked(rt, 'reduce', reduce),
    argReduce: checked(rt, 'argReduce', argReduce),
    matmul: checked(rt, 'matmul', matmul),
    strided: checked(rt, 'strided', strided),
    concat: checked(rt, 'concat', concat),
    padConstant: checked(rt, 'padConstant', padConstant),
    gather: checked(rt, 'gather', gather),
    scatterAdd: checked(rt, 'scatterAdd', scatterAdd),
    indexSelect: checked(rt, 'indexSelect', indexSelect),
    indexAdd: checked(rt, 'indexAdd', indexAdd),
    fold: checked(rt, 'fold', fold),
    depthwiseConv2d: checked(rt, 'depthwiseConv2d', depthwiseConv2d),
    depthwiseConv2dBackwardInput: checked(rt, 'depthwiseConv2dBackwardInput', depthwiseConv2dBackwardInput),
    depthwiseConv2dBackwardFilter: checked(rt, 'depthwiseConv2dBackwardFilter', depthwiseConv2dBackwardFilter),
    lstmCell: checked(rt, 'lstmCell', lstmCell),
    lstmCellBackward: checked(rt, 'lstmCellBackward', lstmCellBackward),
    gruResetGate: checked(rt, 'gruResetGate', gruResetGate),
    gruResetGateBackward: checked(rt, 'gruResetGateBackward', gruResetGateBackward),
    gruUpdate: checked(rt, 'gruUpdate', gruUpdate),
    gruUpdateBackward: checked(rt, 'gruUpdateBackward', gruUpdateBackward),
    batchNormStats: checked(rt, 'batchNormStats', batchNormStats),
    batchNormApply: checked(rt, 'batchNormApply', batchNormApply),
    batchNormBackwardReduce: checked(rt, 'batchNormBackwardReduce', batchNormBackwardReduce),
    batchNormBackwardInput: checked(rt, 'batchNormBackwardInput', batchNormBackwardInput),
    conv2d: checked(rt, 'conv2d', conv2d),
    conv2dBackwardInput: checked(rt, 'conv2dBackwardInput', conv2dBackwardInput),
    conv2dBackwardFilter: checked(rt, 'conv2dBackwardFilter', conv2dBackwardFilter),
  };
}
