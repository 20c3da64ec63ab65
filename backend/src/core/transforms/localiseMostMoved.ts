import type { Mts } from '../types';

/**
 * The sub-window of `steps` steps of a baseline-scaled series whose values have the largest sum of squares: where
 * the metrics moved most against the baseline. For a window longer than a model's instances (a person's selection
 * around an incident), it needs no labels: the classifier is then asked about the stretch that looks
 * like the incident instead of about the quiet minutes selected with it. Ties go to the earliest.
 */
export function localiseMostMoved(scaled: Mts, steps: number): number {
  if (steps > scaled.length) {
    throw new RangeError(
      `the diagnosed window (${scaled.length} steps) is shorter than the library's windows (${steps} steps)`
    );
  }
  const F = scaled.nFeatures;
  const rowEnergy = new Float64Array(scaled.length);
  for (let t = 0; t < scaled.length; t++) {
    let e = 0;
    for (let f = 0; f < F; f++) {
      e += scaled.values[t * F + f] ** 2;
    }
    rowEnergy[t] = e;
  }
  let running = 0;
  for (let t = 0; t < steps; t++) {
    running += rowEnergy[t];
  }
  let best = running;
  let bestAt = 0;
  for (let o = 1; o + steps <= scaled.length; o++) {
    running += rowEnergy[o + steps - 1] - rowEnergy[o - 1];
    // A relative margin so that rounding in the running sum never moves the answer between equal stretches.
    if (running > best * (1 + 1e-12) + 1e-12) {
      best = running;
      bestAt = o;
    }
  }
  return bestAt;
}
