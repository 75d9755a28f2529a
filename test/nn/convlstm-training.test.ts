// End to end: a one-layer ConvLSTM (8 hidden channels, 3x3) with a 1x1 conv head learns to predict the next frame
// of a synthetic moving-square sequence (8x8 frames, the convlstm.md task in miniature) with optim.Adam; the
// binary cross-entropy must fall well below that of the best constant prediction on cpu, and clearly on webgpu
// (fewer steps).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BackendName, type Tensor, manualSeed, nn, tensor } from '../../src/index.js';
import { Adam } from '../../src/optim/index.js';
import { Generator } from '../../src/tensor/random.js';
import { webgpuOrSkip } from '../support/webgpu.js';

const SIZE = 8;

/** B sequences of T + 1 frames [B, T + 1, 1, 8, 8]: a 2x2 square moving by (dx, dy) in {-1, 0, 1} per frame. */
function movingSquares(batch: number, frames: number, seed: number): Float64Array {
  const gen = new Generator(seed);
  const pick = (n: number): number => Math.min(n - 1, Math.floor(gen.uniform() * n));
  const out = new Float64Array(batch * frames * SIZE * SIZE);
  for (let b = 0; b < batch; b++) {
    const [x0, y0, dx, dy] = [2 + pick(4), 2 + pick(4), pick(3) - 1, pick(3) - 1];
    for (let t = 0; t < frames; t++) {
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 2; j++) {
          const [r, c] = [x0 + dx * t + i, y0 + dy * t + j];
          if (r >= 0 && r < SIZE && c >= 0 && c < SIZE) out[((b * frames + t) * SIZE + r) * SIZE + c] = 1;
        }
      }
    }
  }
  return out;
}

class NextFrame extends nn.Module {
  readonly rnn = this.registerModule('rnn', new nn.ConvLSTM(1, 8, 3, { returnSequences: true }));
  readonly head = this.registerModule('head', new nn.Conv2d(8, 1, 1));

  /** Frames [B, T, 1, H, W] to next-frame probabilities of the same shape. */
  forward(x: Tensor): Tensor {
    const [b, t, , h, w] = x.shape;
    const hidden = this.rnn.forward(x).output.reshape([b * t, 8, h, w]);
    return this.head.forward(hidden).sigmoid().reshape([b, t, 1, h, w]);
  }
}

function bce(p: Tensor, y: Tensor): Tensor {
  const q = p.clamp(1e-7, 1 - 1e-7);
  return y.mul(q.log()).add(y.neg().add(1).mul(q.neg().add(1).log())).mean().neg();
}

async function train(backend: BackendName, steps: number, lr: number): Promise<{ first: number; last: number; constant: number }> {
  const batch = 4;
  const frames = 5;
  const clip = tensor(movingSquares(batch, frames + 1, 3), { shape: [batch, frames + 1, 1, SIZE, SIZE], dtype: 'float32', backend });
  const x = clip.narrow(1, 0, frames);
  const y = clip.narrow(1, 1, frames);
  manualSeed(0);
  const model = new NextFrame().to(backend);
  const opt = new Adam(model.parameters(), { lr });
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const loss = bce(model.forward(x), y);
    loss.backward();
    opt.step();
    losses.push(Number((await loss.data())[0]));
  }
  // The loss of the best constant prediction (the mean pixel): below it, the model has learned the motion.
  const m = Number((await y.mean().data())[0]);
  return { first: losses[0], last: losses[losses.length - 1], constant: -(m * Math.log(m) + (1 - m) * Math.log(1 - m)) };
}

describe('ConvLSTM next-frame training on moving squares', () => {
  test('cpu: 60 Adam steps end well below the best constant prediction', async () => {
    const { first, last, constant } = await train('cpu', 60, 0.1);
    assert.ok(last < 0.7 * constant && last < 0.2 * first, `loss ${first} -> ${last} (constant prediction ${constant})`);
  });

  test('webgpu: 12 Adam steps more than halve the loss', async (t) => {
    if (!(await webgpuOrSkip(t))) return;
    const { first, last } = await train('webgpu', 12, 0.1);
    assert.ok(last < 0.5 * first, `loss ${first} -> ${last}`);
  });
});
