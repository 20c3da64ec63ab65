import { accuracyAtK, averageAccuracyAtK } from './serviceRanking';
import { NORMAL_LABEL, type StudyDataset, type Verification } from './studyCase';
import type { QueryOutcome, UnknownOutcomes } from './studyProtocols';

/**
 * The study's report: one JSON object (`culprit study --json`, `report.json`) holding everything the Markdown table,
 * the HTML page and the app's Models page draw. Shares are in [0, 1]; a figure that could not be measured (no query
 * of that kind) is null, never a made-up 0 or 1. Its shape is described in `docs/study.md`.
 */
export interface StudyReport {
  readonly dataset: DatasetSummary;
  readonly classifiers: ClassifierReport[];
  readonly baseline: BaselineReport;
  /** The goals of issue 7, checked against the best classifier (highest (service, fault) accuracy). */
  readonly goals: GoalsReport | null;
  /**
   * The shift protocol on a separate shift set (long windows, see `shiftProtocol.ts`), when one was given. Then every
   * classifier's (and the baseline's) `shift30` and `shift60` come from here, not from the short-window `shifts`.
   */
  readonly shiftSet: ShiftSetReport | null;
}

/** One row of the shift-set table. */
export interface ShiftSetRow {
  readonly name: string;
  /** Unshifted long windows of the shift set's fault cases (the library never saw these episodes). */
  readonly service: ServiceAccuracy;
  /** Unshifted long windows of every shift-set case; null for the baseline (it names no fault kind). */
  readonly serviceFault: { readonly accuracy: number | null } | null;
  readonly shift30: { readonly ac1: number | null };
  readonly shift60: { readonly ac1: number | null };
  readonly shifts: ShiftPoint[];
}

/** The shift set and its protocol, and how each classifier did on it. */
export interface ShiftSetReport {
  readonly name: string;
  readonly cases: number;
  readonly faultCases: number;
  readonly normalCases: number;
  readonly windowSeconds: number;
  readonly leadSeconds: number;
  readonly baselineSeconds: number;
  readonly shiftsSeconds: readonly number[];
  readonly classifiers: ShiftSetRow[];
  readonly baseline: ShiftSetRow;
}

export interface DatasetSummary {
  readonly name: string;
  readonly cases: number;
  readonly faultCases: number;
  readonly normalCases: number;
  /** Leave-one-episode-out groups. */
  readonly episodes: number;
  readonly services: readonly string[];
  readonly faults: readonly string[];
  readonly features: number;
  readonly stepSeconds: number;
  readonly windowSeconds: number;
  readonly baselineSeconds: number;
  readonly shiftsSeconds: readonly number[];
  /** Cases per class label. */
  readonly classes: Readonly<Record<string, number>>;
  /** Cases per load level (`unrecorded` where a case has none). */
  readonly loads: Readonly<Record<string, number>>;
  /** Fault cases per campaign-runner verdict (`seen`, `not-seen`, `unchecked`). */
  readonly verification: Readonly<Record<string, number>>;
}

/** A fault case whose culprit the classifier did not rank first (unshifted, leave-one-episode-out). */
export interface StudyMiss {
  /** The case's id (its folder, e.g. `payment-loss/p3-26`). */
  readonly case: string;
  readonly truth: string;
  /** The top class the classifier answered. */
  readonly answer: string | null;
  /** Where the true culprit came in the service ranking (1 is first). */
  readonly culpritRank: number;
  /** What the campaign runner's check said of the episode when it was recorded. */
  readonly verification: Verification;
}

export interface ServiceAccuracy {
  readonly ac1: number | null;
  readonly ac3: number | null;
  readonly avg5: number | null;
}

/** Accuracy at one onset shift (negative: the window starts before the true onset). */
export interface ShiftPoint {
  readonly shiftSeconds: number;
  readonly serviceAc1: number | null;
  readonly serviceFaultAccuracy: number | null;
  readonly queries: number;
}

export interface ConfusionMatrix {
  /** Row and column labels: true classes are rows, predicted classes columns. */
  readonly labels: readonly string[];
  /** `matrix[i][j]`: queries of true class `labels[i]` answered `labels[j]`. */
  readonly matrix: number[][];
}

