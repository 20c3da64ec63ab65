import type { Envelope } from './envelope';

/**
 * LB_Keogh (Keogh & Ratanamahatana 2005) of `series` against the `envelope` of the other series, squared like
 * our DTW: Σ_t Σ_f (distance of x[t,f] outside [lower, upper])². Every time step of `series` must be matched
 * within the band to some step of the other series, and no such step lies outside the envelope, so this is
 * ≤ DTW_D. Summed per feature it is also ≤ DTW_I (each feature's path obeys the same band), so one bound
 * serves both variants (Shokoohi-Yekta et al. 2017). Equal lengths only.
 *
 * Stops once the sum reaches `abandonAbove` (returns the partial sum, which is already ≥ it).
 * When `contributions` is given, `contributions[t]` receives step t's share (for early-abandoning DTW).
 */
export function lbKeogh(
  series: Float64Array,
  envelope: Envelope,
  abandonAbove = Infinity,
  contributions?: Float64Array
): number {
  const { upper, lower, nFeatures: F, length: T } = envelope;
  let sum = 0;
  let i = 0;
  for (let t = 0; t < T; t++) {
    let s = 0;
    const end = i + F;
    for (; i < end; i++) {
      const x = series[i];
      // At most one of the two is positive because lower ≤ upper.
      const above = x - upper[i];
      const below = lower[i] - x;
      const d = (above > 0 ? above : 0) + (below > 0 ? below : 0);
      s += d * d;
    }
    if (contributions !== undefined) {
      contributions[t] = s;
    }
    sum += s;
    if (!(sum < abandonAbove)) {
      if (contributions !== undefined) {
        contributions.fill(0, t + 1, T);
      }
      return sum;
    }
  }
  return sum;
}

/** `out[k] = Σ_{t ≥ k} contributions[t]`, with `out[T] = 0`: the lower bound on the cost still to pay. */
export function suffixSums(contributions: Float64Array, length: number, out: Float64Array): Float64Array {
  out[length] = 0;
  for (let t = length - 1; t >= 0; t--) {
    out[t] = out[t + 1] + contributions[t];
  }
  return out;
}
