// Gradients of the video VQ-VAE w.r.t. its input, in float64 on a miniature, against central finite differences.
// The code choice is locally constant, so two checks cover the model: the commitment loss (a true gradient through
// the encoder), and the straight-through reconstruction, whose gradient must be that of the function
// x -> decoder(encoder(x) + c) with c = sg[q − z] fixed at the base point (the quantizer passing gradients unchanged).

import { describe, test } from 'node:test';
import { type Tensor, noGrad } from '../../src/index.js';
import { VqVae1 } from '../../src/models/index.js';
import { gradcheck } from '../support/gradcheck.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { TINY, seedModel, seededClips } from './vqvae-helpers.js';

function tinyModel(): { model: VqVae1; x: Tensor } {
  const model = new VqVae1(TINY).to('float64');
  const x = seededClips(TINY, 1, 4, 31);
  seedModel(model, x, 32);
  return { model: model.eval(), x };
}

describe('VqVae1 gradcheck (float64, 1 frame of 2 channels at 4x4, 2x2 codes)', () => {
  test('the commitment loss w.r.t. the input', () => {
    const { model, x } = tinyModel();
    gradcheck((input) => model.forward(input).vqLoss, [x.detach().requiresGrad_()]);
  });

  test('the reconstruction w.r.t. the input, through the straight-through estimator', () => {
    const { model, x } = tinyModel();
    const [b, t, c, h, w] = x.shape;
    const offset = noGrad(() => {
      const { latent, indices } = model.encode(x);
      return model.quantizer.lookup(indices).sub(latent);
    });
    const surrogate = (input: Tensor): Tensor =>
      model.decoder.forward(model.encoder.forward(input.reshape([b, t * c, h, w])).add(offset)).reshape([b, t, TINY.outputChannels, h, w]);
    gradcheck(surrogate, [x.detach().requiresGrad_()]);

    const weights = seededClips(TINY, 1, 4, 33);
    const gradientOf = (fn: (input: Tensor) => Tensor): Float64Array => {
      const input = x.detach().requiresGrad_();
      fn(input).mul(weights).sum().backward();
      if (!input.grad) throw new Error('no gradient w.r.t. the input');
      return input.grad.dataSync() as Float64Array;
    };
    const viaModel = gradientOf((input) => model.forward(input).reconstruction);
    assertClose(viaModel, gradientOf(surrogate), TOL.straightThrough64, 'straight-through gradient vs the surrogate\'s');
    assertClose(model.forward(x).reconstruction.dataSync(), surrogate(x).dataSync(), TOL.straightThrough64, 'reconstruction vs the surrogate at the base point');
  });
});
