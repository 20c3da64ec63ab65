import type { Mts, Prediction } from '../core/types';
import { cutCaseWindow, type WindowSettings } from './caseWindow';
import { rankServicesByNSigma } from './nSigmaRanker';
import { serviceRankingFromPrediction } from './serviceRanking';
import type { StudyDataset } from './studyCase';

/** What the study needs of a classifier: the core's estimators have this shape. */
export interface StudyClassifier {
  fit(train: Mts[], labels: string[]): unknown;
  predict(query: Mts): Prediction;
}

/** A classifier under study: a name for the report and a way to make a fresh, unfitted instance per fold. */
export interface StudyClassifierEntry {
  readonly name: string;
  readonly description: string;
  /**
   * `rejectUnknown: false` asks for a classifier that never says "unknown": learning the unknown threshold costs a
   * leave-one-out search over the whole library at every fit, and leave-one-episode-out does not use it (the unknown
   * protocol does).
   */
  create(options: { rejectUnknown: boolean }): StudyClassifier;
  /** Called once with every unshifted instance before any fold, for work that folds can share. */
  prepare?(all: readonly Mts[]): void;
}

/**
 * How a cut window becomes the instance a classifier sees. Live diagnosis scales each window against the baseline
 * just before it, so the study does the same (see `studyClassifiers.ts`).
 */
export type WindowScaler = (window: Mts, baseline: Mts) => Mts;

/** The answer for one query (one case at one onset shift). */
export interface QueryOutcome {
  readonly caseIndex: number;
  readonly shiftSeconds: number;
  /** The top-ranked class label, or null for a ranker that names no class (the N-Sigma baseline). */
  readonly label: string | null;
  /** Whether the classifier said "unknown" (nothing close enough in the library). */
  readonly unknown: boolean;
  /** Every candidate service, most likely culprit first. */
  readonly serviceRanking: readonly string[];
  /** Wall time of the diagnosis of this query (classification only, the window already cut and scaled). */
  readonly diagnoseMs: number;
}

/** Progress callback: `done` of `total` units of work finished. */
export type ProgressHook = (done: number, total: number) => void;

/** The instances of every case at every shift, cut and scaled once and shared by every classifier. */
export interface PreparedInstances {
  /** `byShift.get(shift)[caseIndex]` is the scaled window; null where the case is not queried at that shift. */
  readonly byShift: ReadonlyMap<number, ReadonlyArray<Mts | null>>;
  /** The raw windows and baselines at every shift, for the N-Sigma baseline (which does its own scaling). */
  readonly raw: ReadonlyMap<number, ReadonlyArray<{ window: Mts; baseline: Mts } | null>>;
}

/**
 * Cuts every case at every shift. Normal windows are only cut unshifted: a shift from an onset that does not exist
 * measures nothing.
 */
export function prepareInstances(
  dataset: StudyDataset,
  settings: WindowSettings,
  shiftsSeconds: readonly number[],
  scale: WindowScaler
): PreparedInstances {
  const byShift = new Map<number, Array<Mts | null>>();
  const raw = new Map<number, Array<{ window: Mts; baseline: Mts } | null>>();
  for (const shift of new Set([0, ...shiftsSeconds])) {
    const scaled: Array<Mts | null> = [];
    const cuts: Array<{ window: Mts; baseline: Mts } | null> = [];
    for (const studyCase of dataset.cases) {
      if (shift !== 0 && studyCase.service === null) {
        scaled.push(null);
        cuts.push(null);
        continue;
      }
      const { window, baseline } = cutCaseWindow(studyCase, settings, shift);
      scaled.push(scale(window, baseline));
      cuts.push({ window, baseline });
    }
    byShift.set(shift, scaled);
    raw.set(shift, cuts);
  }
  return { byShift, raw };
}

/**
 * Leave-one-episode-out: for every group (episode), a fresh classifier is fitted on the unshifted windows of every
 * other group, then asked about each case of the held-out group at every shift. The library is always built from
 * correctly aligned episodes; only the query moves, as when a person selects a window too early or too late.
 */
export function leaveOneEpisodeOut(
  entry: StudyClassifierEntry,
  dataset: StudyDataset,
  instances: PreparedInstances,
  now: () => number,
  onProgress?: ProgressHook
): QueryOutcome[] {
  const aligned = shiftRow(instances, 0);
  const groups = groupIndices(dataset);
  const outcomes: QueryOutcome[] = [];
  let done = 0;
  for (const members of groups.values()) {
    const held = new Set(members);
    const train: Mts[] = [];
    const labels: string[] = [];
    dataset.cases.forEach((studyCase, i) => {
      if (!held.has(i)) {
        train.push(aligned[i] as Mts);
        labels.push(studyCase.label);
      }
    });
    const classifier = entry.create({ rejectUnknown: false });
    classifier.fit(train, labels);
    for (const caseIndex of members) {
      for (const [shiftSeconds, row] of instances.byShift) {
        const query = row[caseIndex];
        if (query !== null) {
          outcomes.push(classify(classifier, query, caseIndex, shiftSeconds, dataset.services, now));
        }
      }
    }
    done++;
    onProgress?.(done, groups.size);
  }
  return outcomes;
}

/** What the unknown protocol found for one held-out fault kind. */
export interface UnknownOutcomes {
  /** Queries of the held-out kind: the right answer is "unknown". */
  readonly unseen: QueryOutcome[];
  /** Queries of held-out cases whose class is in the library: "unknown" is a false alarm. */
  readonly seen: QueryOutcome[];
}

