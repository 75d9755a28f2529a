// Every error path throws an Error whose message names the op and the offending shapes or values, so a user
// can find the mistake from the message alone. Backend-mixing and webgpu read errors run when webgpu exists.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fg from '../../src/index.js';
import { Generator, tensor, zeros } from '../../src/index.js';
import { webgpuOrSkip } from '../support/webgpu.js';

const f32 = (shape: readonly number[]) => zeros(shape, { dtype: 'float32' });
const f64 = (shape: readonly number[]) => zeros(shape, { dtype: 'float64' });
const i32 = (values: readonly number[], shape: readonly number[] = [values.length]) => tensor(Int32Array.from(values), { shape });

test('errors: broadcasting shape mismatch names the op and both shapes', () => {
  assert.throws(() => f32([2, 3]).add(f32([4])), /^Error: add: shapes \[2, 3\] and \[4\] cannot be broadcast/);
  assert.throws(() => fg.mul(f32([2, 3, 4]), f32([3, 3, 4])), /mul: shapes \[2, 3, 4\] and \[3, 3, 4\] cannot be broadcast \(dim 0: 2 vs 3\)/);
  assert.throws(() => f32([2]).lt(f32([3])), /lt: shapes \[2\] and \[3\] cannot be broadcast/);
  assert.throws(() => fg.where(f32([3]), f32([2]), f32([2])), /where: shapes \[3\] and \[2\] cannot be broadcast/);
});

test('errors: dim out of range names the op, the dim and the rank', () => {
  assert.throws(() => f32([2, 3]).sum({ dim: 5 }), /sum: dim 5 is out of range for a tensor of rank 2/);
  assert.throws(() => f32([2, 3]).mean({ dim: -3 }), /mean: dim -3 is out of range for a tensor of rank 2/);
  assert.throws(() => f32([2, 3]).max({ dim: [0, 2] }), /max: dim 2 is out of range for a tensor of rank 2/);
  assert.throws(() => f32([2, 3]).argmax({ dim: 2 }), /argmax: dim 2 is out of range for a tensor of rank 2/);
  assert.throws(() => f32([2, 3]).softmax(2), /softmax: dim 2 is out of range for a tensor of rank 2/);
  assert.throws(() => f32([2, 3]).logsumexp(-3), /logsumexp: dim -3 is out of range for a tensor of rank 2/);
  assert.throws(() => f32([2, 3]).transpose(0, 2), /transpose: dim 2 is out of range for a tensor of rank 2/);
  assert.throws(() => f32([2, 3]).unsqueeze(4), /unsqueeze: dim 4 is out of range for a tensor of rank 3/);
  assert.throws(() => f32([2, 3]).sum({ dim: [1, -1] }), /sum: dim \[1,-1\] repeats a dimension/);
  assert.throws(() => f32([2, 3]).flatten(1, 0), /flatten: startDim 1 comes after endDim 0/);
});

test('errors: dtype mismatch names the op, both dtypes and shapes', () => {
  assert.throws(() => f32([2]).add(f64([2])), /add: dtype mismatch, float32 \[2\] vs float64 \[2\]/);
  assert.throws(() => i32([1, 2]).add(0.5), /add: cannot combine an int32 tensor with the non-integer scalar 0\.5/);
  assert.throws(() => fg.sub(0.5, i32([1, 2])), /sub: cannot combine an int32 tensor with the non-integer scalar 0\.5/);
  assert.throws(() => f32([2, 2]).matmul(f64([2, 2])), /matmul: dtype mismatch, float32 \[2, 2\] vs float64 \[2, 2\]/);
  assert.throws(() => fg.where(f32([2]), f32([2]), f64([2])), /where: dtype mismatch, float32 \[2\] vs float64 \[2\]/);
  assert.throws(() => fg.cat([f32([2]), f64([2])]), /cat: dtype mismatch, float32, float64/);
  assert.throws(() => i32([1, 2]).div(i32([1, 1])), /div: true division of int32 tensors \[2\] \/ \[2\] is not supported/);
  assert.throws(() => i32([1, 2]).exp(), /exp: expected a floating-point tensor, got int32 of shape \[2\]/);
  assert.throws(() => i32([1, 2]).mean(), /mean: expected a floating-point tensor, got int32 of shape \[2\]/);
  assert.throws(() => i32([1, 2]).softmax(0), /softmax: expected a floating-point tensor, got int32 of shape \[2\]/);
  assert.throws(() => fg.gelu(i32([1, 2])), /gelu: expected a floating-point tensor, got int32 of shape \[2\]/);
  assert.throws(() => f32([2]).to('float16' as 'float32'), /to: unknown dtype or backend 'float16'/);
});