export interface ClassifierReport {
  readonly name: string;
  readonly description: string;
  /** Unshifted windows of fault cases, leave-one-episode-out. */
  readonly service: ServiceAccuracy;
  /** Unshifted windows of every case (normal ones included), leave-one-episode-out: top class = true class. */
  readonly serviceFault: { readonly accuracy: number | null };
  /** Service AC@1 over windows shifted by −30 s and +30 s together. */
  readonly shift30: { readonly ac1: number | null };
  /** Service AC@1 over windows shifted by −60 s and +60 s together. */
  readonly shift60: { readonly ac1: number | null };
  /** The accuracy-versus-shift curve, every shift in order. */
  readonly shifts: ShiftPoint[];
  /** Leave-one-fault-kind-out: share of windows of the held-out kind answered "unknown". */
  readonly unknownRecall: number | null;
  readonly unknownRecallByFault: Readonly<Record<string, number | null>>;
  /** In the same runs: share of held-out windows whose class was in the library answered "unknown" (false alarms). */
  readonly unknownRate: number | null;
  /** Mean wall time of one diagnosis (classification of an already built instance), in milliseconds. */
  readonly diagnoseMs: number | null;
  readonly diagnoseMsP95: number | null;
  readonly confusion: ConfusionMatrix;
  /** Every fault case whose culprit was not ranked first, in case order. */
  readonly misses: StudyMiss[];
}

export interface BaselineReport {
  readonly name: string;
  readonly description: string;
  readonly service: ServiceAccuracy;
  /** The baseline names no fault kind. */
  readonly serviceFault: null;
  readonly shift30: { readonly ac1: number | null };
  readonly shift60: { readonly ac1: number | null };
  readonly shifts: ShiftPoint[];
  /** The baseline never says "unknown". */
  readonly unknownRecall: null;
  readonly diagnoseMs: number | null;
  readonly diagnoseMsP95: number | null;
}

export interface Goal {
  readonly goal: string;
  readonly target: number;
  /** `>` when the value must beat the target, `>=` when reaching it is enough. */
  readonly comparison: '>' | '>=';
  readonly value: number | null;
  readonly met: boolean;
}

export interface GoalsReport {
  readonly classifier: string;
  readonly goals: Goal[];
  readonly allMet: boolean;
}

/** Describes the data set and the protocol for the report header. */
export function summariseDataset(
  dataset: StudyDataset,
  settings: { windowSeconds: number; baselineSeconds: number; shiftsSeconds: readonly number[] }
): DatasetSummary {
  const classes: Record<string, number> = {};
  const loads: Record<string, number> = {};
  const verification: Record<string, number> = {};
  for (const c of dataset.cases) {
    classes[c.label] = (classes[c.label] ?? 0) + 1;
    const load = c.load ?? 'unrecorded';
    loads[load] = (loads[load] ?? 0) + 1;
    if (c.service !== null) {
      const verdict = c.verification ?? 'unchecked';
      verification[verdict] = (verification[verdict] ?? 0) + 1;
    }
  }
  const normalCases = dataset.cases.filter((c) => c.service === null).length;
  return {
    name: dataset.name,
    cases: dataset.cases.length,
    faultCases: dataset.cases.length - normalCases,
    normalCases,
    episodes: new Set(dataset.cases.map((c) => c.group)).size,
    services: dataset.services,
    faults: dataset.faults,
    features: dataset.cases[0].featureNames.length,
    stepSeconds: dataset.cases[0].stepSeconds,
    windowSeconds: settings.windowSeconds,
    baselineSeconds: settings.baselineSeconds,
    shiftsSeconds: [...settings.shiftsSeconds].sort((a, b) => a - b),
    classes: sortedRecord(classes),
    loads: sortedRecord(loads),
    verification: sortedRecord(verification),
  };
}

/** The unshifted fault cases whose true culprit is not first in the service ranking. */
export function serviceMisses(outcomes: readonly QueryOutcome[], dataset: StudyDataset): StudyMiss[] {
  return outcomes
    .filter((o) => o.shiftSeconds === 0 && dataset.cases[o.caseIndex].service !== null)
    .filter((o) => o.serviceRanking[0] !== dataset.cases[o.caseIndex].service)
    .sort((a, b) => a.caseIndex - b.caseIndex)
    .map((o) => {
      const studyCase = dataset.cases[o.caseIndex];
      const rank = o.serviceRanking.indexOf(studyCase.service as string);
      return {
        case: studyCase.id,
        truth: studyCase.label,
        answer: o.label,
        culpritRank: rank < 0 ? o.serviceRanking.length + 1 : rank + 1,
        verification: studyCase.verification ?? 'unchecked',
      };
    });
}

