import type { Mts } from '../core/types';
import { serviceOfFeature } from './studyCase';

/** How far one service moved: the largest deviation of any of its features, in baseline standard deviations. */
export interface ServiceDeviation {
  readonly service: string;
  readonly sigmas: number;
  /** The feature that moved most. */
  readonly feature: string;
}

/**
 * Floors on the baseline's standard deviation, so that a metric that was flat before the window (an error ratio of 0,
 * a constant memory size) does not turn any change into infinitely many sigmas and drown every other service.
 * The deviation used is `max(sd, relativeFloor * |mean|, absoluteFloor)`.
 */
export interface NSigmaFloors {
  readonly relativeFloor: number;
  readonly absoluteFloor: number;
}

export const DEFAULT_N_SIGMA_FLOORS: NSigmaFloors = { relativeFloor: 0.01, absoluteFloor: 1e-6 };

/**
 * The unsupervised N-Sigma baseline of the RCA literature: for every feature, the largest |x_t − μ| / σ over the
 * window, with μ and σ from the baseline just before it; a service scores the maximum over its features, and services
 * are ranked by score (ties by name). It needs no labels and names no fault kind.
 *
 * `featureNames[f]` names feature f as `<service>_<metric>`; `services` lists every candidate, so a service whose
 * features are all absent still appears (last).
 */
export function rankServicesByNSigma(
  window: Mts,
  baseline: Mts,
  featureNames: readonly string[],
  services: readonly string[],
  floors: NSigmaFloors = DEFAULT_N_SIGMA_FLOORS
): ServiceDeviation[] {
  if (window.nFeatures !== baseline.nFeatures || window.nFeatures !== featureNames.length) {
    throw new RangeError(
      `window (${window.nFeatures} features), baseline (${baseline.nFeatures}) and feature names (${featureNames.length}) must agree`
    );
  }
  if (baseline.length < 2) {
    throw new RangeError(`the baseline needs at least two steps to have a deviation, got ${baseline.length}`);
  }
  const best = new Map<string, ServiceDeviation>();
  for (const service of services) {
    best.set(service, { service, sigmas: 0, feature: '' });
  }
  const nFeatures = window.nFeatures;
  for (let f = 0; f < nFeatures; f++) {
    const { mean, sd } = meanAndSd(baseline, f);
    const scale = Math.max(sd, floors.relativeFloor * Math.abs(mean), floors.absoluteFloor);
    let largest = 0;
    for (let t = 0; t < window.length; t++) {
      const deviation = Math.abs(window.values[t * nFeatures + f] - mean) / scale;
      if (deviation > largest) {
        largest = deviation;
      }
    }
    const service = serviceOfFeature(featureNames[f]);
    const current = best.get(service);
    if (current === undefined) {
      throw new RangeError(
        `feature "${featureNames[f]}" belongs to service "${service}", which is not among ${services.join(', ')}`
      );
    }
    if (largest > current.sigmas) {
      best.set(service, { service, sigmas: largest, feature: featureNames[f] });
    }
  }
  return [...best.values()].sort((a, b) => b.sigmas - a.sigmas || (a.service < b.service ? -1 : 1));
}

/** Population mean and standard deviation of feature `f` over the series. */
function meanAndSd(series: Mts, f: number): { mean: number; sd: number } {
  const { nFeatures, length, values } = series;
  let sum = 0;
  for (let t = 0; t < length; t++) {
    sum += values[t * nFeatures + f];
  }
  const mean = sum / length;
  let squares = 0;
  for (let t = 0; t < length; t++) {
    const d = values[t * nFeatures + f] - mean;
    squares += d * d;
  }
  return { mean, sd: Math.sqrt(squares / length) };
}
