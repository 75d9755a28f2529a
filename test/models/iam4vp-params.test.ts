// IAM4VP at the full seed configuration (12 x 11 x 372 x 614, S = 64, N_S = 4, N_T = 6): the parameter count of
// the seed's torchinfo table (44,888,494) in total, per top-level module and per printed layer, and every
// state-dict key and shape of spec section 8, in order. Counting needs no forward pass.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { nn } from '../../src/index.js';
import { IAM4VP, type Iam4vpConfig, modelRegistry } from '../../src/models/index.js';

const model = new IAM4VP();
const modules = new Map<string, nn.Module>(model.namedModules());
const count = (path: string): number => {
  const m = modules.get(path);
  if (!m) throw new Error(`no module at '${path}'`);
  return m.parameterCount();
};

describe('IAM4VP parameters at the seed configuration', () => {
  test('total is 44,888,494, all trainable', () => {
    assert.equal(model.parameterCount(), 44_888_494);
    assert.equal(model.parameterCount({ trainableOnly: true }), 44_888_494);
  });

  test('top-level modules match spec section 7.7', () => {
    assert.deepEqual(
      { enc: count('enc'), time_mlp: count('time_mlp'), hid: count('hid'), dec: count('dec'), str: count('str'), lp: count('lp') },
      { enc: 117_696, time_mlp: 33_088, hid: 33_149_184, dec: 407_371, str: 64_163, lp: 117_696 },
    );
    assert.equal(model.maskToken.size, 10_999_296);
  });

  test("every layer row of the seed's torchinfo table", () => {
    // The seed's root row holds what no displayed child shows: the mask token and the (unexecuted) learned prior.
    assert.equal(model.maskToken.size + count('lp'), 11_116_992);
    const rows: [string, number][] = [
      ['enc.enc.0', 6_528], ['enc.enc.1', 37_056], ['enc.enc.2', 37_056], ['enc.enc.3', 37_056],
      ['time_mlp.linear1', 16_640], ['time_mlp.linear2', 16_448],
      ['hid.st_block.0', 6_031_104],
      ...[1, 2, 3, 4, 5].map((k): [string, number] => [`hid.st_block.${k}`, 5_423_616]),
      ['dec.dec.0', 147_840], ['dec.dec.1', 37_056], ['dec.dec.2', 147_840], ['dec.dec.3', 73_920], ['dec.readout', 715],
      ['str.attn.proj_1', 17_556], ['str.attn.spatial_gating_unit', 27_588], ['str.attn.proj_2', 17_556], ['str.readout', 1_463],
    ];
    for (const [path, n] of rows) assert.equal(count(path), n, path);
    assert.equal(rows.reduce((s, [, n]) => s + n, 0) + 11_116_992, 44_888_494);
  });

  test('state-dict keys and shapes are the reference commit\'s, in order (spec section 8)', () => {
    const expected: [string, number[]][] = [['mask_token', [12, 64, 93, 154]]];
    const add = (prefix: string, entries: [string, number[]][]): void => {
      for (const [k, s] of entries) expected.push([`${prefix}${k}`, s]);
    };
    const convSc = (cin: number, cout: number, up: boolean): [string, number[]][] => [
      [up ? 'conv.conv.0.weight' : 'conv.conv.weight', [up ? 4 * cout : cout, cin, 3, 3]],
      [up ? 'conv.conv.0.bias' : 'conv.conv.bias', [up ? 4 * cout : cout]],
      ['conv.norm.weight', [cout]],
      ['conv.norm.bias', [cout]],
    ];
    const mlpHead = (k: number): [string, number[]][] => [[`hid.st_block.${k}.gamma`, [768]], [`hid.st_block.${k}.mlp.1.weight`, [768, 64]], [`hid.st_block.${k}.mlp.1.bias`, [768]]];
    const mlpTail = (k: number): [string, number[]][] => [
      [`hid.st_block.${k}.norm.weight`, [768]], [`hid.st_block.${k}.norm.bias`, [768]],
      [`hid.st_block.${k}.pwconv1.weight`, [3072, 768]], [`hid.st_block.${k}.pwconv1.bias`, [3072]],
      [`hid.st_block.${k}.pwconv2.weight`, [768, 3072]], [`hid.st_block.${k}.pwconv2.bias`, [768]],
    ];
    const lka = (prefix: string, d: number): [string, number[]][] => [
      [`${prefix}conv0.weight`, [d, 1, 5, 5]], [`${prefix}conv0.bias`, [d]],
      [`${prefix}conv_spatial.weight`, [d, 1, 7, 7]], [`${prefix}conv_spatial.bias`, [d]],
      [`${prefix}conv1.weight`, [d, d, 1, 1]], [`${prefix}conv1.bias`, [d]],
    ];
    add('time_mlp.', [['linear1.weight', [256, 64]], ['linear1.bias', [256]], ['linear2.weight', [64, 256]], ['linear2.bias', [64]]]);
    [11, 64, 64, 64].forEach((cin, i) => add(`enc.enc.${i}.`, convSc(cin, 64, false)));
    add('', [...mlpHead(0), ['hid.st_block.0.dwconv.weight', [768, 2, 7, 7]], ['hid.st_block.0.dwconv.bias', [768]], ...mlpTail(0)]);
    add('', [['hid.st_block.0.res_conv.weight', [768, 1536, 1, 1]], ['hid.st_block.0.res_conv.bias', [768]]]);
    for (let k = 1; k <= 5; k++) add('', [...mlpHead(k), ...lka(`hid.st_block.${k}.dwconv.`, 768), ...mlpTail(k)]);
    add('dec.dec.0.', convSc(64, 64, true));
    add('dec.dec.1.', convSc(64, 64, false));
    add('dec.dec.2.', convSc(64, 64, true));
    add('dec.dec.3.', convSc(128, 64, false));
    add('dec.readout.', [['weight', [11, 64, 1, 1]], ['bias', [11]]]);
    [11, 64, 64, 64].forEach((cin, i) => add(`lp.enc.${i}.`, convSc(cin, 64, false)));
    add('str.attn.', [['proj_1.weight', [132, 132, 1, 1]], ['proj_1.bias', [132]], ...lka('spatial_gating_unit.', 132), ['proj_2.weight', [132, 132, 1, 1]], ['proj_2.bias', [132]]]);
    add('str.readout.', [['weight', [11, 132, 1, 1]], ['bias', [11]]]);

    const actual = Object.entries(model.stateDict()).map(([k, t]): [string, number[]] => [k, [...t.shape]]);
    assert.equal(actual.length, 155);
    assert.deepEqual(actual, expected);
  });

  test('initialisation: zero mask token, layer scale 1e-6, ConvSC convs trunc-normal(0.02) with zero bias, LN at 1/0', () => {
    assert.equal(model.maskToken.abs().max().item(), 0);
    assert.ok(model.hid.stBlock.at(3).gamma.sub(1e-6).abs().max().item() < 1e-12);
    const state = model.stateDict();
    const w = state['enc.enc.1.conv.conv.weight'];
    const std = w.std().item();
    assert.ok(Math.abs(std - 0.02) < 0.001, `ConvSC weight std ${std}`);
    assert.equal(state['enc.enc.1.conv.conv.bias'].abs().max().item(), 0);
    assert.equal(state['enc.enc.1.conv.norm.weight'].sub(1).abs().max().item(), 0);
    // A PyTorch-default layer: U(+-1/sqrt(fan_in)), fan_in 768 for pwconv1.
    const pw = state['hid.st_block.3.pwconv1.weight'];
    assert.ok(pw.abs().max().item() <= 1 / Math.sqrt(768));
    assert.ok(Math.abs(pw.std().item() - 1 / Math.sqrt(3 * 768)) < 1e-4);
  });
});

