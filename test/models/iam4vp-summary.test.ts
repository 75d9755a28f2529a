// summary(iam4vp) against the seed's torchinfo table (seed 000), row by row: layer order, depth-index and every
// Param # at the seed's channel configuration. The forward runs at a reduced frame size (24x40 instead of
// 372x614, which would take minutes on a cpu), so output shapes are checked in their non-spatial dims exactly and
// in their spatial dims against the ConvSC stride arithmetic; the root row's count (the mask token's size
// follows H and W) and the totals are checked at full size by iam4vp-params.test.ts. Type names may differ
// where framegrad's classes are named in its own style (ConvNeXtBottle for ConvNeXt_bottle, ModuleList for
// the predictor's Sequential).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, nn } from '../../src/index.js';
import { getTask } from '../../src/training/tasks/index.js';

/** The seed's rows: type, depth-index, output shape ('--' when none) and Param #. */
const SEED_ROWS: [string, string, string, string][] = [
  ['IAM4VP', '', '[1, 11, 372, 614]', '11,116,992'],
  ['Encoder', '1-1', '[12, 64, 93, 154]', '--'],
  ['Sequential', '2-1', '--', '--'],
  ['ConvSC', '3-1', '[12, 64, 372, 614]', '6,528'],
  ['ConvSC', '3-2', '[12, 64, 186, 307]', '37,056'],
  ['ConvSC', '3-3', '[12, 64, 186, 307]', '37,056'],
  ['ConvSC', '3-4', '[12, 64, 93, 154]', '37,056'],
  ['TimeMLP', '1-2', '[1, 64]', '--'],
  ['SinusoidalPosEmb', '2-2', '[1, 64]', '--'],
  ['Linear', '2-3', '[1, 256]', '16,640'],
  ['GELU', '2-4', '[1, 256]', '--'],
  ['Linear', '2-5', '[1, 64]', '16,448'],
  ['Predictor', '1-3', '[1, 12, 64, 93, 154]', '--'],
  ['Sequential', '2-6', '--', '--'],
  ['ConvNeXt_bottle', '3-5', '[1, 768, 93, 154]', '6,031,104'],
  ['ConvNeXt_block', '3-6', '[1, 768, 93, 154]', '5,423,616'],
  ['ConvNeXt_block', '3-7', '[1, 768, 93, 154]', '5,423,616'],
  ['ConvNeXt_block', '3-8', '[1, 768, 93, 154]', '5,423,616'],
  ['ConvNeXt_block', '3-9', '[1, 768, 93, 154]', '5,423,616'],
  ['ConvNeXt_block', '3-10', '[1, 768, 93, 154]', '5,423,616'],
  ['Decoder', '1-4', '[12, 11, 372, 614]', '--'],
  ['Sequential', '2-7', '--', '--'],
  ['ConvSC', '3-11', '[12, 64, 186, 308]', '147,840'],
  ['ConvSC', '3-12', '[12, 64, 186, 308]', '37,056'],
  ['ConvSC', '3-13', '[12, 64, 372, 616]', '147,840'],
  ['ConvSC', '3-14', '[12, 64, 372, 614]', '73,920'],
  ['Conv2d', '2-8', '[12, 11, 372, 614]', '715'],
  ['SpatioTemporalRefinement', '1-5', '[1, 11, 372, 614]', '--'],
  ['Attention', '2-9', '[1, 132, 372, 614]', '--'],
  ['Conv2d', '3-15', '[1, 132, 372, 614]', '17,556'],
  ['GELU', '3-16', '[1, 132, 372, 614]', '--'],
  ['LKA', '3-17', '[1, 132, 372, 614]', '27,588'],
  ['Conv2d', '3-18', '[1, 132, 372, 614]', '17,556'],
  ['Conv2d', '2-10', '[1, 11, 372, 614]', '1,463'],
];

