// A first runnable program: fits a tiny two-layer network to y = sin(x) with autograd and plain SGD on the
// default backend (cpu, or webgpu with FRAMEGRAD_BACKEND=webgpu), printing the loss as it falls.

import { type BackendName, manualSeed, noGrad, randn, setBackend, linspace, type Tensor } from '../src/index.js';

const backend = (process.env.FRAMEGRAD_BACKEND ?? 'cpu') as BackendName;
await setBackend(backend);
manualSeed(0);

const x = linspace(-3, 3, 128).reshape([128, 1]);
const y = x.sin();
const hidden = 32;
const params: Tensor[] = [
  randn([1, hidden], { requiresGrad: true }),
  randn([hidden], { requiresGrad: true }),
  randn([hidden, 1], { requiresGrad: true }),
  randn([1], { requiresGrad: true }),
];
noGrad(() => {
  params[2] = params[2].mul(0.1).detach().requiresGrad_();
});

const lr = 0.05;
for (let step = 0; step <= 2000; step++) {
  const [w1, b1, w2, b2] = params;
  const prediction = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
  const loss = prediction.sub(y).square().mean();
  loss.backward();
  noGrad(() => {
    params.forEach((p, i) => {
      params[i] = p.sub(p.grad!.mul(lr)).requiresGrad_();
    });
  });
  if (step % 400 === 0) console.log(`step ${String(step).padStart(4)}  loss ${(await loss.itemAsync()).toFixed(5)}  (${backend})`);
}
process.exit(0);
