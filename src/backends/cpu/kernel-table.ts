// The cpu backend's kernel table: one entry per kernel of the contract (a missing one fails to compile).

import type { KernelTable } from '../kernels.js';
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
import { scatterAdd } from './kernels/ScatterAdd.js';
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
import { strided } from './kernels/Strided.js';
import { unary } from './kernels/Unary.js';
import { where } from './kernels/Where.js';

export const cpuKernels: KernelTable = {
  unary,
  cast,
  binary,
  where,
  reduce,
  argReduce,
  matmul,
  strided,
  concat,
  padConstant,
  gather,
  scatterAdd,
  indexSelect,
  indexAdd,
  fold,
  depthwiseConv2d,
  depthwiseConv2dBackwardInput,
  depthwiseConv2dBackwardFilter,
  lstmCell,
  lstmCellBackward,
  gruResetGate,
  gruResetGateBackward,
  gruUpdate,
  gruUpdateBackward,
  batchNormStats,
  batchNormApply,
  batchNormBackwardReduce,
  batchNormBackwardInput,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardFilter,
};