test('errors: backward on a non-scalar without a gradient names the shape', () => {
  const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  assert.throws(() => x.mul(2).backward(), /backward: grad can be implicitly created only for scalar outputs; got shape \[2, 2\]/);
  assert.throws(() => fg.grad(x.mul(2), [x]), /grad: output of shape \[2, 2\] is not a scalar; pass gradOutputs/);
});

test('errors: backward on a tensor that does not require grad', () => {
  const y = tensor([1, 2]).sum();
  assert.throws(() => y.backward(), /backward: the tensor of shape \[\] does not require grad/);
  assert.throws(() => fg.grad(y, [y]), /grad: output 0 does not require grad/);
});

test('errors: backward twice without retainGraph names the op whose graph was freed', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.mul(x).sum();
  y.backward();
  assert.throws(() => y.backward(), /backward: trying to backward through the graph of 'sum' a second time; pass \{ retainGraph: true \}/);
});

test('errors: a gradient of the wrong shape is rejected, naming both shapes', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  assert.throws(() => x.mul(2).backward(tensor([1, 1])), /backward: gradient shape \[2\] does not match output shape \[3\]/);
});

test('errors: grad() of an input not in the graph', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const z = tensor([1, 2], { requiresGrad: true });
  assert.throws(() => fg.grad(x.sum(), [z]), /grad: input 0 was not used to compute the outputs/);
  const [g] = fg.grad(x.sum(), [z], { allowUnused: true });
  assert.deepEqual(Array.from(g.dataSync()), [0, 0]);
});

test('errors: matmul inner-dim mismatch names both shapes and the dims', () => {
  assert.throws(() => f32([2, 3]).matmul(f32([4, 2])), /matmul: shapes \[2, 3\] and \[4, 2\] cannot be multiplied \(3 vs 4\)/);
  assert.throws(() => f32([3]).matmul(f32([2])), /matmul: shapes \[3\] and \[2\] cannot be multiplied \(3 vs 2\)/);
  assert.throws(() => f32([2, 2, 3]).matmul(f32([3, 3, 2])), /matmul: shapes \[2\] and \[3\] cannot be broadcast/);
  assert.throws(() => f32([]).matmul(f32([2])), /matmul: both arguments need at least 1 dimension, got \[\] and \[2\]/);
  assert.throws(() => fg.bmm(f32([1, 2, 3]), f32([1, 2, 3])), /matmul: inner dimensions differ, \[1, 2, 3\] @ \[1, 2, 3\] \(3 vs 2\)/);
});

test('errors: reshape to an incompatible size names both shapes', () => {
  assert.throws(() => f32([2, 3]).reshape(4), /reshape: shape \[4\] is invalid for input of shape \[2, 3\] \(6 elements\)/);
  assert.throws(() => f32([2, 3]).reshape(4, -1), /reshape: shape \[4, -1\] is invalid for input of shape \[2, 3\]/);
  assert.throws(() => f32([2, 3]).view(-1, -1), /reshape: only one dimension can be -1, got \[-1, -1\]/);
  assert.throws(() => f32([2, 3]).reshape(2, 1.5), /reshape: invalid shape \[2, 1\.5\]/);
});

test('errors: permute with repeated or missing dims', () => {
  assert.throws(() => f32([2, 3]).permute(0, 0), /permute: dims \[0, 0\] repeat a dimension of shape \[2, 3\]/);
  assert.throws(() => f32([2, 3]).permute(1, -1), /permute: dims \[1, -1\] repeat a dimension of shape \[2, 3\]/);
  assert.throws(() => f32([2, 3]).permute(0), /permute: expected 2 dims for shape \[2, 3\], got \[0\]/);
});

test('errors: expand to an incompatible shape names both shapes', () => {
  assert.throws(() => f32([2, 3]).expand(4, 3), /expand: cannot expand shape \[2, 3\] to \[4, 3\] \(dim 0: 2 vs 4\)/);
  assert.throws(() => f32([2, 3]).expand(3), /expand: target \[3\] has fewer dims than input \[2, 3\]/);
  assert.throws(() => f32([1]).broadcastTo([-1, 2]), /expand: invalid target shape \[-1, 2\]/);
});

test('errors: narrow and slice out of range', () => {
  assert.throws(() => f32([2, 3]).narrow(1, 2, 2), /narrow: start 2 and length 2 are out of range for dim 1 of shape \[2, 3\]/);
  assert.throws(() => f32([2, 3]).narrow(0, -3, 1), /narrow: start -3 and length 1 are out of range for dim 0 of shape \[2, 3\]/);
  assert.throws(() => f32([4]).slice(0, 0, 4, 0), /slice: step must be a positive integer, got 0/);
  assert.throws(() => f32([4]).slice(0, 0, 4, -1), /slice: step must be a positive integer, got -1/);
});

