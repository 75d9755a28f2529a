// The optimizers and lr schedulers against PyTorch 1.13 (fixtures written by fixtures/make_optim_fixtures.py):
// every optimizer case's 20-step parameter trajectory on the float64 regression on cpu, one Adam trajectory on
// webgpu in float32, and every scheduler's lr sequence over two parameter groups.

import { test } from 'node:test';
import { lrScheduler, optim, tensor } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { optimizerFor, readFixture, regression, trajectory, type OptimFixture } from './regression.js';

const FILES = ['sgd', 'adam', 'adamw', 'rmsprop', 'adadelta', 'adagrad'];

for (const file of FILES) {
  const fixture = readFixture<OptimFixture>(`${file}.json`);
  for (const c of fixture.cases) {
    test(`${fixture.optimizer} ${c.name} [cpu float64] follows PyTorch's trajectory`, async () => {
      const r = regression();
      const got = await trajectory(optimizerFor(fixture.optimizer, c, r), r, c.trajectory.length);
      got.forEach((params, i) => assertClose(params, c.trajectory[i], TOL.torchFixture64, `${fixture.optimizer} ${c.name}, parameters after step ${i + 1}`));
    });
  }
}

test('Adam lr-0.1 [webgpu float32] follows PyTorch float64 trajectory', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const fixture = readFixture<OptimFixture>('adam.json');
  const c = fixture.cases.find((x) => x.name === 'lr-0.1')!;
  const r = regression('webgpu', 'float32');
  const opt = optimizerFor('Adam', c, r);
  const got = await trajectory(opt, r, c.trajectory.length);
  got.forEach((params, i) => assertClose(params, c.trajectory[i], TOL.optimWebgpuFloat32, `Adam on webgpu, parameters after step ${i + 1}`));
  const state = opt.stateDict().state[0] as optim.AdamState;
  if (state.exp_avg.backend.name !== 'webgpu') throw new Error(`Adam state lives on ${state.exp_avg.backend.name}, not on the parameter's webgpu`);
});

interface SchedulerCase {
  readonly name: string;
  readonly options: object;
  /** Both groups' lrs after construction, then after each step. */
  readonly lrs: readonly (readonly number[])[];
}

const SCHEDULERS: Record<string, (opt: optim.Optimizer, options: object) => { getLastLr(): number[] }> = {
  StepLR: (opt, o) => new lrScheduler.StepLR(opt, o as lrScheduler.StepLROptions),
  MultiStepLR: (opt, o) => new lrScheduler.MultiStepLR(opt, o as lrScheduler.MultiStepLROptions),
  ExponentialLR: (opt, o) => new lrScheduler.ExponentialLR(opt, o as lrScheduler.ExponentialLROptions),
  CosineAnnealingLR: (opt, o) => new lrScheduler.CosineAnnealingLR(opt, o as lrScheduler.CosineAnnealingLROptions),
  LinearLR: (opt, o) => new lrScheduler.LinearLR(opt, o as lrScheduler.LinearLROptions),
  ReduceLROnPlateau: (opt, o) => new lrScheduler.ReduceLROnPlateau(opt, o as lrScheduler.ReduceLROnPlateauOptions),
};

const schedulers = readFixture<{ metrics: number[]; cases: SchedulerCase[] }>('schedulers.json');
for (const c of schedulers.cases) {
  test(`${c.name} ${JSON.stringify(c.options)} gives PyTorch's lr sequence`, () => {
    const p = tensor([0], { dtype: 'float64', requiresGrad: true });
    const q = tensor([0], { dtype: 'float64', requiresGrad: true });
    const opt = new optim.SGD([{ params: [p] }, { params: [q], lr: 0.2 }], { lr: 0.1 });
    const sched = SCHEDULERS[c.name](opt, c.options);
    const lrs = [opt.paramGroups.map((g) => g.lr)];
    for (let i = 0; i < c.lrs.length - 1; i++) {
      p.grad = tensor([1], { dtype: 'float64' });
      q.grad = tensor([1], { dtype: 'float64' });
      opt.step();
      if (sched instanceof lrScheduler.ReduceLROnPlateau) sched.step(schedulers.metrics[i]);
      else if (sched instanceof lrScheduler.LRScheduler) sched.step();
      lrs.push(opt.paramGroups.map((g) => g.lr));
      assertClose(sched.getLastLr(), lrs[lrs.length - 1], TOL.exact, `${c.name} getLastLr() after step ${i + 1}`);
    }
    lrs.forEach((l, i) => assertClose(l, c.lrs[i], TOL.torchFixture64, `${c.name} lrs after ${i} steps`));
  });
}
