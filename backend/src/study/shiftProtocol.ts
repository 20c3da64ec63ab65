import type { Mts } from '../core/types';
import { localiseMostMoved } from '../core/transforms/localiseMostMoved';
import { cutCaseWindow, sliceSteps } from './caseWindow';
import { rankServicesByNSigma } from './nSigmaRanker';
import { serviceRankingFromPrediction } from './serviceRanking';
import type { StudyDataset } from './studyCase';
import type { QueryOutcome, StudyClassifierEntry, WindowScaler } from './studyProtocols';

/**
 * The onset-shift protocol on a separate shift set: what a person diagnoses is a window longer than the fault (what
 * they drag-select around an incident), and it does not start at the true onset.
 */
export interface ShiftSetSettings {
  /** Length of the diagnosed window, e.g. 160 s for 40 s faults: it holds the whole fault at every shift. */
  readonly windowSeconds: number;
  /** How long before the true onset the unshifted window starts (the fault then sits in its middle). */
  readonly leadSeconds: number;
  /** Length of the baseline just before the diagnosed window (it moves with the window). */
  readonly baselineSeconds: number;
  /** Shifts of the window from its unshifted place, 0 included or not (it always is). */
  readonly shiftsSeconds: readonly number[];
}

/**
 * Defaults for the shop's shift set (`fixtures/shop-study/shift-cases`: 40 s faults with 200 s quiet gaps): a 160 s
 * window from 60 s before the onset, its 60 s baseline before it, shifted by up to ±60 s. At −60 s the window ends at
 * the fault's end and its baseline starts 180 s before the onset (20 s after the previous fault ended); at +60 s the
 * window starts at the onset and ends 80 s before the next one.
 */
export const DEFAULT_SHIFT_SET_SETTINGS: ShiftSetSettings = {
  windowSeconds: 160,
  leadSeconds: 60,
  baselineSeconds: 60,
  shiftsSeconds: [-60, -30, 30, 60],
};

/** One query of the shift set: the long window, its baseline, and the library-sized part the classifier sees. */
export interface ShiftQuery {
  readonly caseIndex: number;
  readonly shiftSeconds: number;
  readonly window: Mts;
  readonly baseline: Mts;
  /** The part of the scaled long window that moved most (core `localiseMostMoved`), library length. */
  readonly located: Mts;
  /** Where `located` starts, in seconds from the long window's start. */
  readonly locatedAtSeconds: number;
}

/**
 * Cuts every shift-set case at every shift (normal windows only unshifted: they have no onset to miss), scales the long
 * window against its baseline and locates the library-sized stretch that moved most. Throws when the shift set's
 * features differ from the library's or a case is too short (naming it and by how much).
 */
export function prepareShiftQueries(
  library: StudyDataset,
  shiftSet: StudyDataset,
  settings: ShiftSetSettings,
  libraryWindowSeconds: number,
  scale: WindowScaler
): ShiftQuery[] {
  const libraryFeatures = library.cases[0].featureNames.join(',');
  const step = library.cases[0].stepSeconds;
  shiftSet.cases.forEach((c) => {
    if (c.featureNames.join(',') !== libraryFeatures) {
      throw new RangeError(
        `shift-set case "${c.id}" has other features than the library (${c.featureNames.length} vs ${library.cases[0].featureNames.length}); export both with the same catalogue and services`
      );
    }
    if (c.stepSeconds !== step) {
      throw new RangeError(`shift-set case "${c.id}" has a ${c.stepSeconds} s step but the library ${step} s`);
    }
  });
  const librarySteps = Math.round(libraryWindowSeconds / step);
  const queries: ShiftQuery[] = [];
  const shifts = [...new Set([0, ...settings.shiftsSeconds])].sort((a, b) => a - b);
  shiftSet.cases.forEach((c, caseIndex) => {
    for (const shiftSeconds of shifts) {
      if (c.service === null && shiftSeconds !== 0) {
        continue;
      }
      // A normal window's "onset" is where its window starts: there is no fault to put in the middle.
      const offset = c.service === null ? 0 : shiftSeconds - settings.leadSeconds;
      const { window, baseline } = cutCaseWindow(
        c,
        { windowSeconds: settings.windowSeconds, baselineSeconds: settings.baselineSeconds },
        offset
      );
      const scaled = scale(window, baseline);
      const at = localiseMostMoved(scaled, librarySteps);
      queries.push({
        caseIndex,
        shiftSeconds,
        window,
        baseline,
        located: sliceSteps(scaled, at, at + librarySteps),
        locatedAtSeconds: at * step,
      });
    }
  });
  return queries;
}

/**
 * One classifier on the shift set: fitted once on every aligned library instance (the shift set's episodes were
 * recorded separately, so none of them is in the library), then asked about the located stretch of every query.
 */
export function shiftSetOutcomes(
  entry: StudyClassifierEntry,
  library: StudyDataset,
  libraryInstances: readonly Mts[],
  shiftSet: StudyDataset,
  queries: readonly ShiftQuery[],
  now: () => number
): QueryOutcome[] {
  const classifier = entry.create({ rejectUnknown: false });
  classifier.fit(
    [...libraryInstances],
    library.cases.map((c) => c.label)
  );
  return queries.map((q) => {
    const started = now();
    const prediction = classifier.predict(q.located);
    const diagnoseMs = now() - started;
    return {
      caseIndex: q.caseIndex,
      shiftSeconds: q.shiftSeconds,
      label: prediction.scores.length > 0 ? prediction.scores[0].label : prediction.label,
      unknown: prediction.unknown,
      serviceRanking: serviceRankingFromPrediction(prediction, shiftSet.services),
      diagnoseMs,
    };
  });
}

/** The N-Sigma baseline on the shift set: the whole long window against its baseline (it needs no locating). */
export function shiftSetNSigmaOutcomes(
  shiftSet: StudyDataset,
  queries: readonly ShiftQuery[],
  now: () => number
): QueryOutcome[] {
  const featureNames = shiftSet.cases[0].featureNames;
  return queries
    .filter((q) => shiftSet.cases[q.caseIndex].service !== null)
    .map((q) => {
      const started = now();
      const ranking = rankServicesByNSigma(q.window, q.baseline, featureNames, shiftSet.services);
      return {
        caseIndex: q.caseIndex,
        shiftSeconds: q.shiftSeconds,
        label: null,
        unknown: false,
        serviceRanking: ranking.map((r) => r.service),
        diagnoseMs: now() - started,
      };
    });
}