test('errors: cat, stack, split and chunk with mismatched shapes or sizes', () => {
  assert.throws(() => fg.cat([f32([2, 3]), f32([2, 4])]), /cat: shapes \[2, 3\], \[2, 4\] must match except in dim 0/);
  assert.throws(() => fg.cat([f32([2, 3]), f32([3])], 1), /cat: shapes \[2, 3\], \[3\] must match except in dim 1/);
  assert.throws(() => fg.cat([]), /cat: expected a non-empty list of tensors/);
  assert.throws(() => fg.stack([f32([2]), f32([3])]), /stack: all tensors must have the same shape, got \[2\], \[3\]/);
  assert.throws(() => f32([5]).split([2, 2]), /split: sections \[2, 2\] do not sum to dim 0 of shape \[5\]/);
  assert.throws(() => f32([5]).split(0), /split: split size must be a positive integer, got 0/);
  assert.throws(() => f32([5]).chunk(0), /chunk: chunks must be a positive integer, got 0/);
});

test('errors: index ops reject out-of-range indices instead of reading garbage', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.throws(() => x.indexSelect(0, i32([0, 2])), /indexSelect: index 2 is out of range for dim 0 of size 2/);
  assert.throws(() => x.indexSelect(1, i32([-4])), /indexSelect: index -4 is out of range for dim 1 of size 3/);
  assert.throws(() => x.indexSelect(0, i32([0, 1], [1, 2])), /indexSelect: index must be 1-d, got shape \[1, 2\]/);
  assert.throws(() => x.gather(1, i32([3, 0], [2, 1])), /gather: index 3 is out of range for dim 1 of size 3/);
  assert.throws(() => x.scatterAdd(0, i32([0, 5], [1, 2]), tensor([[1, 1]])), /scatterAdd: index 5 is out of range for dim 0 of size 2/);
  assert.throws(() => x.indexAdd(0, i32([2]), tensor([[1, 1, 1]])), /indexAdd: index 2 is out of range for dim 0 of size 2/);
});

test('errors: index ops need int32 indices of matching rank', () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.throws(() => x.gather(1, tensor([[0, 0], [1, 0]])), /gather: index must be int32, got float32 of shape \[2, 2\]/);
  assert.throws(() => x.indexSelect(0, tensor([0])), /indexSelect: index must be int32, got float32 of shape \[1\]/);
  assert.throws(() => x.gather(0, i32([0, 1])), /gather: index rank 1 must equal input rank 2 \(input \[2, 2\], index \[2\]\)/);
  assert.throws(() => x.gather(0, i32([0, 0, 0], [1, 3])), /gather: index shape \[1, 3\] exceeds input shape \[2, 2\] at dim 1/);
  assert.throws(() => x.scatterAdd(0, i32([0, 1], [1, 2]), tensor([[1]])), /scatterAdd: src shape \[1, 1\] must cover index shape \[1, 2\]/);
  assert.throws(
    () => x.indexAdd(0, i32([0]), tensor([[1, 1, 1]])),
    /indexAdd: source shape \[1, 3\] must be \[1, 2\] for input \[2, 2\], dim 0 and index of length 1/,
  );
});

test('errors: pad amounts that the mode cannot honour', () => {
  const x = tensor([[1, 2, 3]]);
  assert.throws(() => x.pad([3, 0], 'reflect'), /pad: reflect padding \[3, 0\] must be smaller than dim 1 of size 3 \(input \[1, 3\]\)/);
  assert.throws(() => x.pad([0, 1, 1, 0], 'reflect'), /pad: reflect padding \[1, 0\] must be smaller than dim 0 of size 1 \(input \[1, 3\]\)/);
  assert.throws(() => x.pad([4, 0], 'circular'), /pad: circular padding \[4, 0\] is invalid for dim 1 of size 3 \(input \[1, 3\]\)/);
  assert.throws(() => x.pad([-1, 0], 'replicate'), /pad: negative padding \[-1, 0\] is only supported in constant mode/);
  assert.throws(() => x.pad([1]), /pad: pad list of length 1 is invalid for input of shape \[1, 3\]/);
  assert.throws(() => x.pad([1, 1, 1, 1, 1, 1]), /pad: pad list of length 6 is invalid for input of shape \[1, 3\]/);
  assert.throws(() => x.pad([-2, -2]), /pad: cropping \[2, 2\] exceeds dim 1 of shape \[1, 3\]/);
  assert.throws(() => x.pad([1, 1], 'reflect', 5), /pad: value is only used in constant mode, got mode 'reflect'/);
});

test('errors: clamp with min > max or no bounds', () => {
  assert.throws(() => tensor([1, 2]).clamp(2, 1), /clamp: min 2 is greater than max 1/);
  assert.throws(() => tensor([1, 2]).clamp(), /clamp: at least one of min and max must be given/);
});

