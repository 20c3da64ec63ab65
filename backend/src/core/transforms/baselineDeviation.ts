import type { Mts } from '../types';

/**
 * How a diagnosed window is read against the baseline just before it: each feature becomes
 * `clip((x − mean) / scale)`, with `mean` and `scale` from the baseline and
 * `scale = max(sd, minRelativeSd × |mean|, minSd)`.
 */
export interface BaselineDeviationOptions {
  /** Largest deviation kept, in baseline scales (values beyond ±clip are set to ±clip). */
  readonly clip: number;
  /** Absolute floor on the scale: a metric flat at 0 during the baseline (no errors, no restarts). */
  readonly minSd: number;
  /** Floor relative to the baseline level: a steady metric (memory bytes) barely moves between scrapes. */
  readonly minRelativeSd: number;
}

/**
 * The settings the study measured best on the shop fixture (docs/study.md, "Scaling"): a clip of 50 keeps the
 * magnitude that separates a fault from its knock-on effects (the live builder's ±10 flattens a dead service's
 * callers' error ratio and a busy neighbour's CPU to the same value), and a floor of 1e-3 keeps a flat-at-zero
 * metric's first errors from reaching the clip at once.
 */
export const STUDY_BASELINE_DEVIATION: BaselineDeviationOptions = { clip: 50, minSd: 1e-3, minRelativeSd: 0.05 };

/** The live instance builder's settings (backend `buildInstance`: ±10, 5 % of the mean, 1e-9). */
export const LIVE_BASELINE_DEVIATION: BaselineDeviationOptions = { clip: 10, minSd: 1e-9, minRelativeSd: 0.05 };

/** Throws a `RangeError` naming the bad field. */
export function assertBaselineDeviationOptions(options: BaselineDeviationOptions): void {
  if (!(options.clip > 0) || !Number.isFinite(options.clip)) {
    throw new RangeError(`clip must be a positive finite number of baseline scales, got ${options.clip}`);
  }
  for (const name of ['minSd', 'minRelativeSd'] as const) {
    if (!(options[name] >= 0) || !Number.isFinite(options[name])) {
      throw new RangeError(`${name} must be a finite number ≥ 0, got ${options[name]}`);
    }
  }
}

/**
 * Scales `window` against `baseline` (same features; the baseline directly precedes the window). Missing values
 * (NaN) are filled over baseline and window together: linearly between known neighbours, with the nearest known value
 * at the edges, and a feature with no value at all reads as 0 (at the baseline). Returns a new series of the window's
 * length.
 */
export function baselineDeviation(window: Mts, baseline: Mts, options: BaselineDeviationOptions): Mts {
  assertBaselineDeviationOptions(options);
  const F = window.nFeatures;
  if (baseline.nFeatures !== F) {
    throw new RangeError(`the baseline has ${baseline.nFeatures} features but the window has ${F}`);
  }
  if (baseline.length < 1) {
    throw new RangeError('the baseline is empty; give at least one step before the window');
  }
  const B = baseline.length;
  const W = window.length;
  const column = new Float64Array(B + W);
  const out = new Float64Array(W * F);
  for (let f = 0; f < F; f++) {
    for (let t = 0; t < B; t++) {
      column[t] = baseline.values[t * F + f];
    }
    for (let t = 0; t < W; t++) {
      column[B + t] = window.values[t * F + f];
    }
    if (fillGaps(column) === 0) {
      continue; // no data at all: leave the feature at 0, "at the baseline"
    }
    const { mean, scale } = baselineScale(column, 0, B, options);
    for (let t = 0; t < W; t++) {
      const z = (column[B + t] - mean) / scale;
      out[t * F + f] = Math.max(-options.clip, Math.min(options.clip, z));
    }
  }
  return { nFeatures: F, length: W, values: out };
}

/**
 * The mean and scale of `column[from..to)`: `scale = max(sd, minRelativeSd × |mean|, minSd)` (population sd), so a
 * flat or steady baseline does not turn the smallest change into a huge deviation.
 */
export function baselineScale(
  column: Float64Array,
  from: number,
  to: number,
  options: BaselineDeviationOptions
): { mean: number; scale: number } {
  let sum = 0;
  for (let i = from; i < to; i++) {
    sum += column[i];
  }
  const n = to - from;
  const mean = sum / n;
  let squares = 0;
  for (let i = from; i < to; i++) {
    squares += (column[i] - mean) ** 2;
  }
  return { mean, scale: Math.max(Math.sqrt(squares / n), options.minRelativeSd * Math.abs(mean), options.minSd) };
}

/**
 * Fills NaN runs in place: linear between known neighbours, the nearest known value at the edges, and 0 ("at the
 * baseline" once scaled, the most neutral guess) when nothing is known. Returns how many values were known.
 */
export function fillGaps(column: Float64Array): number {
  let previous = -1;
  let known = 0;
  for (let i = 0; i < column.length; i++) {
    if (Number.isNaN(column[i])) {
      continue;
    }
    known++;
    if (previous === -1) {
      column.fill(column[i], 0, i);
    } else {
      const from = column[previous];
      const slope = (column[i] - from) / (i - previous);
      for (let j = previous + 1; j < i; j++) {
        column[j] = from + slope * (j - previous);
      }
    }
    previous = i;
  }
  if (previous === -1) {
    column.fill(0);
  } else {
    column.fill(column[previous], previous + 1);
  }
  return known;
}
