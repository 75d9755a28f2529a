// Every op record in the suite; the generic drivers iterate over this list.

import { elementwiseRecords } from './elementwise.js';
import { normalizationRecords } from './normalization.js';
import type { OpRecord } from './record.js';
import { recurrentRecords } from './recurrent.js';
import { reductionRecords } from './reductions.js';
import { shapeRecords } from './shape-ops.js';
import { spatialRecords } from './spatial.js';

export const allRecords: OpRecord[] = [...elementwiseRecords, ...reductionRecords, ...shapeRecords, ...spatialRecords, ...recurrentRecords, ...normalizationRecords];
