import { createClassifier } from '../core/classifiers/createClassifier';
import type { Classifier } from '../core/classifiers/classifier';
import { resolveSpec, type ClassifierSpecInput } from '../core/classifiers/classifierSpec';
import { calibrateUnknownThreshold, type UnknownCalibration } from '../core/classifiers/unknownCalibration';
import type { DistanceName } from '../core/distances/distanceRegistry';
import { learnWindow } from '../core/classifiers/learnWindow';
import { dtwPairwiseDistance } from '../core/distances/dtwDistance';
import { windowCellsFor } from '../core/distances/windowCells';
import { baselineDeviation, type BaselineDeviationOptions } from '../core/transforms/baselineDeviation';
import { UNKNOWN_LABEL, type Mts, type Prediction } from '../core/types';
import { buildInstance } from '../instances/buildInstance';
import type { FeatureGrid, FeatureRef } from '../instances/featureGrid';
import { NORMAL_LABEL, serviceOfFeature } from './studyCase';
import type { StudyClassifier, StudyClassifierEntry, WindowScaler } from './studyProtocols';

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
    description: 'DTW_D 3-NN, distance-weighted vote, window learned per fold by leave-one-out 1-NN accuracy',
    spec: { classifier: 'dtw-d', k: 3, weighting: 'distance', learnWindow: true },
  },
  minirocket: { description: 'MiniRocket features + ridge classifier (seed 0)', spec: { classifier: 'minirocket' } },
};

/** Windows (percent of the length) tried when a spec says `learnWindow`: every percent, as the UCR archive does. */
export const STUDY_WINDOW_PERCENTAGES: readonly number[] = Array.from({ length: 101 }, (_, p) => p);

/** The classifiers run when `--classifiers` is not given: all of them. */
export const DEFAULT_STUDY_CLASSIFIERS: readonly string[] = Object.keys(STUDY_CLASSIFIER_SPECS);

/**
 * Entries for the named classifiers; throws a `RangeError` listing the allowed names for an unknown one. Each spec is
 * checked by the core now, so a bad one fails before the study starts rather than in its first fold.
 */
export function studyClassifierEntries(
  names: readonly string[],
  options: { maxFalseUnknownRate?: number } = {}
): StudyClassifierEntry[] {
  const maxFalse = options.maxFalseUnknownRate ?? 1;
  if (!(maxFalse >= 0 && maxFalse <= 1)) {
    throw new RangeError(`the largest false-unknown rate must be between 0 and 1, got ${maxFalse}`);
  }
  return names.map((name) => {
    const known = STUDY_CLASSIFIER_SPECS[name];
    if (known === undefined) {
      throw new RangeError(
        `unknown classifier "${name}"; choose from ${Object.keys(STUDY_CLASSIFIER_SPECS).join(', ')}`
      );
    }
    createClassifier(known.spec);
    const spec = known.spec;
    if (typeof spec === 'object' && spec.learnWindow === true) {
      const { learnWindow: _learned, ...fixed } = spec;
      const matrices = new WindowMatrices(fixed.classifier === 'dtw-i' ? 'dtw-i' : 'dtw-d');
      const distance = fixed.classifier === 'dtw-i' ? 'dtw-i' : 'dtw-d';
      return {
        name,
        description: known.description,
        prepare: (all) => matrices.prepare(all),
        create: ({ rejectUnknown }) => {
          const inner = new WindowLearnedDtw({ ...fixed, rejectUnknown: false }, matrices);
          return rejectUnknown
            ? new KindCalibratedUnknown(inner, distance, () => inner.windowFraction ?? 0, maxFalse)
            : inner;
        },
      };
    }
    const resolved = resolveSpec(spec);
    return {
      name,
      description: known.description,
      // MiniRocket has no nearest distance to threshold: it never says "unknown".
      create: ({ rejectUnknown }) => {
        if (resolved.classifier === 'minirocket') {
          return createClassifier(spec);
        }
        const inner = createClassifier({ ...(spec as Exclude<ClassifierSpecInput, string>), rejectUnknown: false });
        const windowFraction = resolved.windowFraction;
        return rejectUnknown
          ? new KindCalibratedUnknown(inner, resolved.classifier, () =>
              resolved.classifier === 'ed' ? 0 : windowFraction
            )
          : inner;
      },
    };
  });
}

/**
 * Pairwise DTW distances (the core's `dtwPairwiseDistance`) between every instance of the study, once per distinct
 * window, so each fold can learn its window from its own training cases without recomputing them. Learning the window
 * in each of ~150 folds from scratch would dominate the study's run time.
 */
export class WindowMatrices {
  private series: readonly Mts[] = [];
  private readonly indexOf = new Map<Mts, number>();
  /** Pairwise distances per window in cells, `n × n`, row-major. */
  private readonly byCells = new Map<number, Float64Array>();
  /** Window in cells of each candidate percentage. */
  private cellsOf: number[] = [];

  constructor(private readonly variant: 'dtw-d' | 'dtw-i') {}

