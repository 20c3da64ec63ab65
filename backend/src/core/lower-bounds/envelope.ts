import type { Mts } from '../types';

/**
 * The LB_Keogh envelope of a series for a band of `windowCells`: per time step and feature, the maximum
 * (`upper`) and minimum (`lower`) of the series over `[t − w, t + w]`, time-major like the series.
 * Compute it once per reference and reuse it for every query.
 */
export interface Envelope {
  readonly nFeatures: number;
  readonly length: number;
  readonly windowCells: number;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

/**
 * Envelope by Lemire's streaming min/max (monotone deques), O(length × features) whatever the window.
 * `out` is reused when given (it must have the same shape).
 */
export function computeEnvelope(series: Mts, windowCells: number, out?: Envelope): Envelope {
  if (!Number.isInteger(windowCells) || windowCells < 0) {
    throw new RangeError(`windowCells must be a non-negative integer, got ${String(windowCells)}`);
  }
  const { nFeatures: F, length: T, values: x } = series;
  const size = F * T;
  const upper = out && out.upper.length === size ? out.upper : new Float64Array(size);
  const lower = out && out.lower.length === size ? out.lower : new Float64Array(size);
  const dqU = new Int32Array(T);
  const dqL = new Int32Array(T);
  for (let f = 0; f < F; f++) {
    let hu = 0;
    let tu = 0;
    let hl = 0;
    let tl = 0;
    let next = 0;
    for (let t = 0; t < T; t++) {
      const end = Math.min(T - 1, t + windowCells);
      for (; next <= end; next++) {
        const v = x[next * F + f];
        while (tu > hu && x[dqU[tu - 1] * F + f] <= v) {
          tu--;
        }
        dqU[tu++] = next;
        while (tl > hl && x[dqL[tl - 1] * F + f] >= v) {
          tl--;
        }
        dqL[tl++] = next;
      }
      const lo = t - windowCells;
      while (dqU[hu] < lo) {
        hu++;
      }
      while (dqL[hl] < lo) {
        hl++;
      }
      upper[t * F + f] = x[dqU[hu] * F + f];
      lower[t * F + f] = x[dqL[hl] * F + f];
    }
  }
  return { nFeatures: F, length: T, windowCells, upper, lower };
}
