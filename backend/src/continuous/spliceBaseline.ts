import type { FeatureGrid } from '../instances/featureGrid';

/**
 * Joins the last `baselineSteps` rows of `baseline` (a grid ending where the baseline ends) in front of `window`
 * (a grid starting at the diagnosed window's first step), as if they were contiguous: `buildInstance(spliced,
 * { fromMs: window.startMs, baselineSeconds: baselineSteps × step })` then scales the window against that baseline,
 * however long ago it was. The continuous loop uses it to keep the baseline from before a fault's onset while the
 * fault lasts.
 */
export function spliceBaseline(baseline: FeatureGrid, window: FeatureGrid, baselineSteps: number): FeatureGrid {
  if (baseline.stepSeconds !== window.stepSeconds) {
    throw new RangeError(
      `cannot splice grids of different steps (${baseline.stepSeconds} s and ${window.stepSeconds} s)`
    );
  }
  const nFeatures = window.features.length;
  if (
    baseline.features.length !== nFeatures ||
    baseline.features.some((feature, f) => feature.name !== window.features[f].name)
  ) {
    throw new RangeError('cannot splice grids with different features (was the model or its catalogue changed?)');
  }
  if (!Number.isInteger(baselineSteps) || baselineSteps < 1 || baselineSteps > baseline.length) {
    throw new RangeError(
      `baselineSteps must be an integer from 1 to the baseline grid's ${baseline.length} rows, got ${baselineSteps}`
    );
  }
  const values = new Float64Array((baselineSteps + window.length) * nFeatures);
  values.set(baseline.values.subarray((baseline.length - baselineSteps) * nFeatures, baseline.length * nFeatures), 0);
  values.set(window.values.subarray(0, window.length * nFeatures), baselineSteps * nFeatures);
  return {
    startMs: window.startMs - baselineSteps * window.stepSeconds * 1000,
    stepSeconds: window.stepSeconds,
    length: baselineSteps + window.length,
    features: window.features,
    values,
    servicesWithoutData: window.servicesWithoutData,
    queryMs: window.queryMs,
  };
}