/** How many folds the unknown protocol splits the other kinds' cases into. */
export const UNKNOWN_PROTOCOL_FOLDS = 3;

/**
 * Leave-one-fault-kind-out, crossed with a stratified split of everything else: for every fault kind K and every fold
 * f of {@link UNKNOWN_PROTOCOL_FOLDS}, a classifier is fitted without any case of kind K and without fold f of the
 * other cases (normal windows included; each class's cases are dealt to folds in turn, keeping an episode's cases
 * together), then asked about every case of kind K (the right answer is "unknown") and about fold f (whose classes
 * it knows: "unknown" there is a false alarm). So one run measures how often a new kind is recognised as new and
 * what that costs on known kinds, with 3 fits per kind instead of one per episode.
 */
export function leaveOneFaultKindOut(
  entry: StudyClassifierEntry,
  dataset: StudyDataset,
  instances: PreparedInstances,
  now: () => number,
  onProgress?: ProgressHook
): Map<string, UnknownOutcomes> {
  const aligned = shiftRow(instances, 0);
  const foldOf = stratifiedGroupFolds(dataset, UNKNOWN_PROTOCOL_FOLDS);
  const result = new Map<string, UnknownOutcomes>();
  let done = 0;
  const total = dataset.faults.length * UNKNOWN_PROTOCOL_FOLDS;
  for (const fault of dataset.faults) {
    const outcomes: UnknownOutcomes = { unseen: [], seen: [] };
    for (let fold = 0; fold < UNKNOWN_PROTOCOL_FOLDS; fold++) {
      const train: Mts[] = [];
      const labels: string[] = [];
      dataset.cases.forEach((studyCase, i) => {
        if (studyCase.fault !== fault && foldOf[i] !== fold) {
          train.push(aligned[i] as Mts);
          labels.push(studyCase.label);
        }
      });
      done++;
      // A data set with one episode per class puts every case in fold 0: nothing is left to train on there.
      if (train.length === 0) {
        onProgress?.(done, total);
        continue;
      }
      const classifier = entry.create({ rejectUnknown: true });
      classifier.fit(train, labels);
      dataset.cases.forEach((studyCase, i) => {
        const query = aligned[i] as Mts;
        if (studyCase.fault === fault) {
          outcomes.unseen.push(classify(classifier, query, i, 0, dataset.services, now));
        } else if (foldOf[i] === fold) {
          outcomes.seen.push(classify(classifier, query, i, 0, dataset.services, now));
        }
      });
      onProgress?.(done, total);
    }
    result.set(fault, outcomes);
  }
  return result;
}

/**
 * Deals the groups (episodes) of each class to `folds` folds in turn, in order of first appearance, so every fold
 * holds about a third of every class and an episode never straddles two folds. Returns the fold of each case.
 */
export function stratifiedGroupFolds(dataset: StudyDataset, folds: number): number[] {
  const groupFold = new Map<string, number>();
  const dealtPerClass = new Map<string, number>();
  return dataset.cases.map((studyCase) => {
    let fold = groupFold.get(studyCase.group);
    if (fold === undefined) {
      const dealt = dealtPerClass.get(studyCase.label) ?? 0;
      fold = dealt % folds;
      dealtPerClass.set(studyCase.label, dealt + 1);
      groupFold.set(studyCase.group, fold);
    }
    return fold;
  });
}

/**
 * The unsupervised N-Sigma baseline over every fault case at every shift. It learns nothing, so there is no fold:
 * each window is compared with its own baseline only.
 */
export function nSigmaOutcomes(dataset: StudyDataset, instances: PreparedInstances, now: () => number): QueryOutcome[] {
  const outcomes: QueryOutcome[] = [];
  const featureNames = dataset.cases[0].featureNames;
  for (const [shiftSeconds, row] of instances.raw) {
    row.forEach((cut, caseIndex) => {
      if (cut === null || dataset.cases[caseIndex].service === null) {
        return;
      }
      const started = now();
      const ranking = rankServicesByNSigma(cut.window, cut.baseline, featureNames, dataset.services);
      const diagnoseMs = now() - started;
      outcomes.push({
        caseIndex,
        shiftSeconds,
        label: null,
        unknown: false,
        serviceRanking: ranking.map((r) => r.service),
        diagnoseMs,
      });
    });
  }
  return outcomes;
}

function classify(
  classifier: StudyClassifier,
  query: Mts,
  caseIndex: number,
  shiftSeconds: number,
  services: readonly string[],
  now: () => number
): QueryOutcome {
  const started = now();
  const prediction = classifier.predict(query);
  const diagnoseMs = now() - started;
  // The top-scored class even when the classifier also says "unknown": accuracy asks whether the best guess is
  // right; how often it abstains is reported on its own (unknownRate).
  const label = prediction.scores.length > 0 ? prediction.scores[0].label : prediction.label;
  return {
    caseIndex,
    shiftSeconds,
    label,
    unknown: prediction.unknown,
    serviceRanking: serviceRankingFromPrediction(prediction, services),
    diagnoseMs,
  };
}

function shiftRow(instances: PreparedInstances, shift: number): ReadonlyArray<Mts | null> {
  const row = instances.byShift.get(shift);
  if (row === undefined) {
    throw new RangeError(`no instances were prepared at a shift of ${shift} s`);
  }
  return row;
}

/** Case indices per group, groups in order of first appearance. */
export function groupIndices(dataset: StudyDataset): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  dataset.cases.forEach((studyCase, i) => {
    const members = groups.get(studyCase.group);
    if (members === undefined) {
      groups.set(studyCase.group, [i]);
    } else {
      members.push(i);
    }
  });
  return groups;
}
