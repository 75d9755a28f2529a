// `framegrad train <model>`: builds (or resumes) a run, trains with a live progress line, validates and writes
// an atomic checkpoint each epoch, and on Ctrl-C saves a checkpoint before exiting.

import { setBackend } from '../../backends/registry.js';
import type { BackendName } from '../../backends/types.js';
import { loadTrainingCheckpoint, saveTrainingCheckpoint } from '../../node/training-files.js';
import { defaultGenerator, manualSeed } from '../../tensor/random.js';
import type { CheckpointMeta } from '../../training/checkpoint.js';
import {
  OPTIMIZERS, SCHEDULERS, createOptimizer, createScheduler, parseChoice, type OptimizerName, type SchedulerName,
} from '../../training/optimizer-factory.js';
import { getTask } from '../../training/tasks/index.js';
import { train, type TrainOutcome, type TrainProgress } from '../../training/trainer.js';
import { openData } from '../datasets.js';
import { ProgressLine } from '../progress.js';

export interface TrainFlags {
  readonly data: string;
  readonly backend: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly optimizer: string;
  readonly scheduler: string;
  readonly seed: number;
  readonly maxSteps?: number;
  readonly out: string;
  readonly resume?: boolean;
  readonly full?: boolean;
  readonly trainSize?: number;
  readonly testSize?: number;
  readonly size?: number;
  readonly inputFrames?: number;
  readonly outputFrames?: number;
  /** Wall-clock budget; training stops (with a checkpoint) once it is spent. Not part of the run's identity. */
  readonly maxMinutes?: number;
}

/** The options a run is defined by, kept in its checkpoints so --resume rebuilds the same run. */
interface RunOptions {
  data: string;
  backend: BackendName;
  epochs: number;
  batchSize: number;
  lr: number;
  optimizer: OptimizerName;
  scheduler: SchedulerName;
  seed: number;
  full: boolean;
  trainSize?: number;
  testSize?: number;
  size?: number;
  inputFrames?: number;
  outputFrames?: number;
}

function positiveInteger(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new Error(`--${name} must be a positive integer, got ${value}`);
}

function runOptions(flags: TrainFlags): RunOptions {
  positiveInteger('epochs', flags.epochs);
  positiveInteger('batch-size', flags.batchSize);
  positiveInteger('max-steps', flags.maxSteps);
  positiveInteger('train-size', flags.trainSize);
  positiveInteger('test-size', flags.testSize);
  positiveInteger('input-frames', flags.inputFrames);
  positiveInteger('output-frames', flags.outputFrames);
  if (!(flags.lr > 0)) throw new Error(`--lr must be a positive number, got ${flags.lr}`);
  return {
    data: flags.data,
    backend: parseChoice('backend', flags.backend, ['cpu', 'webgpu'] as const),
    epochs: flags.epochs,
    batchSize: flags.batchSize,
    lr: flags.lr,
    optimizer: parseChoice('optimizer', flags.optimizer, OPTIMIZERS),
    scheduler: parseChoice('scheduler', flags.scheduler, SCHEDULERS),
    seed: flags.seed,
    full: flags.full ?? false,
    trainSize: flags.trainSize,
    testSize: flags.testSize,
    size: flags.size,
    inputFrames: flags.inputFrames,
    outputFrames: flags.outputFrames,
  };
}

export async function trainCommand(modelName: string, flags: TrainFlags): Promise<TrainOutcome> {
  const task = getTask(modelName);
  const previous = flags.resume ? await loadTrainingCheckpoint(flags.out) : null;
  if (previous && previous.meta.model !== modelName) {
    throw new Error(`--resume: the checkpoint in '${flags.out}' is of model '${previous.meta.model}', not '${modelName}'`);
  }
  // A resumed run keeps its recorded options; only the length of the run may change.
  const options = runOptions(previous ? { ...flags, ...(previous.meta.training as Partial<TrainFlags>), epochs: flags.epochs } : flags);
  await setBackend(options.backend);
  manualSeed(options.seed);
  const data = await openData(options.data, { ...options });
  const config = previous?.meta.config ?? task.configFor(data.frames, options.full ? 'full' : 'small');
  const model = task.create(config);
  const optimizer = createOptimizer(options.optimizer, model, options.lr);
  const scheduler = createScheduler(options.scheduler, optimizer, options.lr, options.epochs);
  const progress: TrainProgress = previous ? { ...previous.meta.progress } : { epoch: 0, stepInEpoch: 0, globalStep: 0 };
  const history: CheckpointMeta['history'] = previous ? [...previous.meta.history] : [];
  if (previous) {
    model.loadStateDict(previous.modelState);
    if (previous.optimizerState) optimizer.loadStateDict(previous.optimizerState);
    if (scheduler && previous.meta.scheduler) scheduler.loadStateDict(previous.meta.scheduler);
    defaultGenerator.setState(previous.meta.generator);
  }
  const save = async (): Promise<string> =>
    saveTrainingCheckpoint(
      flags.out,
      {
        model: modelName,
        config,
        frames: data.frames,
        training: { ...options },
        progress: { ...progress },
        scheduler: scheduler?.stateDict() ?? null,
        generator: defaultGenerator.getState(),
        history,
      },
      model,
      optimizer,
    );

  let interrupted = false;
  const onSigint = (): void => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  const bar = new ProgressLine(options.epochs, flags.maxSteps);
  const deadline = flags.maxMinutes === undefined ? Infinity : performance.now() + flags.maxMinutes * 60_000;
  console.error(
    `training ${modelName} (${model.parameterCount().toLocaleString('en-US')} parameters) on ${options.data} ` +
      `[${data.frames.inputFrames} -> ${data.frames.outputFrames} frames of ${data.frames.channels}x${data.frames.height}x${data.frames.width}] with ${options.backend}`,
  );
  try {
    const outcome = await train(
      { task, model, optimizer, scheduler, trainSet: data.train, validationSet: data.test, epochs: options.epochs, maxSteps: flags.maxSteps },
      progress,
      {
        onStep: (info) => bar.update(info),
        onEpochEnd: async (info) => {
          bar.break();
          history.push(info);
          const path = await save();
          console.error(`epoch ${info.epoch}: train loss ${info.trainLoss.toPrecision(4)}, validation loss ${info.validationLoss?.toPrecision(4) ?? '-'} (saved ${path})`);
        },
        shouldStop: () => interrupted || performance.now() > deadline,
      },
    );
    if (outcome !== 'finished') {
      bar.break();
      const path = await save();
      const why = outcome === 'max-steps' ? `after ${progress.globalStep} steps` : interrupted ? 'on interrupt' : 'at the time limit';
      console.error(`stopped ${why}; checkpoint saved to ${path}`);
    }
    return outcome;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
