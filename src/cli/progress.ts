// The live progress line of `framegrad train`: epoch, a bar, loss, samples/s and ETA, redrawn in place on a
// terminal and printed every few steps otherwise (logs, CI).

import type { StepInfo } from '../training/trainer.js';

const BAR = 24;

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export class ProgressLine {
  private rate = 0;
  private secondsPerStep = NaN;
  private last = performance.now();
  private lastPrinted = 0;

  constructor(
    private readonly epochs: number,
    private readonly maxSteps: number | undefined,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(info: StepInfo): void {
    const now = performance.now();
    const elapsed = (now - this.last) / 1000;
    this.last = now;
    // Exponential smoothing keeps the rate and ETA steady across uneven steps.
    this.rate = this.rate === 0 ? info.samplesPerSecond : 0.8 * this.rate + 0.2 * info.samplesPerSecond;
    this.secondsPerStep = Number.isNaN(this.secondsPerStep) ? elapsed : 0.8 * this.secondsPerStep + 0.2 * elapsed;
    const total = Math.min(this.epochs * info.stepsPerEpoch, this.maxSteps ?? Infinity);
    const stepsLeft = total - info.globalStep;
    const filled = Math.round((BAR * info.stepInEpoch) / info.stepsPerEpoch);
    const line =
      `epoch ${info.epoch + 1}/${this.epochs} [${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${info.stepInEpoch}/${info.stepsPerEpoch}` +
      `  loss ${info.loss.toPrecision(4)}  ${this.rate.toFixed(1)} samples/s  ETA ${clock(stepsLeft * this.secondsPerStep)}`;
    if (this.out.isTTY) this.out.write(`\r${line}\x1b[K`);
    else if (info.globalStep - this.lastPrinted >= 10 || stepsLeft === 0) {
      this.out.write(`${line}\n`);
      this.lastPrinted = info.globalStep;
    }
  }

  /** Ends the in-place line before other output. */
  break(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