  prepare(all: readonly Mts[]): void {
    this.series = all;
    this.indexOf.clear();
    all.forEach((s, i) => this.indexOf.set(s, i));
    this.byCells.clear();
    const length = all[0].length;
    this.cellsOf = STUDY_WINDOW_PERCENTAGES.map((p) => windowCellsFor(p / 100, length));
    for (const cells of new Set(this.cellsOf)) {
      this.byCells.set(
        cells,
        dtwPairwiseDistance(all, all, {
          windowCells: cells,
          variant: this.variant === 'dtw-d' ? 'dependent' : 'independent',
        })
      );
    }
  }

  /**
   * The learned window for a training fold: the core's rule (leave-one-out 1-NN accuracy on the fold for every
   * candidate; nearest-neighbour ties to the lower index; accuracy ties to the smaller window), read from the
   * matrices; null when a training series was not prepared (then the caller learns it the slow way).
   */
  learn(train: readonly Mts[], labels: readonly string[]): number | null {
    const indices = train.map((s) => this.indexOf.get(s));
    if (indices.some((i) => i === undefined)) {
      return null;
    }
    const n = this.series.length;
    const idx = indices as number[];
    const accuracyByCells = new Map<number, number>();
    for (const [cells, d] of this.byCells) {
      let correct = 0;
      for (let a = 0; a < idx.length; a++) {
        let best = Infinity;
        let bestAt = -1;
        for (let b = 0; b < idx.length; b++) {
          const distance = d[idx[a] * n + idx[b]];
          if (b !== a && distance < best) {
            best = distance;
            bestAt = b;
          }
        }
        if (bestAt >= 0 && labels[bestAt] === labels[a]) {
          correct++;
        }
      }
      accuracyByCells.set(cells, correct / idx.length);
    }
    let bestPercent = STUDY_WINDOW_PERCENTAGES[0];
    let bestAccuracy = -1;
    STUDY_WINDOW_PERCENTAGES.forEach((p, i) => {
      const accuracy = accuracyByCells.get(this.cellsOf[i]) as number;
      if (accuracy > bestAccuracy) {
        bestAccuracy = accuracy;
        bestPercent = p;
      }
    });
    return bestPercent / 100;
  }
}

/** The fault kind of a class label (`service/fault`), null for normal windows. */
export function faultKindOfLabel(label: string): string | null {
  if (label === NORMAL_LABEL) {
    return null;
  }
  const slash = label.lastIndexOf('/');
  return slash < 0 ? label : label.slice(slash + 1);
}

/**
 * A kNN whose "unknown" threshold is learned on its own training fold by leave-one-kind-out
 * ({@link calibrateUnknownThreshold}), instead of the core's default rule. Everything is fitted inside the fold: the
 * held-out kind and the held-out cases never reach `fit`.
 */
export class KindCalibratedUnknown implements StudyClassifier {
  /** The calibration of the last `fit` (null with fewer than two fault kinds in the fold). */
  calibration: UnknownCalibration | null = null;

  constructor(
    private readonly inner: StudyClassifier,
    private readonly distance: DistanceName,
    private readonly windowFraction: () => number,
    private readonly maxFalseUnknownRate = 1
  ) {}

  fit(train: Mts[], labels: string[]): void {
    this.inner.fit(train, labels);
    this.calibration = calibrateUnknownThreshold(
      train,
      labels,
      faultKindOfLabel,
      this.distance,
      this.windowFraction(),
      this.maxFalseUnknownRate
    );
  }

  predict(query: Mts): Prediction {
    const prediction = this.inner.predict(query);
    const nearest = prediction.neighbours?.[0]?.distance;
    const unknown = this.calibration !== null && nearest !== undefined && nearest > this.calibration.threshold;
    return { ...prediction, unknown, label: unknown ? UNKNOWN_LABEL : prediction.label };
  }
}

/** A DTW kNN whose window is learned on its training fold (see {@link WindowMatrices}), then fixed in a core classifier. */
export class WindowLearnedDtw {
  private fitted: Classifier | null = null;
  /** The window learned by the last `fit`. */
  windowFraction: number | null = null;

  constructor(
    private readonly spec: Exclude<ClassifierSpecInput, string>,
    private readonly matrices: WindowMatrices
  ) {}

  fit(train: Mts[], labels: string[]): void {
    const distance = this.spec.classifier === 'dtw-i' ? 'dtw-i' : 'dtw-d';
    const windowFraction =
      this.matrices.learn(train, labels) ??
      learnWindow(train, labels, distance, { percentages: STUDY_WINDOW_PERCENTAGES }).windowFraction;
    this.windowFraction = windowFraction;
    this.fitted = createClassifier({ ...this.spec, windowFraction });
    this.fitted.fit(train, labels);
  }

  predict(query: Mts): Prediction {
    if (this.fitted === null) {
      throw new Error('predict called before fit');
    }
    return this.fitted.predict(query);
  }
}

/**
 * Scales a window against its baseline with the core's {@link baselineDeviation}: the live builder's rule with the clip
 * and floors as settings (with `LIVE_BASELINE_DEVIATION` it gives what {@link liveInstanceScaler} gives).
 */
export function baselineDeviationScaler(options: BaselineDeviationOptions): WindowScaler {
  return (window: Mts, baseline: Mts): Mts => baselineDeviation(window, baseline, options);
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
