/**
 * `culprit_unknown_anomaly`: how far a window is from anything the model knows (a labelled fault or a normal window),
 * in units of the model's unknown threshold.
 *
 *     unknownAnomaly = nearestDistance / unknownThreshold
 *
 * - `nearestDistance` is the classifier's distance (in its own units, e.g. DTW) from the window to its nearest
 *   training instance of any class, `normal` included.
 * - `unknownThreshold` is the distance beyond which the model answers "unknown" for that window.
 *
 * So 0 means the window is identical to a known episode or normal window, values below 1 mean the model recognises
 * it, and values of 1 and above mean the model says "unknown": the metrics moved in a way the fault library has never
 * seen. Dividing by the threshold makes the value comparable across models and classifiers, so one alert rule
 * (`culprit_unknown_anomaly >= 1 for 5m`) works whatever model is active.
 *
 * @returns the ratio, or `null` when it is undefined (no distance, or a model without a finite positive threshold).
 */
export function unknownAnomaly(
  nearestDistance: number | null | undefined,
  unknownThreshold: number | null | undefined
): number | null {
  if (
    nearestDistance === null ||
    nearestDistance === undefined ||
    !Number.isFinite(nearestDistance) ||
    nearestDistance < 0
  ) {
    return null;
  }
  if (
    unknownThreshold === null ||
    unknownThreshold === undefined ||
    !Number.isFinite(unknownThreshold) ||
    unknownThreshold <= 0
  ) {
    return null;
  }
  return nearestDistance / unknownThreshold;
}