test('errors: activations with bad parameters', () => {
  assert.throws(() => fg.prelu(f32([2, 3]), f32([2])), /prelu: weight of 2 slopes does not match the channel dim of input \[2, 3\]/);
  assert.throws(() => fg.prelu(f32([2, 3]), f32([3, 1])), /prelu: weight must be 0-d or 1-d, got shape \[3, 1\]/);
});

test('errors: requiresGrad on an int32 tensor', () => {
  const x = i32([1, 2]);
  assert.throws(() => {
    x.requiresGrad = true;
  }, /requiresGrad: only floating-point tensors can require gradients, got int32 of shape \[2\]/);
  assert.throws(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true }), /requiresGrad: only floating-point tensors can require gradients, got int32/);
  const y = tensor([1], { requiresGrad: true }).mul(2);
  assert.throws(() => {
    y.requiresGrad = false;
  }, /requiresGrad: cannot turn off requiresGrad on a non-leaf tensor; use detach\(\)/);
});

test('errors: ragged nested arrays in tensor()', () => {
  assert.throws(() => tensor([[1, 2], [3]]), /tensor: ragged nested array; expected length 2 at depth 1 for shape \[2, 2\]/);
  assert.throws(() => tensor([[1, 2], 3] as never), /tensor: ragged nested array; expected length 2 at depth 1 for shape \[2, 2\]/);
  assert.throws(() => tensor([1, [2]] as never), /tensor: ragged nested array \(expected a number at depth 1\)/);
});

test('errors: shape and data length mismatch in tensor()', () => {
  assert.throws(() => tensor(new Float32Array(5), { shape: [2, 3] }), /tensor: shape \[2, 3\] needs 6 values, got 5/);
  assert.throws(() => tensor([1, 2, 3, 4], { shape: [3] }), /tensor: shape \[3\] needs 3 values, got 4/);
  assert.throws(() => tensor(new Float32Array(2), { shape: [-1, -2] }), /tensor: invalid shape \[-1, -2\]/);
  assert.throws(() => zeros([2, 1.5]), /full: invalid shape \[2, 1\.5\]/);
});

test('errors: item() on a multi-element tensor names the shape', () => {
  assert.throws(() => tensor([1, 2]).item(), /item: tensor of shape \[2\] has 2 elements, expected 1/);
  assert.throws(() => zeros([0]).item(), /item: tensor of shape \[0\] has 0 elements, expected 1/);
});

test('errors: creation functions with bad arguments', () => {
  assert.throws(() => fg.arange(0, 5, 0), /arange: step must be a non-zero finite number, got 0/);
  assert.throws(() => fg.linspace(0, 1, -1), /linspace: steps must be a non-negative integer, got -1/);
  assert.throws(() => fg.randint(3, 3, [2]), /randint: need integers low < high, got 3 and 3/);
  assert.throws(() => fg.randint(0, 2.5, [2]), /randint: need integers low < high, got 0 and 2\.5/);
  assert.throws(() => fg.rand([2, -1]), /rand: invalid shape \[2, -1\]/);
  assert.throws(() => fg.manualSeed(NaN), /manualSeed: seed must be a finite number, got NaN/);
  assert.throws(() => new Generator(1).setState([1, 2, 3]), /Generator\.setState: expected 5 numbers, got 3/);
});

test('errors: a disposed tensor cannot be read or used', () => {
  const x = tensor([1, 2]);
  x.dispose();
  assert.throws(() => x.dataSync(), /tensor of shape \[2\] was used after dispose\(\)/);
  assert.throws(() => x.add(1), /tensor of shape \[2\] was used after dispose\(\)/);
});

test('errors: mixing backends names the op and where each tensor lives [webgpu]', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const a = tensor([1, 2], { backend: 'cpu' });
  const b = tensor([1, 2], { backend: 'webgpu' });
  assert.throws(() => a.add(b), /add: all tensors must be on the same backend, got \[2\] on cpu, \[2\] on webgpu; move them with \.to\(backend\) first/);
  assert.throws(() => fg.cat([a, b]), /cat: all tensors must be on the same backend, got \[2\] on cpu, \[2\] on webgpu/);
  assert.throws(() => fg.matmul(a, b), /matmul: all tensors must be on the same backend/);
  assert.throws(() => tensor([1, 2], { backend: 'webgpu', dtype: 'float64' }), /tensor: backend 'webgpu' does not support dtype float64/);
});

test('errors: dataSync and item on webgpu say to use the async reads [webgpu]', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const x = tensor([1, 2], { backend: 'webgpu' });
  assert.throws(() => x.dataSync(), /dataSync: backend 'webgpu' reads asynchronously; use `await tensor\.data\(\)`/);
  assert.throws(() => x.sum().item(), /dataSync: backend 'webgpu' reads asynchronously/);
  assert.throws(() => x.to('cpu'), /to: reading from 'webgpu' is asynchronous; use `await tensor\.toAsync\('cpu'\)`/);
});
