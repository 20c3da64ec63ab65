import type { Prediction } from '../types';

/** Share of predictions whose top label is the truth. */
export function accuracy(truths: readonly string[], predicted: readonly string[]): number {
  assertSameLength(truths, predicted);
  let correct = 0;
  truths.forEach((t, i) => {
    if (predicted[i] === t) {
      correct++;
    }
  });
  return truths.length === 0 ? 0 : correct / truths.length;
}

/**
 * AC@k from the RCA literature: the share of cases whose true label is among the top k of the ranking.
 * An "unknown" answer still counts by its ranking (the ranking is the evidence shown to the SRE).
 */
export function acAtK(truths: readonly string[], predictions: readonly Prediction[], k: number): number {
  assertSameLength(truths, predictions);
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`k must be a positive integer, got ${String(k)}`);
  }
  let hits = 0;
  truths.forEach((truth, i) => {
    if (predictions[i].scores.slice(0, k).some((s) => s.label === truth)) {
      hits++;
    }
  });
  return truths.length === 0 ? 0 : hits / truths.length;
}

/** Avg@k = mean of AC@1 … AC@k (RCA literature, e.g. Avg@5). */
export function avgAtK(truths: readonly string[], predictions: readonly Prediction[], k: number): number {
  let sum = 0;
  for (let j = 1; j <= k; j++) {
    sum += acAtK(truths, predictions, j);
  }
  return sum / k;
}

/** Rows are true labels, columns predicted labels, both in `labels` order (predictions outside it get a column). */
export interface ConfusionMatrix {
  readonly labels: string[];
  /** `counts[i][j]`: cases of true label `labels[i]` predicted as `labels[j]`. */
  readonly counts: number[][];
}

/** Confusion matrix over the sorted union of true and predicted labels (so "unknown" shows as a column). */
export function confusionMatrix(truths: readonly string[], predicted: readonly string[]): ConfusionMatrix {
  assertSameLength(truths, predicted);
  const labels = [...new Set([...truths, ...predicted])].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map(() => labels.map(() => 0));
  truths.forEach((t, i) => {
    counts[index.get(t)!][index.get(predicted[i])!]++;
  });
  return { labels, counts };
}

/** Precision, recall and support of one class. Precision is NaN when the class was never predicted. */
export interface ClassReport {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly support: number;
}

/** Per-class precision and recall, from the confusion matrix, for every true label. */
export function perClassReport(truths: readonly string[], predicted: readonly string[]): ClassReport[] {
  const { labels, counts } = confusionMatrix(truths, predicted);
  const trueLabels = new Set(truths);
  return labels
    .map((label, i) => {
      const support = counts[i].reduce((s, x) => s + x, 0);
      const predictedCount = counts.reduce((s, row) => s + row[i], 0);
      const tp = counts[i][i];
      return {
        label,
        precision: predictedCount === 0 ? NaN : tp / predictedCount,
        recall: support === 0 ? NaN : tp / support,
        support,
      };
    })
    .filter((r) => trueLabels.has(r.label));
}

/** The service of a `"<service>/<fault>"` label (`"normal"` and `"unknown"` stay as they are). */
export function serviceOf(label: string): string {
  const slash = label.indexOf('/');
  return slash < 0 ? label : label.slice(0, slash);
}

/**
 * Collapses a ranking over `"<service>/<fault>"` classes to a ranking over services: a service scores the sum of
 * its classes' scores and keeps the rank of its best class position for ties. For service-level AC@k.
 */
export function collapseToServices(prediction: Prediction): Prediction {
  const totals = new Map<string, { score: number; firstRank: number }>();
  prediction.scores.forEach((s, rank) => {
    const service = serviceOf(s.label);
    const entry = totals.get(service);
    if (entry) {
      entry.score += s.score;
    } else {
      totals.set(service, { score: s.score, firstRank: rank });
    }
  });
  const scores = [...totals.entries()]
    .sort((a, b) => b[1].score - a[1].score || a[1].firstRank - b[1].firstRank)
    .map(([label, { score }]) => ({ label, score }));
  const label = prediction.unknown ? prediction.label : serviceOf(prediction.label);
  return { ...prediction, label, scores };
}

function assertSameLength(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) {
    throw new RangeError(`${a.length} true labels but ${b.length} predictions`);
  }
}
