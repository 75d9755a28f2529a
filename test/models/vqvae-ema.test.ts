// The EMA codebook update of the video VQ-VAE at model level, against two steps worked by hand in JS numbers
// (vqvae-video.md §4): with K = 3 codes of D = 2 dims, starting from the reference's state (zero cluster sizes), so
// the first step shows an unused code blown up to ~m / 1e-5, then a second step from the smoothed state. The codes,
// the commitment loss and the perplexity of each step come from the codebook before that step's update.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad, tensor } from '../../src/index.js';
import { VqVae1, type VqVaeConfig, vqvae } from '../../src/models/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { seedModel, seededClips } from './vqvae-helpers.js';

/** One group (no pooling): 1 frame of 1 channel at 3x3 gives 9 latent rows of 2 dims. */
const EMA_CONFIG: VqVaeConfig = { ...vqvae.VQVAE_DEFAULT_CONFIG, groupCount: 1, nHid: 4, inputChannels: 1, outputChannels: 1, nInit: 2, vocabSize: 3, sequenceLength: 1 };

interface EmaState {
  c: number[];
  m: number[][];
  e: number[][];
}

/** One training-mode step by the spec's formulas; returns the indices, loss, perplexity and the new state. */
function handStep(rows: number[][], s: EmaState, gamma: number, eps: number, beta: number) {
  const k = s.e.length;
  const dist = (r: number[], e: number[]) => r.reduce((a, v) => a + v * v, 0) + e.reduce((a, v) => a + v * v, 0) - 2 * r.reduce((a, v, i) => a + v * e[i], 0);
  const idx = rows.map((r) => {
    const d = s.e.map((e) => dist(r, e));
    return d.indexOf(Math.min(...d));
  });
  const counts = Array.from({ length: k }, (_, j) => idx.filter((i) => i === j).length);
  const decayed = s.c.map((c, j) => gamma * c + (1 - gamma) * counts[j]);
  const total = decayed.reduce((a, v) => a + v, 0);
  const c = decayed.map((v) => ((v + eps) / (total + k * eps)) * total);
  const m = s.m.map((mj, j) => mj.map((v, d) => gamma * v + (1 - gamma) * rows.reduce((a, r, i) => a + (idx[i] === j ? r[d] : 0), 0)));
  const e = m.map((mj, j) => mj.map((v) => v / c[j]));
  const sq = rows.reduce((a, r, i) => a + r.reduce((b, v, d) => b + (s.e[idx[i]][d] - v) ** 2, 0), 0);
  const p = counts.map((n) => n / rows.length);
  return { idx, loss: (beta * sq) / (rows.length * rows[0].length), perplexity: Math.exp(-p.reduce((a, v) => a + v * Math.log(v + 1e-10), 0)), next: { c, m, e } };
}

test('two training-mode forwards update ema_cluster_size, ema_w and the codebook as worked by hand', () => {
  const model = new VqVae1(EMA_CONFIG).to('float64');
  const clip = seededClips(EMA_CONFIG, 1, 3, 41);
  seedModel(model, clip, 42);
  const q = model.quantizer;
  const rowsOf = (): number[][] => {
    const z = model.encode(clip).latent.permute([0, 2, 3, 1]).reshape([-1, 2]).dataSync();
    return Array.from({ length: z.length / 2 }, (_, i) => [z[2 * i], z[2 * i + 1]]);
  };
  const matrix = (t: Float64Array | Float32Array | Int32Array): number[][] => Array.from({ length: t.length / 2 }, (_, i) => [t[2 * i], t[2 * i + 1]]);
  // Code 2 far from every latent: it stays unused, so its count decays from 0 to about 1e-5.
  noGrad(() => q.embedding.weight.replaceData_(q.embedding.weight.add(tensor([[0, 0], [0, 0], [50, 50]], { dtype: 'float64' }))));
  let state: EmaState = {
    c: Array.from(model.stateDict()['vq_vae.ema_cluster_size'].dataSync()),
    m: matrix(model.stateDict()['vq_vae.ema_w'].dataSync()),
    e: matrix(q.embedding.weight.dataSync()),
  };
  assert.deepEqual(state.c, [0, 0, 0]);
  model.train();
  for (let step = 1; step <= 2; step++) {
    const rows = rowsOf();
    const hand = handStep(rows, state, 0.99, 1e-5, 0.25);
    const out = model.forward(clip);
    assert.deepEqual(Array.from(out.indices.dataSync()), hand.idx, `step ${step}: codes`);
    assertClose([out.vqLoss.item(), out.perplexity.item()], [hand.loss, hand.perplexity], TOL.handComputed64, `step ${step}: loss and perplexity`);
    const after = model.stateDict();
    assertClose(after['vq_vae.ema_cluster_size'].dataSync(), hand.next.c, TOL.handComputed64, `step ${step}: ema_cluster_size`);
    assertClose(after['vq_vae.ema_w'].dataSync(), hand.next.m.flat(), TOL.handComputed64, `step ${step}: ema_w`);
    assertClose(after['vq_vae.embedding.weight'].dataSync(), hand.next.e.flat(), TOL.handComputed64, `step ${step}: codebook`);
    if (step === 1) {
      assert.equal(new Set(hand.idx).size, 2, 'codes 0 and 1 both in use');
      assert.ok(hand.idx.every((i) => i !== 2) && hand.next.c[2] < 2e-5, 'code 2 unused, its count about 1e-5');
      assert.ok(Math.abs(hand.next.e[2][0]) > 1e3, 'the unused code is blown up to about m / 1e-5');
    }
    state = hand.next;
  }
});
