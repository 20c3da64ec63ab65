import type { ProgressCallback } from '../classifiers/classifier';
import { createClassifier } from '../classifiers/createClassifier';
import type { ClassifierSpecInput } from '../classifiers/classifierSpec';
import type { Mts, Prediction } from '../types';
import {
  acAtK,
  accuracy,
  avgAtK,
  type ClassReport,
  confusionMatrix,
  type ConfusionMatrix,
  perClassReport,
} from './metrics';
import type { Fold } from './splits';

/** Scores of one evaluation. */
export interface EvaluationReport {
  readonly accuracy: number;
  readonly acAt1: number;
  readonly acAt3: number;
  readonly avgAt5: number;
  readonly perClass: ClassReport[];
  readonly confusion: ConfusionMatrix;
  /** Truth and prediction for each tested case, in the order of the folds. */
  readonly cases: Array<{ index: number; truth: string; prediction: Prediction }>;
}

/** Metrics of predictions against truths (accuracy counts "unknown" as wrong; AC@k uses the ranking). */
export function scorePredictions(
  truths: readonly string[],
  predictions: readonly Prediction[]
): Omit<EvaluationReport, 'cases'> {
  const predicted = predictions.map((p) => p.label);
  return {
    accuracy: accuracy(truths, predicted),
    acAt1: acAtK(truths, predictions, 1),
    acAt3: acAtK(truths, predictions, 3),
    avgAt5: avgAtK(truths, predictions, 5),
    perClass: perClassReport(truths, predicted),
    confusion: confusionMatrix(truths, predicted),
  };
}

/**
 * Fits a fresh classifier per fold and predicts that fold's test cases (train/test split, leave-one-out,
 * k-fold or leave-one-group-out: pass the folds from `splits.ts`).
 */
export function crossValidate(
  spec: ClassifierSpecInput,
  series: readonly Mts[],
  labels: readonly string[],
  folds: readonly Fold[],
  onProgress?: ProgressCallback
): EvaluationReport {
  const cases: EvaluationReport['cases'] = [];
  folds.forEach((fold, f) => {
    const classifier = createClassifier(spec);
    classifier.fit(
      fold.train.map((i) => series[i]),
      fold.train.map((i) => labels[i])
    );
    for (const index of fold.test) {
      cases.push({ index, truth: labels[index], prediction: classifier.predict(series[index]) });
    }
    onProgress?.('folds', f + 1, folds.length);
  });
  return {
    ...scorePredictions(
      cases.map((c) => c.truth),
      cases.map((c) => c.prediction)
    ),
    cases,
  };
}
