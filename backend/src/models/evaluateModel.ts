import type { Classifier } from '../core/classifiers/classifier';
import type { Mts, Prediction } from '../core/types';
import type { ModelEvaluation } from '../store/modelStore';
import { NORMAL_LABEL, splitLabel } from './planTrainingWindows';

export interface EvaluationOptions {
  /** Folds of the cross-validation (default 5). */
  readonly folds?: number;
  /** At most this many instances take part (a stratified, deterministic subset), to bound the time. */
  readonly maxInstances?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Stratified k-fold cross-validation of a classifier on labelled instances: each fold is predicted by a classifier
 * fitted on the other folds. Reports label accuracy, service accuracy, and the RCA metrics over fault instances:
 * AC@k = share whose true service is among the top k services (services ranked by summed class scores), Avg@5 =
 * the mean of AC@1..AC@5, and the label confusion matrix.
 */
export function evaluateModel(
  series: readonly Mts[],
  labels: readonly string[],
  makeClassifier: () => Classifier,
  options: EvaluationOptions = {}
): ModelEvaluation {
  const folds = options.folds ?? 5;
  const chosen = stratifiedSubset(labels, options.maxInstances ?? 300);
  // Deal each class's members round-robin over the folds, so every fold sees every class it can.
  const foldOf = new Map<number, number>();
  const byClass = groupByLabel(chosen, labels);
  let dealt = 0;
  for (const members of byClass.values()) {
    for (const index of members) {
      foldOf.set(index, dealt++ % folds);
    }
  }
  const classes = [...new Set(labels)].sort();
  const confusion = classes.map(() => classes.map(() => 0));
  let correct = 0;
  let serviceCorrect = 0;
  const hitsAt = [0, 0, 0, 0, 0];
  let faultInstances = 0;

  for (let fold = 0; fold < folds; fold++) {
    const test = chosen.filter((index) => foldOf.get(index) === fold);
    if (test.length === 0) {
      continue;
    }
    const testSet = new Set(test);
    const trainIndices = series.map((_, index) => index).filter((index) => !testSet.has(index));
    if (new Set(trainIndices.map((index) => labels[index])).size < 2) {
      continue;
    }
    const classifier = makeClassifier();
    classifier.fit(
      trainIndices.map((index) => series[index]),
      trainIndices.map((index) => labels[index])
    );
    for (const index of test) {
      const prediction = classifier.predict(series[index]);
      const truth = labels[index];
      const predicted = prediction.scores[0]?.label ?? prediction.label;
      confusion[classes.indexOf(truth)][classes.indexOf(predicted)] += classes.includes(predicted) ? 1 : 0;
      correct += predicted === truth ? 1 : 0;
      serviceCorrect += splitLabel(predicted).service === splitLabel(truth).service ? 1 : 0;
      if (truth !== NORMAL_LABEL) {
        faultInstances++;
        const rank = serviceRanking(prediction).indexOf(splitLabel(truth).service as string);
        for (let k = 0; k < 5; k++) {
          hitsAt[k] += rank >= 0 && rank <= k ? 1 : 0;
        }
      }
    }
    options.onProgress?.(fold + 1, folds);
  }
  const evaluated = confusion.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  const at = (k: number) => (faultInstances === 0 ? 0 : hitsAt[k - 1] / faultInstances);
  return {
    method: 'k-fold',
    folds,
    instances: evaluated,
    accuracy: evaluated === 0 ? 0 : correct / evaluated,
    serviceAccuracy: evaluated === 0 ? 0 : serviceCorrect / evaluated,
    ac1: at(1),
    ac3: at(3),
    avg5: (at(1) + at(2) + at(3) + at(4) + at(5)) / 5,
    labels: classes,
    confusion,
  };
}

/** Services ranked by the sum of their classes' scores, best first (ties by name). */
export function serviceRanking(prediction: Prediction): string[] {
  const sums = new Map<string, number>();
  for (const { label, score } of prediction.scores) {
    const { service } = splitLabel(label);
    if (service !== null) {
      sums.set(service, (sums.get(service) ?? 0) + score);
    }
  }
  return [...sums].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([service]) => service);
}

function groupByLabel(indices: readonly number[], labels: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const index of indices) {
    const group = groups.get(labels[index]) ?? [];
    group.push(index);
    groups.set(labels[index], group);
  }
  return new Map([...groups].sort((a, b) => a[0].localeCompare(b[0])));
}

/** At most `max` indices, each class keeping its share (at least one member), taken at even strides. */
function stratifiedSubset(labels: readonly string[], max: number): number[] {
  if (labels.length <= max) {
    return labels.map((_, index) => index);
  }
  const chosen: number[] = [];
  for (const members of groupByLabel(
    labels.map((_, index) => index),
    labels
  ).values()) {
    const take = Math.max(1, Math.round((members.length * max) / labels.length));
    for (let i = 0; i < take; i++) {
      chosen.push(members[Math.floor((i * members.length) / take)]);
    }
  }
  return chosen.sort((a, b) => a - b);
}
