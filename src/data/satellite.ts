// Synthetic satellite-like sequences for training IAM4VP's cloudcasting configuration at small size (the real
// data is 11 channels of OCF satellite imagery in [0, 1]; iam4vp.md §9). A "weather" of a few periodic Fourier
// modes is advected by one wind per clip, with a slow random phase drift per mode so the field also evolves; every
// channel sees the same modes with its own weights, gain and offset through a sigmoid, so channels are correlated
// like spectral bands and values stay in (0, 1). Modes are periodic on the canvas, so advection wraps seamlessly.

import type { Generator } from '../tensor/random.js';
import { type Clip, checkDims, emptyClip, splitClip } from './clip.js';
import { ClipDataset, type LoaderOptions, type Split } from './clip-dataset.js';
import { STREAM, TEST_SPLIT_SEED, generatorFor } from './seeds.js';

export interface SatelliteConfig extends LoaderOptions {
  /** Default 'train'. */
  readonly split?: Split;
  /** Clips per split. Default 512 (train), 64 (test). */
  readonly size?: number;
  /** Channels per frame. Default 11 (the cloudcasting seed's satellite channels). */
  readonly channels?: number;
  /** Default 32. */
  readonly height?: number;
  /** Default 32. */
  readonly width?: number;
  /** Input frames. Default 12 (the seed's history). */
  readonly historyFrames?: number;
  /** Target frames. Default 6 (the seed's forecast). */
  readonly futureFrames?: number;
  /** Fourier modes in the field. Default 6. */
  readonly modes?: number;
  /** Largest wind speed, pixels per frame. Default 1. */
  readonly maxSpeed?: number;
  /** Standard deviation of each mode's phase drift, radians per frame (0: pure advection). Default 0.05. */
  readonly evolution?: number;
}

/** Everything drawn for one clip. */
export interface Weather {
  readonly height: number;
  readonly width: number;
  /** Wind, pixels per frame along rows and columns. */
  readonly windRow: number;
  readonly windCol: number;
  /** Per mode: integer wave numbers over the canvas, amplitude, phase, phase drift per frame. */
  readonly modes: readonly { readonly kRow: number; readonly kCol: number; readonly amplitude: number; readonly phase: number; readonly drift: number }[];
  /** Per channel: weight of each mode, gain and offset before the sigmoid. */
  readonly bands: readonly { readonly weights: readonly number[]; readonly gain: number; readonly offset: number }[];
}

interface WeatherSpec {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly modes: number;
  readonly maxSpeed: number;
  readonly evolution: number;
}

export function drawWeather(gen: Generator, spec: WeatherSpec): Weather {
  const speed = spec.maxSpeed * Math.sqrt(gen.uniform());
  const heading = gen.uniform() * 2 * Math.PI;
  const modes = Array.from({ length: spec.modes }, () => {
    let kRow = 0;
    let kCol = 0;
    while (kRow === 0 && kCol === 0) [kRow, kCol] = [gen.integer(-3, 4), gen.integer(-3, 4)];
    const amplitude = (0.5 + gen.uniform()) / Math.hypot(kRow, kCol);
    return { kRow, kCol, amplitude, phase: gen.uniform() * 2 * Math.PI, drift: gen.normal() * spec.evolution };
  });
  const norm = Math.sqrt(modes.reduce((s, m) => s + m.amplitude * m.amplitude, 0) / 2);
  const bands = Array.from({ length: spec.channels }, () => ({
    weights: modes.map(() => (1 + 0.3 * gen.normal()) / norm),
    gain: 1.5 + 2 * gen.uniform(),
    offset: gen.uniform() - 0.5,
  }));
  return { height: spec.height, width: spec.width, windRow: speed * Math.sin(heading), windCol: speed * Math.cos(heading), modes, bands };
}

/** amplitude * cos(phase) of every mode at a (possibly fractional) pixel and time. */
function modeTerms(w: Weather, row: number, col: number, t: number, out: Float64Array): Float64Array {
  const [y, x] = [row - w.windRow * t, col - w.windCol * t];
  for (let k = 0; k < w.modes.length; k++) {
    const m = w.modes[k];
    out[k] = m.amplitude * Math.cos(2 * Math.PI * ((m.kRow * y) / w.height + (m.kCol * x) / w.width) + m.phase + m.drift * t);
  }
  return out;
}

function bandValue(w: Weather, channel: number, terms: Float64Array): number {
  const band = w.bands[channel];
  let s = 0;
  for (let k = 0; k < terms.length; k++) s += band.weights[k] * terms[k];
  return 1 / (1 + Math.exp(-(band.gain * s + band.offset)));
}

/** The field of `channel` at a (possibly fractional) pixel and time: the continuous function frames sample. */
export const weatherAt = (w: Weather, channel: number, row: number, col: number, t: number): number =>
  bandValue(w, channel, modeTerms(w, row, col, t, new Float64Array(w.modes.length)));

/** Frames 0..frames-1 as a [frames, channels, height, width] clip. */
export function renderWeather(w: Weather, frames: number): Clip {
  const channels = w.bands.length;
  const clip = emptyClip(frames, channels, w.height, w.width);
  const terms = new Float64Array(w.modes.length);
  for (let t = 0; t < frames; t++) {
    for (let r = 0; r < w.height; r++) {
      for (let q = 0; q < w.width; q++) {
        modeTerms(w, r, q, t, terms);
        for (let c = 0; c < channels; c++) clip.data[((t * channels + c) * w.height + r) * w.width + q] = bandValue(w, c, terms);
      }
    }
  }
  return clip;
}

/** Examples of input [12, 11, 32, 32] and target [6, 11, 32, 32] (with the defaults). */
export function satellite(config: SatelliteConfig = {}): ClipDataset {
  const split = config.split ?? 'train';
  const spec: WeatherSpec = {
    channels: config.channels ?? 11,
    height: config.height ?? 32,
    width: config.width ?? 32,
    modes: config.modes ?? 6,
    maxSpeed: config.maxSpeed ?? 1,
    evolution: config.evolution ?? 0.05,
  };
  const history = config.historyFrames ?? 12;
  const future = config.futureFrames ?? 6;
  if (!Number.isInteger(spec.modes) || spec.modes < 1) throw new Error(`satellite: modes must be a positive integer, got ${spec.modes}`);
  if (!Number.isInteger(history) || history < 1 || !Number.isInteger(future) || future < 1) {
    throw new Error(`satellite: historyFrames and futureFrames must be positive integers, got ${history} and ${future}`);
  }
  checkDims('satellite', { channels: spec.channels, height: spec.height, width: spec.width });
  const contentSeed = split === 'test' ? TEST_SPLIT_SEED : config.seed ?? 0;
  const read = (index: number) => {
    const gen = generatorFor(contentSeed, STREAM.content, split === 'test' ? 1 : 0, index);
    return splitClip(renderWeather(drawWeather(gen, spec), history + future), history);
  };
  return new ClipDataset('satellite', config.size ?? (split === 'test' ? 64 : 512), read, config, split);
}
