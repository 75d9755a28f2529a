// nn.init.orthogonal_: tall, wide and conv-shaped weights come out (semi-)orthogonal, scaled by the gain.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eye, nn, zeros } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';

for (const shape of [[6, 3], [3, 6], [4, 2, 3, 3], [64, 128]]) {
  test(`init.orthogonal_ [cpu float64] ${JSON.stringify(shape)}`, () => {
    const w = nn.init.orthogonal_(zeros(shape, { dtype: 'float64' }), 2);
    const flat = w.reshape([shape[0], -1]);
    const gram = flat.shape[0] < flat.shape[1] ? flat.matmul(flat.T) : flat.T.matmul(flat);
    const n = gram.shape[0];
    assertClose(gram.dataSync(), eye(n, n, { dtype: 'float64' }).mul(4).dataSync(), TOL.float64ZeroResidue, 'W^T W = gain^2 I');
    assert.deepEqual(w.shape, shape);
  });
}
