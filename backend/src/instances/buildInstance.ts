import {
  baselineScale,
  fillGaps,
  LIVE_BASELINE_DEVIATION,
  type BaselineDeviationOptions,
} from '../core/transforms/baselineDeviation';
import type { Mts } from '../core/types';
import type { FeatureGrid, FeatureRef } from './featureGrid';

/** How complete the data behind an instance was. */
export interface InstanceQuality {
  /** Share of the window's (feature, step) points that Prometheus had no finite value for. */
  readonly missingFraction: number;
  /** How many of them were filled (by linear interpolation, or the nearest value at the edges, or 0 = baseline). */
  readonly filledPoints: number;
  readonly servicesWithoutData: string[];
}

/** An instance ready for a classifier, with what is needed to explain it. */
export interface BuiltInstance {
  readonly mts: Mts;
  readonly features: readonly FeatureRef[];
  readonly quality: InstanceQuality;
  /** Per feature: mean absolute scaled deviation from the baseline over the window (how much it moved). */
  readonly deviation: Float64Array;
}

/** The window has too little data to be diagnosed or learned from. */
export class InsufficientDataError extends Error {
  override readonly name = 'InsufficientDataError';
  constructor(
    message: string,
    readonly quality: InstanceQuality
  ) {
    super(message);
  }
}

/**
 * A scaled value is clipped to ±{@link MAX_DEVIATION} baseline deviations: the shape of a change matters, and a feature
 * that was flat during the baseline (error ratio 0) must not drown every other feature in the distance.
 */
export const MAX_DEVIATION = LIVE_BASELINE_DEVIATION.clip;

export interface InstanceWindow {
  readonly fromMs: number;
  readonly toMs: number;
  readonly baselineSeconds: number;
  /** Resample the window to this many steps (a model's instance length); default: the grid's own steps. */
  readonly length?: number;
  /** Refuse (throw {@link InsufficientDataError}) when more than this share of the window is missing. */
  readonly maxMissingFraction: number;
}

/**
 * Cuts one window out of a grid and turns it into a classifier instance: gaps filled and counted, each feature scaled
 * against the baseline window just before (`(x − mean) / scale`, scale = the baseline's standard deviation, but at
 * least 5 % of its mean magnitude and 1e-9, clipped to ±{@link MAX_DEVIATION}), then resampled to `length` steps.
 * `scaling` overrides the clip and floors (the core's `baselineDeviation` settings; the default is the live one).
 */
export function buildInstance(
  grid: FeatureGrid,
  window: InstanceWindow,
  scaling: BaselineDeviationOptions = LIVE_BASELINE_DEVIATION
): BuiltInstance {
  const stepMs = grid.stepSeconds * 1000;
  const first = clampIndex(Math.ceil((window.fromMs - grid.startMs) / stepMs), grid.length);
  const last = clampIndex(Math.floor((window.toMs - grid.startMs) / stepMs), grid.length);
  if (last - first + 1 < 2) {
    throw new RangeError(
      `the window ${window.fromMs}..${window.toMs} covers fewer than 2 steps of ${grid.stepSeconds} s`
    );
  }
  const baselineFirst = clampIndex(first - Math.round(window.baselineSeconds / grid.stepSeconds), grid.length);
  const nFeatures = grid.features.length;
  const windowSteps = last - first + 1;
  const spanSteps = last - baselineFirst + 1;

  let missing = 0;
  const column = new Float64Array(spanSteps);
  const scaled = new Float64Array(windowSteps * nFeatures);
  const deviation = new Float64Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    for (let s = 0; s < spanSteps; s++) {
      const value = grid.values[(baselineFirst + s) * nFeatures + f];
      column[s] = value;
      if (Number.isNaN(value) && baselineFirst + s >= first) {
        missing++;
      }
    }
    const known = fillGaps(column);
    const baselineSteps = first - baselineFirst;
    const { mean, scale } =
      known === 0
        ? { mean: 0, scale: 1 }
        : baselineScale(
            column,
            baselineSteps > 1 ? 0 : baselineSteps,
            baselineSteps > 1 ? baselineSteps : spanSteps,
            scaling
          );
    let moved = 0;
    for (let t = 0; t < windowSteps; t++) {
      const z = Math.max(-scaling.clip, Math.min(scaling.clip, (column[baselineSteps + t] - mean) / scale));
      scaled[t * nFeatures + f] = z;
      moved += Math.abs(z);
    }
    deviation[f] = moved / windowSteps;
  }

  const quality: InstanceQuality = {
    missingFraction: missing / (windowSteps * nFeatures),
    filledPoints: missing,
    servicesWithoutData: [...grid.servicesWithoutData],
  };
  if (quality.missingFraction > window.maxMissingFraction) {
    const without =
      quality.servicesWithoutData.length > 0 ? `; no data at all for ${quality.servicesWithoutData.join(', ')}` : '';
    throw new InsufficientDataError(
      `${(quality.missingFraction * 100).toFixed(0)} % of the window's points are missing in Prometheus (more than the ${(window.maxMissingFraction * 100).toFixed(0)} % allowed by limits.maxMissingFraction)${without}; pick a window where the services were scraped`,
      quality
    );
  }
  const length = window.length ?? windowSteps;
  return {
    mts: { nFeatures, length, values: resample(scaled, nFeatures, windowSteps, length) },
    features: grid.features,
    quality,
    deviation,
  };
}

function clampIndex(index: number, length: number): number {
  return Math.max(0, Math.min(length - 1, index));
}

/** Linear resampling of a time-major block from `fromLength` to `toLength` steps (same first and last instant). */
export function resample(values: Float64Array, nFeatures: number, fromLength: number, toLength: number): Float64Array {
  if (fromLength === toLength) {
    return values;
  }
  const out = new Float64Array(toLength * nFeatures);
  for (let t = 0; t < toLength; t++) {
    const position = toLength === 1 ? 0 : (t * (fromLength - 1)) / (toLength - 1);
    const left = Math.floor(position);
    const right = Math.min(fromLength - 1, left + 1);
    const weight = position - left;
    for (let f = 0; f < nFeatures; f++) {
      out[t * nFeatures + f] = values[left * nFeatures + f] * (1 - weight) + values[right * nFeatures + f] * weight;
    }
  }
  return out;
}
