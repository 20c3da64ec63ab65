import type { Mts } from '../core/types';
import type { StudyCase } from './studyCase';

/** How a diagnosed window is cut out of a case. */
export interface WindowSettings {
  /** Length of the diagnosed window. */
  readonly windowSeconds: number;
  /** Length of the baseline taken just before the window (what live diagnosis compares the window with). */
  readonly baselineSeconds: number;
}

/** A diagnosed window and the baseline just before it. */
export interface CaseWindow {
  readonly window: Mts;
  readonly baseline: Mts;
  /** Unix seconds of the window's first row. */
  readonly windowStartSeconds: number;
}

/**
 * Cuts the window that starts `shiftSeconds` after the true onset (negative: before it), and the baseline just before
 * that window. The baseline moves with the window on purpose: a person who selects a window too early or too late gets
 * the minutes before their selection as the reference, not the minutes before the true onset that nobody knows live.
 *
 * Throws a `RangeError` naming the case and how many seconds are missing when the recording is too short.
 */
export function cutCaseWindow(studyCase: StudyCase, settings: WindowSettings, shiftSeconds = 0): CaseWindow {
  const { stepSeconds, startSeconds, series } = studyCase;
  const windowSteps = stepsOf(settings.windowSeconds, stepSeconds, 'windowSeconds');
  const baselineSteps = stepsOf(settings.baselineSeconds, stepSeconds, 'baselineSeconds');
  if (!Number.isFinite(shiftSeconds) || !Number.isInteger(shiftSeconds / stepSeconds)) {
    throw new RangeError(`a shift of ${shiftSeconds} s is not a whole number of ${stepSeconds} s steps`);
  }
  const windowStart = Math.round((studyCase.onsetSeconds + shiftSeconds - startSeconds) / stepSeconds);
  const baselineStart = windowStart - baselineSteps;
  const windowEnd = windowStart + windowSteps;
  if (baselineStart < 0) {
    throw new RangeError(
      `case "${studyCase.id}" starts ${-baselineStart * stepSeconds} s too late for a ${settings.baselineSeconds} s baseline ` +
        `before a window shifted by ${shiftSeconds} s; export it with more data before the onset`
    );
  }
  if (windowEnd > series.length) {
    throw new RangeError(
      `case "${studyCase.id}" ends ${(windowEnd - series.length) * stepSeconds} s too early for a ${settings.windowSeconds} s window ` +
        `shifted by ${shiftSeconds} s; export it with more data after the onset`
    );
  }
  return {
    window: sliceSteps(series, windowStart, windowEnd),
    baseline: sliceSteps(series, baselineStart, windowStart),
    windowStartSeconds: startSeconds + windowStart * stepSeconds,
  };
}

/**
 * How much data a case needs around its onset so that every window in `shiftsSeconds` can be cut:
 * `before` seconds before the onset and `after` seconds from the onset on.
 */
export function requiredSpan(
  settings: WindowSettings,
  shiftsSeconds: readonly number[]
): { before: number; after: number } {
  const earliest = Math.min(0, ...shiftsSeconds);
  const latest = Math.max(0, ...shiftsSeconds);
  return { before: settings.baselineSeconds - earliest, after: latest + settings.windowSeconds };
}

/** Rows `[from, to)` of `series` as a new series. */
export function sliceSteps(series: Mts, from: number, to: number): Mts {
  const { nFeatures } = series;
  return { nFeatures, length: to - from, values: series.values.slice(from * nFeatures, to * nFeatures) };
}

function stepsOf(seconds: number, stepSeconds: number, name: string): number {
  const steps = seconds / stepSeconds;
  if (!Number.isInteger(steps) || steps < 2) {
    throw new RangeError(`${name} (${seconds} s) must be a whole number of at least two ${stepSeconds} s steps`);
  }
  return steps;
}
