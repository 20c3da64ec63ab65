import { collapseToServices } from '../core/evaluation/metrics';
import type { Prediction } from '../core/types';

/**
 * The service ranking of a prediction over `"<service>/<fault>"` classes: the core's collapse (a service scores the
 * sum of its classes' scores), followed by any candidate the classifier never scored, in name order, so every
 * candidate has a rank. `normal` keeps its place in the ranking on purpose: a fault window answered "normal" has
 * not named its culprit first, and must not count as a hit at AC@1.
 */
export function serviceRankingFromPrediction(prediction: Prediction, candidates: readonly string[]): string[] {
  const ranked = collapseToServices(prediction).scores.map((s) => s.label);
  const rest = candidates.filter((service) => !ranked.includes(service)).sort();
  return [...ranked, ...rest];
}

/**
 * AC@k of the RCA literature: the share of queries whose true culprit is among the first k of the ranking.
 * Returns NaN for no queries, so an empty row never passes for a perfect one.
 */
export function accuracyAtK(rankings: ReadonlyArray<readonly string[]>, truths: readonly string[], k: number): number {
  if (rankings.length !== truths.length) {
    throw new RangeError(`${rankings.length} rankings but ${truths.length} true culprits`);
  }
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`k must be a positive integer, got ${k}`);
  }
  if (rankings.length === 0) {
    return Number.NaN;
  }
  let hits = 0;
  for (let i = 0; i < rankings.length; i++) {
    if (rankings[i].slice(0, k).includes(truths[i])) {
      hits++;
    }
  }
  return hits / rankings.length;
}

/** Avg@k: the mean of AC@1 … AC@k (how high the culprit ranks on average, not only whether it ranks first). */
export function averageAccuracyAtK(
  rankings: ReadonlyArray<readonly string[]>,
  truths: readonly string[],
  k: number
): number {
  let sum = 0;
  for (let j = 1; j <= k; j++) {
    sum += accuracyAtK(rankings, truths, j);
  }
  return sum / k;
}