/** Service-level AC@1, AC@3 and Avg@5 over the fault cases among `outcomes`. */
export function serviceAccuracy(outcomes: readonly QueryOutcome[], dataset: StudyDataset): ServiceAccuracy {
  const faulty = outcomes.filter((o) => dataset.cases[o.caseIndex].service !== null);
  const rankings = faulty.map((o) => o.serviceRanking);
  const truths = faulty.map((o) => dataset.cases[o.caseIndex].service as string);
  return {
    ac1: finiteOrNull(accuracyAtK(rankings, truths, 1)),
    ac3: finiteOrNull(accuracyAtK(rankings, truths, 3)),
    avg5: finiteOrNull(averageAccuracyAtK(rankings, truths, 5)),
  };
}

/** The accuracy-versus-shift curve over fault cases. */
export function shiftCurve(
  outcomes: readonly QueryOutcome[],
  dataset: StudyDataset,
  shiftsSeconds: readonly number[]
): ShiftPoint[] {
  return [...new Set([0, ...shiftsSeconds])]
    .sort((a, b) => a - b)
    .map((shiftSeconds) => {
      const atShift = outcomes.filter(
        (o) => o.shiftSeconds === shiftSeconds && dataset.cases[o.caseIndex].service !== null
      );
      return {
        shiftSeconds,
        serviceAc1: serviceAccuracy(atShift, dataset).ac1,
        serviceFaultAccuracy: labelAccuracy(atShift, dataset),
        queries: atShift.length,
      };
    });
}

/** Service AC@1 over fault-case queries shifted by exactly ±`seconds`. */
export function shiftedAc1(outcomes: readonly QueryOutcome[], dataset: StudyDataset, seconds: number): number | null {
  return serviceAccuracy(
    outcomes.filter((o) => Math.abs(o.shiftSeconds) === seconds),
    dataset
  ).ac1;
}

/** Share of outcomes whose top class is the true class; null when no outcome names a class. */
export function labelAccuracy(outcomes: readonly QueryOutcome[], dataset: StudyDataset): number | null {
  const labelled = outcomes.filter((o) => o.label !== null);
  if (labelled.length === 0) {
    return null;
  }
  return labelled.filter((o) => o.label === dataset.cases[o.caseIndex].label).length / labelled.length;
}

/**
 * Confusion matrix of true against predicted class. Labels: the data set's classes sorted with `normal` last, then
 * any label only ever predicted (e.g. `unknown`), so rows and columns line up and the diagonal is the hits.
 */
export function confusionMatrix(outcomes: readonly QueryOutcome[], dataset: StudyDataset): ConfusionMatrix {
  const truthLabels = [...new Set(dataset.cases.map((c) => c.label))].sort(byLabelNormalLast);
  const predictedOnly = [...new Set(outcomes.map((o) => o.label ?? ''))]
    .filter((l) => l !== '' && !truthLabels.includes(l))
    .sort();
  const labels = [...truthLabels, ...predictedOnly];
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  for (const o of outcomes) {
    if (o.label === null) {
      continue;
    }
    matrix[index.get(dataset.cases[o.caseIndex].label) as number][index.get(o.label) as number]++;
  }
  return { labels, matrix };
}

/** Mean and 95th percentile (nearest rank) of the diagnose times. */
export function latency(outcomes: readonly QueryOutcome[]): { mean: number | null; p95: number | null } {
  if (outcomes.length === 0) {
    return { mean: null, p95: null };
  }
  const times = outcomes.map((o) => o.diagnoseMs).sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  const p95 = times[Math.min(times.length - 1, Math.ceil(0.95 * times.length) - 1)];
  return { mean, p95 };
}

/** Builds one classifier's row from its leave-one-episode-out and leave-one-fault-kind-out outcomes. */
export function classifierReport(
  name: string,
  description: string,
  dataset: StudyDataset,
  shiftsSeconds: readonly number[],
  episodeOutcomes: readonly QueryOutcome[],
  faultKindOutcomes: ReadonlyMap<string, UnknownOutcomes>
): ClassifierReport {
  const aligned = episodeOutcomes.filter((o) => o.shiftSeconds === 0);
  const byFault: Record<string, number | null> = {};
  let unknowns = 0;
  let heldOut = 0;
  let falseUnknowns = 0;
  let known = 0;
  for (const [fault, { unseen, seen }] of faultKindOutcomes) {
    const said = unseen.filter((o) => o.unknown).length;
    byFault[fault] = unseen.length === 0 ? null : said / unseen.length;
    unknowns += said;
    heldOut += unseen.length;
    falseUnknowns += seen.filter((o) => o.unknown).length;
    known += seen.length;
  }
  const timing = latency(aligned);
  return {
    name,
    description,
    service: serviceAccuracy(aligned, dataset),
    serviceFault: { accuracy: labelAccuracy(aligned, dataset) },
    shift30: { ac1: shiftedAc1(episodeOutcomes, dataset, 30) },
    shift60: { ac1: shiftedAc1(episodeOutcomes, dataset, 60) },
    shifts: shiftCurve(episodeOutcomes, dataset, shiftsSeconds),
    unknownRecall: heldOut === 0 ? null : unknowns / heldOut,
    unknownRecallByFault: sortedRecord(byFault),
    unknownRate: known === 0 ? null : falseUnknowns / known,
    diagnoseMs: timing.mean,
    diagnoseMsP95: timing.p95,
    confusion: confusionMatrix(aligned, dataset),
    misses: serviceMisses(aligned, dataset),
  };
}

