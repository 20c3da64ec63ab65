import { assertMts } from '../mts';
import type { Mts } from '../types';
import { assertSameFeatures } from './dtwDistance';

/**
 * Euclidean distance between two equally long multivariate series, **squared** (sum of squared differences,
 * no square root), the same unit as {@link dtwDistance} so that DTW with a zero window equals it.
 * Abandons (returns `Infinity`) once the partial sum reaches `abandonAbove`.
 */
export function euclideanDistance(a: Mts, b: Mts, options: { abandonAbove?: number } = {}): number {
  assertMts(a, 'a');
  assertMts(b, 'b');
  assertSameFeatures(a, b);
  if (a.length !== b.length) {
    throw new RangeError(
      `Euclidean distance needs equally long series, got ${a.length} and ${b.length} steps; use DTW`
    );
  }
  return euclideanUnchecked(a.values, b.values, a.nFeatures, a.length, options.abandonAbove ?? Infinity);
}

/** Squared Euclidean distance without validation; checks the bound once per time step. */
export function euclideanUnchecked(
  a: Float64Array,
  b: Float64Array,
  nFeatures: number,
  length: number,
  abandonAbove: number
): number {
  let sum = 0;
  let i = 0;
  for (let t = 0; t < length; t++) {
    const end = i + nFeatures;
    for (; i < end; i++) {
      const d = a[i] - b[i];
      sum += d * d;
    }
    if (!(sum < abandonAbove)) {
      return Infinity;
    }
  }
  return sum;
}

/** All squared Euclidean distances between `xs` and `ys` (default `xs`), row-major, into `out` when given. */
export function euclideanPairwiseDistance(
  xs: readonly Mts[],
  ys: readonly Mts[] = xs,
  out?: Float64Array
): Float64Array {
  const result = out ?? new Float64Array(xs.length * ys.length);
  for (let i = 0; i < xs.length; i++) {
    for (let j = 0; j < ys.length; j++) {
      result[i * ys.length + j] = euclideanDistance(xs[i], ys[j]);
    }
  }
  return result;
}
