import type { ClassifierSpec } from '../core/classifiers/classifierSpec';
import type { Mts } from '../core/types';
import type { ModelEvaluation } from '../store/modelStore';
import { newClassifier } from './coreClassifiers';
import { evaluateModel } from './evaluateModel';

/** What fitting produces: the classifier's `toJSON()` and, if asked, its cross-validated evaluation. */
export interface FittedModel {
  readonly classifierJson: unknown;
  readonly evaluation: ModelEvaluation | null;
}

/** Fits and evaluates; CPU-bound, so the service runs it on a worker thread (see service/classifyPool.ts). */
export type FitFn = (spec: ClassifierSpec, series: Mts[], labels: string[], evaluate: boolean) => Promise<FittedModel>;

/** Fits on the calling thread (the CLI, and services configured with 0 worker threads). */
export function fitModelHere(spec: ClassifierSpec, series: Mts[], labels: string[], evaluate: boolean): FittedModel {
  const classifier = newClassifier(spec);
  classifier.fit(series, labels);
  return {
    classifierJson: classifier.toJSON(),
    evaluation: evaluate ? evaluateModel(series, labels, () => newClassifier(spec)) : null,
  };
}