describe('IAM4VP registry entry', () => {
  test('defaults are the seed configuration; create() at the small size matches spec section 7.9 formulas', () => {
    const entry = modelRegistry.iam4vp;
    assert.deepEqual(entry.defaultConfig, { shapeIn: [12, 11, 372, 614], cLatent: 64, nS: 4, nT: 6 });
    const cfg: Iam4vpConfig = entry.smallConfig;
    const small = entry.create(cfg);
    assert.ok(small instanceof IAM4VP);
    const [t, c, h, w] = cfg.shapeIn;
    const s = cfg.cLatent;
    const d = t * s;
    const q = t * c;
    const encoder = 9 * c * s + 3 * s + 3 * (9 * s * s + 3 * s);
    const predictor = 10 * d * d + s * d + 109 * d + (cfg.nT - 1) * (9 * d * d + s * d + 86 * d);
    const decoder = 2 * (36 * s * s + 6 * s) + (9 * s * s + 3 * s) + (18 * s * s + 3 * s) + (s * c + c);
    const refinement = 3 * q * q + 79 * q + q * c + c;
    const mask = t * s * Math.ceil(Math.ceil(h / 2) / 2) * Math.ceil(Math.ceil(w / 2) / 2);
    assert.equal(small.parameterCount(), 2 * encoder + 8 * s * s + 5 * s + predictor + decoder + refinement + mask);
  });
});
