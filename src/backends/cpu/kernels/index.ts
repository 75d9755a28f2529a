// The cpu backend's kernel table: one entry per kernel of the contract (a missing one fails to compile).

import type { KernelTable } from '../../kernels.js';
import { argReduce } from './ArgReduce.js';
import { binary } from './Binary.js';
import { cast } from './Cast.js';
import { concat } from './Concat.js';
import { gather, scatterAdd } from './Gather.js';
import { indexAdd } from './IndexAdd.js';
import { indexSelect } from './IndexSelect.js';
import { matmul } from './MatMul.js';
import { padConstant } from './PadConstant.js';
import { reduce } from './Reduce.js';
import { strided } from './Strided.js';
import { unary } from './Unary.js';
import { where } from './Where.js';

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
};
