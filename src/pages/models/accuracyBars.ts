import { Evaluation, Model } from '../../api/types';
import { assertStudyReport, StudyReport } from './studyReport';

/** One group of bars: a classifier and its accuracies (null where not measured). */
export interface AccuracyGroup {
  classifier: string;
  /** How many evaluations the figures average (models, or 1 for a study report). */
  runs: number;
  values: Array<number | null>;
}

export interface AccuracyChartData {
  metrics: string[];
  groups: AccuracyGroup[];
}

const MODEL_METRICS = ['service AC@1', 'service AC@3', '(service, fault)'];

/**
 * The accuracy of each classifier over the backend's evaluated models: when several models share a classifier, the
 * figures are their mean, so the chart compares classifiers rather than individual training runs.
 */
export function accuracyFromModels(evaluated: Array<{ model: Model; evaluation: Evaluation }>): AccuracyChartData {
  const byClassifier = new Map<string, Array<Array<number | null>>>();
  for (const { model, evaluation } of evaluated) {
    const row = [evaluation.ac1 ?? evaluation.serviceAccuracy, evaluation.ac3 ?? null, evaluation.accuracy];
    byClassifier.set(model.classifier, [...(byClassifier.get(model.classifier) ?? []), row]);
  }
  const groups = [...byClassifier.entries()]
    .map(([classifier, rows]) => ({
      classifier,
      runs: rows.length,
      values: MODEL_METRICS.map((_, i) => mean(rows.map((r) => r[i]))),
    }))
    .sort((a, b) => a.classifier.localeCompare(b.classifier));
  return { metrics: MODEL_METRICS, groups };
}

const REPORT_METRICS = ['service AC@1', 'service AC@3', '(service, fault)', 'AC@1 at ±60 s'];

/** The grouped bars docs/study.md describes for a study report: every classifier, then the baseline. */
export function accuracyFromReport(report: StudyReport): AccuracyChartData {
  assertStudyReport(report);
  const entries = [...report.classifiers, ...(report.baseline ? [report.baseline] : [])];
  return {
    metrics: REPORT_METRICS,
    groups: entries.map((entry) => ({
      classifier: entry.name,
      runs: 1,
      values: [
        entry.service?.ac1 ?? null,
        entry.service?.ac3 ?? null,
        entry.serviceFault?.accuracy ?? null,
        entry.shift60?.ac1 ?? null,
      ],
    })),
  };
}

function mean(values: Array<number | null>): number | null {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
}
