// End to end on cpu: each ConvLSTM zoo model, at a reduced width, trained with its seed's optimiser settings from
// its config on moving squares (data.movingSquares, the Keras generator; a 16x16 window of the 40x40 frames)
// lowers the binary cross-entropy clearly within tens of steps. The stacked model learns input -> shifted target
// (Adadelta lr 1.0, rho 0.95, whose step size grows from ~sqrt(eps): the loss falls steadily, by ~30% in 25 steps); the encoder-decoder encodes clean frames and predicts the next ones under teacher
// forcing (RMSprop lr 1e-3, rho 0.9, here lr 1e-2 for the short run).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Tensor, data, manualSeed, nn } from '../../src/index.js';
import { ConvLSTMEncoderDecoder, ConvLSTMNextFrame } from '../../src/models/index.js';
import { Adadelta, RMSprop } from '../../src/optim/index.js';

const window = (x: Tensor): Tensor => x.narrow(3, 12, 16).narrow(4, 12, 16).contiguous();

async function squares(frames: number): Promise<{ input: Tensor; target: Tensor }> {
  const dataset = data.movingSquares({ size: 4, batchSize: 4, frames, seed: 5, shuffle: false, backend: 'cpu' });
  for await (const { input, target } of dataset.batches(0)) return { input: window(input), target: window(target) };
  throw new Error('movingSquares yielded no batch');
}

function train(steps: number, optimizer: { zeroGrad(): void; step(): void }, loss: () => Tensor): number[] {
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    optimizer.zeroGrad();
    const l = loss();
    l.backward();
    optimizer.step();
    losses.push(l.item());
  }
  return losses;
}

test('ConvLSTMNextFrame (4 filters, 2 layers): 25 Adadelta steps lower the loss by a quarter', async () => {
  const { input, target } = await squares(6);
  manualSeed(0);
  const model = new ConvLSTMNextFrame({ filters: 4, numLayers: 2 });
  const losses = train(25, new Adadelta(model.parameters(), model.config.optimizer), () => nn.binaryCrossEntropy(model.forward(input), target));
  assert.ok(losses[losses.length - 1] < 0.75 * losses[0], `loss ${losses[0]} -> ${losses[losses.length - 1]}`);
});

test('ConvLSTMEncoderDecoder (6 filters): 25 RMSprop steps at least halve the loss', async () => {
  const { target: clean } = await squares(7);
  const x = clean.narrow(1, 0, 4);
  const y = clean.narrow(1, 4, 3);
  manualSeed(0);
  const model = new ConvLSTMEncoderDecoder({ units: [6] });
  const optimizer = new RMSprop(model.parameters(), { ...model.config.optimizer, lr: 1e-2 });
  const losses = train(25, optimizer, () => nn.binaryCrossEntropy(model.forward(x, 3, y.narrow(1, 0, 2)), y));
  assert.ok(losses[losses.length - 1] < 0.5 * losses[0], `loss ${losses[0]} -> ${losses[losses.length - 1]}`);
});