/** One shift-set row from the outcomes of one classifier (or the baseline, `withFault` false) on the shift set. */
export function shiftSetRow(
  name: string,
  shiftSet: StudyDataset,
  shiftsSeconds: readonly number[],
  outcomes: readonly QueryOutcome[],
  withFault: boolean
): ShiftSetRow {
  const aligned = outcomes.filter((o) => o.shiftSeconds === 0);
  const curve = shiftCurve(outcomes, shiftSet, shiftsSeconds);
  return {
    name,
    service: serviceAccuracy(aligned, shiftSet),
    serviceFault: withFault ? { accuracy: labelAccuracy(aligned, shiftSet) } : null,
    shift30: { ac1: shiftedAc1(outcomes, shiftSet, 30) },
    shift60: { ac1: shiftedAc1(outcomes, shiftSet, 60) },
    shifts: withFault ? curve : curve.map((p) => ({ ...p, serviceFaultAccuracy: null })),
  };
}

/** Builds the N-Sigma baseline's row. */
export function baselineReport(
  name: string,
  description: string,
  dataset: StudyDataset,
  shiftsSeconds: readonly number[],
  outcomes: readonly QueryOutcome[]
): BaselineReport {
  const aligned = outcomes.filter((o) => o.shiftSeconds === 0);
  const timing = latency(aligned);
  return {
    name,
    description,
    service: serviceAccuracy(aligned, dataset),
    serviceFault: null,
    shift30: { ac1: shiftedAc1(outcomes, dataset, 30) },
    shift60: { ac1: shiftedAc1(outcomes, dataset, 60) },
    shifts: shiftCurve(outcomes, dataset, shiftsSeconds).map((p) => ({ ...p, serviceFaultAccuracy: null })),
    unknownRecall: null,
    diagnoseMs: timing.mean,
    diagnoseMsP95: timing.p95,
  };
}

/**
 * Checks issue 7's goals against the best classifier: the one with the highest (service, fault) accuracy, ties
 * broken by service AC@1, then by name.
 */
export function checkGoals(classifiers: readonly ClassifierReport[], baseline: BaselineReport): GoalsReport | null {
  if (classifiers.length === 0) {
    return null;
  }
  const best = [...classifiers].sort(
    (a, b) =>
      (b.serviceFault.accuracy ?? -1) - (a.serviceFault.accuracy ?? -1) ||
      (b.service.ac1 ?? -1) - (a.service.ac1 ?? -1) ||
      (a.name < b.name ? -1 : 1)
  )[0];
  const atLeast = (goal: string, target: number, value: number | null): Goal => ({
    goal,
    target,
    comparison: '>=',
    value,
    met: value !== null && value >= target,
  });
  const baselineAc1 = baseline.service.ac1 ?? 0;
  const goals = [
    atLeast('service AC@1', 0.95, best.service.ac1),
    atLeast('(service, fault) accuracy', 0.9, best.serviceFault.accuracy),
    {
      goal: 'service AC@1 ahead of the N-Sigma baseline',
      target: baselineAc1,
      comparison: '>' as const,
      value: best.service.ac1,
      met: best.service.ac1 !== null && best.service.ac1 > baselineAc1,
    },
    atLeast('service AC@1 at a 60 s onset shift', 0.85, best.shift60.ac1),
  ];
  return { classifier: best.name, goals, allMet: goals.every((g) => g.met) };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function byLabelNormalLast(a: string, b: string): number {
  if (a === NORMAL_LABEL || b === NORMAL_LABEL) {
    return a === b ? 0 : a === NORMAL_LABEL ? 1 : -1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
