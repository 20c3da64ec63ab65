import { createClassifier } from '../core/classifiers/createClassifier';
import type { ClassifierSpecInput } from '../core/classifiers/classifierSpec';
import type { Mts } from '../core/types';
import { buildInstance } from '../instances/buildInstance';
import type { FeatureGrid, FeatureRef } from '../instances/featureGrid';
import { serviceOfFeature } from './studyCase';
import type { StudyClassifierEntry, WindowScaler } from './studyProtocols';

/**
 * The classifiers the study compares, by the name used on the command line and in the report. Every one is the
 * core's own estimator (`createClassifier`); the study adds nothing to them. Windows reach them already scaled
 * against their baseline (see {@link liveInstanceScaler}), so none normalises again.
 */
export const STUDY_CLASSIFIER_SPECS: Readonly<Record<string, { description: string; spec: ClassifierSpecInput }>> = {
  ed: { description: 'Euclidean 1-NN', spec: { classifier: 'ed' } },
  'ed-k3': {
    description: 'Euclidean 3-NN, distance-weighted vote',
    spec: { classifier: 'ed', k: 3, weighting: 'distance' },
  },
  'dtw-i': { description: 'DTW_I 1-NN, 10 % window', spec: { classifier: 'dtw-i', windowFraction: 0.1 } },
  'dtw-d': {
    description: 'DTW_D 1-NN, window learned per fold by leave-one-out accuracy',
    spec: { classifier: 'dtw-d', learnWindow: true },
  },
  'dtw-d-k3': {
    description: 'DTW_D 3-NN, distance-weighted vote, window learned per fold',
    spec: { classifier: 'dtw-d', k: 3, weighting: 'distance', learnWindow: true },
  },
  minirocket: { description: 'MiniRocket features + ridge classifier (seed 0)', spec: { classifier: 'minirocket' } },
};

/** The classifiers run when `--classifiers` is not given: all of them. */
export const DEFAULT_STUDY_CLASSIFIERS: readonly string[] = Object.keys(STUDY_CLASSIFIER_SPECS);

/**
 * Entries for the named classifiers; throws a `RangeError` listing the allowed names for an unknown one. Each spec is
 * checked by the core now, so a bad one fails before the study starts rather than in its first fold.
 */
export function studyClassifierEntries(names: readonly string[]): StudyClassifierEntry[] {
  return names.map((name) => {
    const known = STUDY_CLASSIFIER_SPECS[name];
    if (known === undefined) {
      throw new RangeError(
        `unknown classifier "${name}"; choose from ${Object.keys(STUDY_CLASSIFIER_SPECS).join(', ')}`
      );
    }
    createClassifier(known.spec);
    const spec = known.spec;
    const neighbours = typeof spec === 'object' && spec.classifier !== 'minirocket';
    return {
      name,
      description: known.description,
      // MiniRocket has no unknown threshold to switch off; kNN specs take `rejectUnknown`.
      create: ({ rejectUnknown }) => createClassifier(neighbours ? { ...spec, rejectUnknown } : spec),
    };
  });
}

/**
 * Scales a window exactly as live diagnosis does: the backend's instance builder (`buildInstance`) run on a grid that
 * holds the baseline followed by the window, so each feature becomes deviations from its baseline, floored and
 * clipped the same way. The study then measures the pipeline users run, not a variant of it.
 */
export function liveInstanceScaler(featureNames: readonly string[], stepSeconds: number): WindowScaler {
  const features: FeatureRef[] = featureNames.map((name) => {
    const service = serviceOfFeature(name);
    const metric = name.slice(service.length + 1);
    return { service, metric, name: `${service}:${metric}` };
  });
  return (window: Mts, baseline: Mts): Mts => {
    const nFeatures = features.length;
    const length = baseline.length + window.length;
    const values = new Float64Array(length * nFeatures);
    values.set(baseline.values, 0);
    values.set(window.values, baseline.length * nFeatures);
    const stepMs = stepSeconds * 1000;
    const grid: FeatureGrid = {
      startMs: 0,
      stepSeconds,
      length,
      features,
      values,
      servicesWithoutData: [],
      queryMs: 0,
    };
    return buildInstance(grid, {
      fromMs: baseline.length * stepMs,
      toMs: (length - 1) * stepMs,
      baselineSeconds: baseline.length * stepSeconds,
      maxMissingFraction: 1,
    }).mts;
  };
}
