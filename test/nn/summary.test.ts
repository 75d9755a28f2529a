// nn.summary against torchinfo 1.8.0: tables printed by torchinfo for the same small models (a CNN with a
// container whose forward never runs, a reused layer, frozen parameters) are reproduced line for line, except
// the mult-adds unit, written "(M)" where torchinfo on Python 3.11+ writes "(Units.MEGABYTES)"; the structured
// rows and totals are checked, and every forward and training flag is restored afterwards, also on error.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Tensor, nn, zeros } from '../../src/index.js';

class Block extends nn.Module {
  readonly conv: nn.Conv2d;
  readonly norm: nn.BatchNorm2d;
  readonly act: nn.ReLU;

  constructor(inC: number, outC: number) {
    super();
    this.conv = this.registerModule('conv', new nn.Conv2d(inC, outC, 3, { padding: 1 }));
    this.norm = this.registerModule('norm', new nn.BatchNorm2d(outC));
    this.act = this.registerModule('act', new nn.ReLU());
  }

  forward(x: Tensor): Tensor {
    return this.act.forward(this.norm.forward(this.conv.forward(x)));
  }
}

/** A CNN whose ModuleList is iterated by its parent (torchinfo adds its row) and with an own parameter. */
class Net extends nn.Module {
  readonly stem = this.registerModule('stem', new nn.Sequential(new Block(3, 8), new nn.MaxPool2d(2), new Block(8, 16)));
  readonly layers = this.registerModule('layers', new nn.ModuleList<nn.TensorModule>([new nn.Conv2d(16, 16, 3, { padding: 1, groups: 4 }), new nn.ConvTranspose2d(16, 8, 4, { stride: 2, padding: 1 })]));
  readonly head = this.registerModule('head', new nn.Sequential(new nn.Flatten(), new nn.Linear(8 * 16 * 16, 10)));

  constructor() {
    super();
    this.registerParameter('emb', new nn.Parameter(zeros([5])));
  }

  forward(x: Tensor): Tensor {
    let y = this.stem.forward(x);
    for (const layer of this.layers) y = layer.forward(y);
    return this.head.forward(y);
  }
}

const NET_TABLE = `==========================================================================================
Layer (type:depth-idx)                   Output Shape              Param #
==========================================================================================
Net                                      [2, 10]                   5
├─Sequential: 1-1                        [2, 16, 8, 8]             --
│    └─Block: 2-1                        [2, 8, 16, 16]            --
│    │    └─Conv2d: 3-1                  [2, 8, 16, 16]            224
│    │    └─BatchNorm2d: 3-2             [2, 8, 16, 16]            16
│    │    └─ReLU: 3-3                    [2, 8, 16, 16]            --
│    └─MaxPool2d: 2-2                    [2, 8, 8, 8]              --
│    └─Block: 2-3                        [2, 16, 8, 8]             --
│    │    └─Conv2d: 3-4                  [2, 16, 8, 8]             1,168
│    │    └─BatchNorm2d: 3-5             [2, 16, 8, 8]             32
│    │    └─ReLU: 3-6                    [2, 16, 8, 8]             --
├─ModuleList: 1-2                        --                        --
│    └─Conv2d: 2-4                       [2, 16, 8, 8]             592
│    └─ConvTranspose2d: 2-5              [2, 8, 16, 16]            2,056
├─Sequential: 1-3                        [2, 10]                   --
│    └─Flatten: 2-6                      [2, 2048]                 --
│    └─Linear: 2-7                       [2, 10]                   20,490
==========================================================================================
Total params: 24,583
Trainable params: 24,583
Non-trainable params: 0
Total mult-adds (M): 1.43
==========================================================================================
Input size (MB): 0.01
Forward/backward pass size (MB): 0.15
Params size (MB): 0.10
Estimated Total Size (MB): 0.25
==========================================================================================`;

const NET_DEPTH1_ROWS = `Net                                      [2, 10]                   5
├─Sequential: 1-1                        [2, 16, 8, 8]             1,440
├─ModuleList: 1-2                        --                        2,648
├─Sequential: 1-3                        [2, 10]                   20,490
`;

class Reuse extends nn.Module {
  readonly conv = this.registerModule('conv', new nn.Conv2d(2, 2, 3, { padding: 1 }));
  readonly frozen = this.registerModule('frozen', new nn.Linear(8, 4));
  readonly norm = this.registerModule('norm', new nn.LayerNorm(4));

  constructor() {
    super();
    for (const p of this.frozen.parameters()) p.requiresGrad = false;
  }

  forward(x: Tensor): Tensor {
    const y = this.conv.forward(this.conv.forward(x));
    return this.norm.forward(this.frozen.forward(y.flatten(2)));
  }
}

const REUSE_TABLE = `==========================================================================================
Layer (type:depth-idx)                   Output Shape              Param #
==========================================================================================
Reuse                                    [1, 2, 4]                 --
├─Conv2d: 1-1                            [1, 2, 2, 4]              38
├─Conv2d: 1-2                            [1, 2, 2, 4]              (recursive)
├─Linear: 1-3                            [1, 2, 4]                 (36)
├─LayerNorm: 1-4                         [1, 2, 4]                 8
==========================================================================================
Total params: 82
Trainable params: 46
Non-trainable params: 36
Total mult-adds (M): 0.00
==========================================================================================
Input size (MB): 0.00
Forward/backward pass size (MB): 0.00
Params size (MB): 0.00
Estimated Total Size (MB): 0.00
==========================================================================================`;

