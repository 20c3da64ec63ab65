import type { Mts } from '../core/types';
import { type WindowSettings } from './caseWindow';
import type { StudyDataset } from './studyCase';
import {
  groupIndices,
  leaveOneEpisodeOut,
  leaveOneFaultKindOut,
  nSigmaOutcomes,
  prepareInstances,
  type StudyClassifierEntry,
  UNKNOWN_PROTOCOL_FOLDS,
  type WindowScaler,
} from './studyProtocols';
import { prepareShiftQueries, shiftSetNSigmaOutcomes, shiftSetOutcomes, type ShiftSetSettings } from './shiftProtocol';
import {
  baselineReport,
  checkGoals,
  classifierReport,
  shiftSetRow,
  summariseDataset,
  type ShiftSetReport,
  type StudyReport,
} from './studyReport';

/** The protocol: how windows are cut and which onset shifts are tried. */
export interface StudySettings extends WindowSettings {
  /** Shifts of the diagnosed window from the true onset, besides 0 (negative: earlier). */
  readonly shiftsSeconds: readonly number[];
}

/**
 * Defaults that fit the shop fixture (40 s faults every ~100 s): a 40 s window from the onset compared with the 30 s
 * before it, and the ±30 s / ±60 s shifts that issue 7 asks about. A case needs 90 s of data before its onset and
 * 100 s from it on.
 */
export const DEFAULT_STUDY_SETTINGS: StudySettings = {
  windowSeconds: 40,
  baselineSeconds: 30,
  shiftsSeconds: [-60, -30, 30, 60],
};

/** Hooks for progress and time, so the study itself stays free of I/O. */
export interface StudyHooks {
  /** A monotonic clock in milliseconds (e.g. `performance.now`). */
  readonly now: () => number;
  /** Called once before the work starts with the number of units (folds) it will take. */
  readonly onStart?: (totalUnits: number) => void;
  /** Called after each unit with the running count and what is being evaluated. */
  readonly onProgress?: (doneUnits: number, current: string) => void;
}

export const N_SIGMA_NAME = 'n-sigma';
const N_SIGMA_DESCRIPTION =
  'unsupervised baseline: ranks services by the largest move of any of their metrics, in standard deviations of the baseline window';

/** A separate set of episodes recorded with long quiet gaps, for the fair onset-shift protocol. */
export interface ShiftSetInput {
  readonly dataset: StudyDataset;
  readonly settings: ShiftSetSettings;
}

/**
 * Runs the whole study: every classifier under leave-one-episode-out (unshifted and shifted windows) and
 * leave-one-fault-kind-out, and the N-Sigma baseline, then summarises everything in one report. With a shift set, each
 * classifier is also fitted once on the whole data set and asked about the shift set's long, shifted windows
 * (`shiftProtocol.ts`); the report's `shift30`/`shift60` then come from there.
 */
export function runStudy(
  dataset: StudyDataset,
  entries: readonly StudyClassifierEntry[],
  settings: StudySettings,
  scale: WindowScaler,
  hooks: StudyHooks,
  shiftSet?: ShiftSetInput
): StudyReport {
  const instances = prepareInstances(dataset, settings, settings.shiftsSeconds, scale);
  const queries =
    shiftSet === undefined
      ? []
      : prepareShiftQueries(dataset, shiftSet.dataset, shiftSet.settings, settings.windowSeconds, scale);
  const shiftRows: ShiftSetReport['classifiers'] = [];
  const nGroups = groupIndices(dataset).size;
  const unitsPerClassifier = nGroups + dataset.faults.length * UNKNOWN_PROTOCOL_FOLDS + (shiftSet ? 1 : 0);
  hooks.onStart?.(entries.length * unitsPerClassifier + 1);
  let done = 0;
  const classifiers = entries.map((entry) => {
    const base = done;
    entry.prepare?.(instances.byShift.get(0) as Mts[]);
    const episodeOutcomes = leaveOneEpisodeOut(entry, dataset, instances, hooks.now, (d) =>
      hooks.onProgress?.(base + d, `${entry.name}: leave-one-episode-out`)
    );
    const faultKindOutcomes = leaveOneFaultKindOut(entry, dataset, instances, hooks.now, (d) =>
      hooks.onProgress?.(base + nGroups + d, `${entry.name}: leave-one-fault-kind-out`)
    );
    const report = classifierReport(
      entry.name,
      entry.description,
      dataset,
      settings.shiftsSeconds,
      episodeOutcomes,
      faultKindOutcomes
    );
    done = base + unitsPerClassifier;
    if (shiftSet === undefined) {
      return report;
    }
    const outcomes = shiftSetOutcomes(
      entry,
      dataset,
      instances.byShift.get(0) as Mts[],
      shiftSet.dataset,
      queries,
      hooks.now
    );
    const row = shiftSetRow(entry.name, shiftSet.dataset, shiftSet.settings.shiftsSeconds, outcomes, true);
    shiftRows.push(row);
    hooks.onProgress?.(done, `${entry.name}: shift set`);
    return { ...report, shift30: row.shift30, shift60: row.shift60 };
  });
  const nSigma = baselineReport(
    N_SIGMA_NAME,
    N_SIGMA_DESCRIPTION,
    dataset,
    settings.shiftsSeconds,
    nSigmaOutcomes(dataset, instances, hooks.now)
  );
  let shiftSetReport: ShiftSetReport | null = null;
  let baseline = nSigma;
  if (shiftSet !== undefined) {
    const d = shiftSet.dataset;
    const baselineRow = shiftSetRow(
      N_SIGMA_NAME,
      d,
      shiftSet.settings.shiftsSeconds,
      shiftSetNSigmaOutcomes(d, queries, hooks.now),
      false
    );
    const normalCases = d.cases.filter((c) => c.service === null).length;
    shiftSetReport = {
      name: d.name,
      cases: d.cases.length,
      faultCases: d.cases.length - normalCases,
      normalCases,
      windowSeconds: shiftSet.settings.windowSeconds,
      leadSeconds: shiftSet.settings.leadSeconds,
      baselineSeconds: shiftSet.settings.baselineSeconds,
      shiftsSeconds: [...new Set([0, ...shiftSet.settings.shiftsSeconds])].sort((a, b) => a - b),
      classifiers: shiftRows,
      baseline: baselineRow,
    };
    baseline = { ...nSigma, shift30: baselineRow.shift30, shift60: baselineRow.shift60 };
  }
  hooks.onProgress?.(done + 1, N_SIGMA_NAME);
  return {
    dataset: summariseDataset(dataset, settings),
    classifiers,
    baseline,
    goals: checkGoals(classifiers, baseline),
    shiftSet: shiftSetReport,
  };
}
