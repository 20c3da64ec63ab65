import type { Mts, Prediction } from '../types';
import type { ClassifierSpec } from './classifierSpec';

/** Progress of a long fit (window learning, the unknown threshold, MiniRocket features). */
export type ProgressCallback = (stage: string, done: number, total: number) => void;

/** The serialised form of a fitted classifier; `loadClassifier` checks it before use. */
export interface ClassifierJson {
  readonly format: 'culprit-classifier';
  readonly version: 1;
  readonly spec: ClassifierSpec;
  readonly state: unknown;
}

/**
 * A time-series classifier: settings fixed at construction (checked there), `fit` on labelled series, then
 * `predict` one query at a time. All randomness is seeded from the spec, so a fit is reproducible.
 */
export interface Classifier {
  readonly spec: ClassifierSpec;
  /** The class labels seen in `fit`, sorted. Empty before fitting. */
  readonly classes: readonly string[];
  fit(series: readonly Mts[], labels: readonly string[], onProgress?: ProgressCallback): void;
  /** Ranks every class; throws if called before `fit` or with a query of the wrong shape. */
  predict(query: Mts): Prediction;
  toJSON(): ClassifierJson;
}

/** A JSON-safe series: the values as a plain array. */
export interface MtsJson {
  readonly nFeatures: number;
  readonly length: number;
  readonly values: number[];
}

/** Checks a labelled training set: as many labels as series, valid series, one feature count. */
export function assertTrainingSet(series: readonly Mts[], labels: readonly string[]): void {
  if (series.length === 0) {
    throw new RangeError('the training set is empty');
  }
  if (series.length !== labels.length) {
    throw new RangeError(`${series.length} training series but ${labels.length} labels`);
  }
  const F = series[0].nFeatures;
  series.forEach((s, i) => {
    if (s.nFeatures !== F) {
      throw new RangeError(`training series ${i} has ${s.nFeatures} features but series 0 has ${F}`);
    }
    if (typeof labels[i] !== 'string' || labels[i] === '') {
      throw new TypeError(`label ${i} must be a non-empty string, got ${JSON.stringify(labels[i])}`);
    }
  });
}