const SAME_TYPE: Record<string, string> = { ConvNeXt_bottle: 'ConvNeXtBottle', ConvNeXt_block: 'ConvNeXtBlock' };

/** The seed's spatial size at the frame size [h, w] of this test: the same stride arithmetic, scaled. */
function spatialAt(seedHw: number[], h: number, w: number): number[] {
  const table: Record<string, number> = { 372: h, 614: w, 186: Math.ceil(h / 2), 307: Math.ceil(w / 2), 93: Math.ceil(h / 4), 154: Math.ceil(w / 4), 308: 2 * Math.ceil(w / 4), 616: 4 * Math.ceil(w / 4) };
  return seedHw.map((d) => table[d]);
}

test('summary(iam4vp) reproduces the seed torchinfo table row by row (seed channels, 24x40 frames)', () => {
  const task = getTask('iam4vp');
  const frames = { channels: 11, height: 24, width: 40, inputFrames: 12, outputFrames: 6 };
  const model = task.create(task.configFor(frames, 'full'));
  const result = nn.summary(model as nn.Module & { forward(...xs: never[]): unknown }, { args: task.summaryArgs!(frames, getBackend()) });
  const shown = result.rows.filter((r) => r.shown);
  assert.equal(shown.length, SEED_ROWS.length, 'row count');
  shown.forEach((row, i) => {
    const [type, depthIndex, shape, params] = SEED_ROWS[i];
    const label = `row ${i} (${type} ${depthIndex})`;
    const expectedType = SAME_TYPE[type] ?? type;
    assert.ok(row.typeName === expectedType || (type === 'Sequential' && row.typeName === 'ModuleList'), `${label}: type ${row.typeName}`);
    if (depthIndex !== '') assert.equal(`${row.depth}-${row.depthIndex}`, depthIndex, label);
    if (i > 0) assert.equal(row.paramsText, params, `${label}: Param #`);
    if (shape === '--') assert.equal(row.outputShape, null, label);
    else {
      const seed = JSON.parse(shape) as number[];
      const expected = seed.length < 4 ? seed : [...seed.slice(0, -2), ...spatialAt(seed.slice(-2), frames.height, frames.width)];
      assert.deepEqual(row.outputShape, expected, `${label}: output shape`);
    }
  });
});

test("summary(iam4vp)'s mult-adds scale to the seed's 510.18 G at 372x614", () => {
  // At 24x42 every spatial size of the network maps one-to-one onto the seed's (24 -> 372, 12 -> 186, 6 -> 93;
  // 42 -> 614, 21 -> 307, 11 -> 154, 22 -> 308, 44 -> 616). torchinfo counts a convolution's mult-adds in
  // proportion to its output area and any other layer's (Linear, also over channels-last maps) as its parameters
  // times the batch, so scaling each convolution by its own area ratio gives the full-size total without
  // running the full-size forward.
  const fullSide: Record<number, number> = { 24: 372, 12: 186, 6: 93, 42: 614, 21: 307, 11: 154, 22: 308, 44: 616 };
  const task = getTask('iam4vp');
  const frames = { channels: 11, height: 24, width: 42, inputFrames: 12, outputFrames: 6 };
  const model = task.create(task.configFor(frames, 'full'));
  const result = nn.summary(model as nn.Module & { forward(...xs: never[]): unknown }, { args: task.summaryArgs!(frames, getBackend()) });
  let total = 0;
  for (const row of result.rows) {
    if (!row.isLeaf || row.multAdds === 0) continue;
    const shape = row.outputShape ?? [];
    const spatial = row.typeName.includes('Conv') ? shape.slice(-2) : [];
    const ratio = spatial.reduce((r, d) => (r * (fullSide[d] ?? NaN)) / d, 1);
    assert.ok(Number.isFinite(ratio), `${row.typeName} ${row.path}: unexpected output shape [${shape}]`);
    total += row.multAdds * ratio;
  }
  assert.equal((total / 1e9).toFixed(2), '510.18');
});
