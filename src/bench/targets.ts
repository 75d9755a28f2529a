// The target measurements, as one list of cases with stable ids, names and FLOP counts: framegrad's
// targets suite, the TensorFlow.js comparator and the PyTorch script's JSON all key on it, so each comparator's
// row lands beside framegrad's row for the same work.

/** Every target case, in table order. */
export const TARGET_IDS = ['matmul', 'conv-forward', 'conv-input-grad', 'conv-filter-grad', 'convlstm-step'] as const;
export type TargetId = (typeof TARGET_IDS)[number];

/** The shapes the targets are measured at (tests use tiny ones). */
export interface TargetShapes {
  /** Side of the square float32 matmul. */
  readonly matmul: number;
  /** conv2d k x k, channels -> channels, stride 1, padding (k - 1) / 2, on [batch, channels, side, side]. */
  readonly conv: { readonly batch: number; readonly channels: number; readonly side: number; readonly kernel: number };
  /**
   * The stacked ConvLSTM next-frame model (the convlstm task): `layers` x [ConvLSTM2D(filters, kernel) + batch
   * norm] + a causal 3x3x3 Conv3D head + sigmoid, trained with binary cross-entropy on a clip of frames + 1
   * frames (output t predicts frame t + 1), one Adam step.
   */
  readonly convlstm: {
    readonly layers: number;
    readonly filters: number;
    readonly kernel: number;
    readonly batch: number;
    readonly frames: number;
    readonly channels: number;
    readonly side: number;
  };
}

/** The Conv3D head's cubic kernel (the convlstm task's default). */
export const HEAD_KERNEL = 3;

/** The sizes. */
export const TARGET_SHAPES: TargetShapes = {
  matmul: 1024,
  conv: { batch: 1, channels: 64, side: 128, kernel: 3 },
  convlstm: { layers: 3, filters: 40, kernel: 3, batch: 8, frames: 10, channels: 1, side: 40 },
};

export interface TargetSpec {
  readonly id: TargetId;
  readonly name: string;
  readonly flop: number;
}

/** One conv pass (forward, input gradient or filter gradient: each is the same multiply-add count). */
export function convPassFlop(s: TargetShapes['conv']): number {
  return 2 * s.batch * s.channels * s.channels * s.kernel ** 2 * s.side ** 2;
}

/**
 * The ConvLSTM step's convolution work: per frame and layer the input conv (Cin -> 4F) and the recurrent conv
 * (F -> 4F), plus the Conv3D head, counted three times (forward, input and filter gradients), less the input
 * gradients nobody needs (of the clip, and of each layer's zero initial state). Batch norm, the gates, the loss and
 * Adam are elementwise and not counted.
 */
export function convlstmStepFlop(s: TargetShapes['convlstm']): number {
  const pixels = s.batch * s.side ** 2;
  let forward = 0;
  for (let l = 0; l < s.layers; l++) {
    const cin = l === 0 ? s.channels : s.filters;
    forward += s.frames * 2 * pixels * 4 * s.filters * (cin + s.filters) * s.kernel ** 2;
  }
  forward += s.frames * 2 * pixels * s.channels * s.filters * HEAD_KERNEL ** 3;
  const clipGradient = s.frames * 2 * pixels * 4 * s.filters * s.channels * s.kernel ** 2;
  const zeroStateGradients = s.layers * 2 * pixels * 4 * s.filters * s.filters * s.kernel ** 2;
  return 3 * forward - clipGradient - zeroStateGradients;
}

/** The cases at `shapes`, named by their shapes. */
export function targetSpecs(shapes: TargetShapes = TARGET_SHAPES): TargetSpec[] {
  const { conv: c, convlstm: r, matmul: n } = shapes;
  const conv = `conv2d ${c.kernel}x${c.kernel} ${c.channels}->${c.channels} [${c.batch},${c.channels},${c.side},${c.side}]`;
  const clip = `[${r.batch},${r.frames},${r.channels},${r.side},${r.side}]`;
  return [
    { id: 'matmul', name: `matmul ${n}x${n}x${n}`, flop: 2 * n ** 3 },
    { id: 'conv-forward', name: `${conv} forward`, flop: convPassFlop(c) },
    { id: 'conv-input-grad', name: `${conv} input grad`, flop: convPassFlop(c) },
    { id: 'conv-filter-grad', name: `${conv} filter grad`, flop: convPassFlop(c) },
    { id: 'convlstm-step', name: `ConvLSTM ${r.layers}x${r.filters} train step ${clip} Adam`, flop: convlstmStepFlop(r) },
  ];
}

/** What the ConvLSTM step computes, and its FLOP estimate, for the line under the targets table. */
export function convlstmStepNote(s: TargetShapes['convlstm'] = TARGET_SHAPES.convlstm): string {
  const clip = `[${s.batch},${s.frames + 1},${s.channels},${s.side},${s.side}]`;
  return (
    `ConvLSTM train step: the convlstm task at ${s.layers} x [ConvLSTM2D(${s.filters}, ${s.kernel}x${s.kernel}) + BatchNorm] + causal ` +
    `${HEAD_KERNEL}x${HEAD_KERNEL}x${HEAD_KERNEL} Conv3D head + sigmoid; binary cross-entropy of outputs 1..${s.frames} against frames ` +
    `2..${s.frames + 1} of a random ${clip} clip; backward; one Adam step. ~${(convlstmStepFlop(s) / 1e9).toFixed(0)} GFLOP of ` +
    'convolution (forward + both gradients; elementwise work not counted)'
  );
}
