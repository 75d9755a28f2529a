// The nearest-code search in row chunks (large codebooks): identical indices to a brute-force argmin.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed, randn } from '../../src/index.js';
import { nearestCodes } from '../../src/nn/quantization/nearest-code.js';

test('nearestCodes [cpu] splits a 300 x 65,536 search into chunks and matches brute force', () => {
  manualSeed(5);
  const rows = randn([300, 4], { dtype: 'float64' });
  const codes = randn([65536, 4], { dtype: 'float64' });
  const found = Array.from(nearestCodes(rows, codes).dataSync());
  const r = rows.dataSync();
  const c = codes.dataSync();
  for (const i of [0, 1, 150, 255, 256, 299]) {
    let best = 0;
    let bestDistance = Infinity;
    for (let k = 0; k < 65536; k++) {
      let d = 0;
      for (let j = 0; j < 4; j++) d += (r[i * 4 + j] - c[k * 4 + j]) ** 2;
      if (d < bestDistance) [best, bestDistance] = [k, d];
    }
    assert.equal(found[i], best, `row ${i}`);
  }
  assert.equal(found.length, 300);
});