describe('nn.summary', () => {
  test('a CNN: the table torchinfo prints, row for row', () => {
    const s = nn.summary(new Net(), [2, 3, 16, 16]);
    assert.equal(String(s), NET_TABLE);
    assert.equal(s.table, NET_TABLE);
  });

  test('a CNN: structured rows, output shapes, parameter counts and totals', () => {
    const s = nn.summary(new Net(), [2, 3, 16, 16]);
    assert.deepEqual(
      s.rows.map((r) => [r.typeName, r.path, r.depth, r.depthIndex, r.outputShape, r.numParams]),
      [
        ['Net', '', 0, 1, [2, 10], 24583],
        ['Sequential', 'stem', 1, 1, [2, 16, 8, 8], 1440],
        ['Block', 'stem.0', 2, 1, [2, 8, 16, 16], 240],
        ['Conv2d', 'stem.0.conv', 3, 1, [2, 8, 16, 16], 224],
        ['BatchNorm2d', 'stem.0.norm', 3, 2, [2, 8, 16, 16], 16],
        ['ReLU', 'stem.0.act', 3, 3, [2, 8, 16, 16], 0],
        ['MaxPool2d', 'stem.1', 2, 2, [2, 8, 8, 8], 0],
        ['Block', 'stem.2', 2, 3, [2, 16, 8, 8], 1200],
        ['Conv2d', 'stem.2.conv', 3, 4, [2, 16, 8, 8], 1168],
        ['BatchNorm2d', 'stem.2.norm', 3, 5, [2, 16, 8, 8], 32],
        ['ReLU', 'stem.2.act', 3, 6, [2, 16, 8, 8], 0],
        ['ModuleList', 'layers', 1, 2, null, 2648],
        ['Conv2d', 'layers.0', 2, 4, [2, 16, 8, 8], 592],
        ['ConvTranspose2d', 'layers.1', 2, 5, [2, 8, 16, 16], 2056],
        ['Sequential', 'head', 1, 3, [2, 10], 20490],
        ['Flatten', 'head.0', 2, 6, [2, 2048], 0],
        ['Linear', 'head.1', 2, 7, [2, 10], 20490],
      ],
    );
    // torchinfo's numbers for this model: mult-adds 1,433,716; output bytes 147,616; parameter bytes 98,312.
    assert.equal(s.totalMultAdds, 1433716);
    assert.equal(s.forwardBackwardBytes, 147616);
    assert.equal(s.paramBytes, 98312);
    assert.equal(s.inputBytes, 2 * 3 * 16 * 16 * 4);
    assert.deepEqual([s.totalParams, s.trainableParams, s.nonTrainableParams], [24583, 24583, 0]);
    assert.equal(s.totalParams, new Net().parameterCount());
    // Conv mult-adds: kernel and bias parameters times the output's batch and spatial elements.
    assert.equal(s.rows[3].multAdds, 224 * 2 * 16 * 16);
    assert.equal(s.rows[16].multAdds, 20490 * 2);
  });

  test('depth 1 folds the deeper rows into their parents', () => {
    const table = nn.summary(new Net(), [2, 3, 16, 16], { depth: 1 }).table;
    assert.ok(table.includes(NET_DEPTH1_ROWS), table);
  });

  test('a reused layer is (recursive), frozen parameters are non-trainable', () => {
    const s = nn.summary(new Reuse(), [1, 2, 2, 4]);
    assert.equal(s.table, REUSE_TABLE);
    assert.deepEqual(s.rows.map((r) => r.isRecursive), [false, false, true, false, false]);
  });

  test('tensor inputs are used as given; shape inputs follow the model dtype', () => {
    const net = new Net().to('float64');
    const s = nn.summary(net, [zeros([1, 3, 16, 16], { dtype: 'float64' })]);
    assert.deepEqual(s.rows[0].outputShape, [1, 10]);
    assert.equal(nn.summary(net, [1, 3, 16, 16]).paramBytes, 24583 * 8 - 5 * 8);
  });

  test('forward methods and training flags are restored, also when the forward throws', () => {
    const net = new Net();
    net.stem.train(false);
    const before = [...net.modules()].map((m) => m.training);
    nn.summary(net, [2, 3, 16, 16], { mode: 'train' });
    for (const m of net.modules()) assert.ok(!Object.prototype.hasOwnProperty.call(m, 'forward'), `${m.typeName} keeps a wrapped forward`);
    assert.deepEqual([...net.modules()].map((m) => m.training), before);
    assert.throws(() => nn.summary(net, [2, 3, 15, 16]), /summary: the forward pass failed after \d+ layers ran .*Linear/);
    for (const m of net.modules()) assert.ok(!Object.prototype.hasOwnProperty.call(m, 'forward'), `${m.typeName} keeps a wrapped forward after an error`);
    assert.deepEqual([...net.modules()].map((m) => m.training), before);
    // An instance's own forward (assigned in the constructor) is put back, not deleted.
    const own = new nn.Identity();
    const forward = (x: Tensor): Tensor => x.mul(2);
    own.forward = forward;
    nn.summary(own, [3]);
    assert.equal(own.forward, forward);
  });

  test('bad inputs are reported', () => {
    assert.throws(() => nn.summary(new Net(), [2, 0, 16]), /summary: inputs must be a shape of positive integers/);
  });
});
