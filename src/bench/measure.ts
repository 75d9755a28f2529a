// The one timing loop every benchmark suite shares: warm-up runs, then timed runs until a time budget is spent
// (or a fixed count), summarised by the median and the interquartile range. It ships with the CLI, so it
// depends on nothing outside the library.

export interface MeasureOptions {
  /** Keep timing until this many milliseconds have been spent (after at least `minIterations` runs). */
  readonly timeMs: number;
  /** Exactly this many timed runs, ignoring `timeMs`. */
  readonly iterations?: number;
  /** Untimed runs first (pipelines compile, pools and optimizer state fill). */
  readonly warmup: number;
  /** The fewest timed runs when `iterations` is not given. */
  readonly minIterations: number;
  /**
   * A step whose first warm-up run takes longer than this many milliseconds is timed by that one run alone (for
   * comparators' kernels that take minutes, such as TensorFlow.js's cpu conv filter gradient).
   */
  readonly slowMs?: number;
}

export interface Timing {
  readonly medianMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
  readonly samples: number;
}

/** The q-quantile of sorted values, linearly interpolated. */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Times `step`, which must resolve only once its results are read back (so GPU time counts). */
export async function measure(step: () => Promise<void>, options: MeasureOptions): Promise<Timing> {
  for (let i = 0; i < options.warmup; i++) {
    const t0 = performance.now();
    await step();
    const ms = performance.now() - t0;
    if (i === 0 && options.slowMs !== undefined && ms > options.slowMs) return { medianMs: ms, p25Ms: ms, p75Ms: ms, samples: 1 };
  }
  const samples: number[] = [];
  const started = performance.now();
  const more = (): boolean =>
    options.iterations !== undefined
      ? samples.length < options.iterations
      : samples.length < options.minIterations || performance.now() - started < options.timeMs;
  while (more()) {
    const t0 = performance.now();
    await step();
    samples.push(performance.now() - t0);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: quantile(sorted, 0.5), p25Ms: quantile(sorted, 0.25), p75Ms: quantile(sorted, 0.75), samples: sorted.length };
}
