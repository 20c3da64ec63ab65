import { assertStudyReport, StudyReport, StudyReportEntry } from './studyReport';

/** The measures a shift curve can show; both are shares in [0, 1]. */
export type ShiftMeasure = 'serviceAc1' | 'serviceFaultAccuracy';

/** One classifier's values at one onset shift. */
export interface ShiftCurvePoint {
  serviceAc1: number | null;
  /** Null for the baseline, which names no fault kind. */
  serviceFaultAccuracy: number | null;
  /** How many windows the shares are over, when the report says. */
  queries: number | null;
}

/** One line of the chart: a classifier, or the unsupervised baseline. */
export interface ShiftCurve {
  /** The classifier's name; the baseline's ends in " (no labels)", as in the study's tables. */
  name: string;
  baseline: boolean;
  /** Aligned with {@link ShiftCurves.shiftsSeconds}; null where the report has no point at that shift. */
  points: Array<ShiftCurvePoint | null>;
}

/** Accuracy against onset shift for every classifier and the baseline, ready to draw. */
export interface ShiftCurves {
  /**
   * `shift set`: the long-window protocol of `culprit study --shift-set` (the one the ±30 s / ±60 s figures come
   * from); `cases`: each classifier's shifted windows over the study cases themselves.
   */
  source: 'shift set' | 'cases';
  /** Length of the diagnosed window, when the report says. */
  windowSeconds: number | null;
  /** The x values, ascending: every shift the report declares or has a point at. */
  shiftsSeconds: number[];
  curves: ShiftCurve[];
}

/**
 * The accuracy-vs-onset-shift curves of a study report, one per classifier and one for the baseline. The points come
 * from `shiftSet` when the report has one, else from each classifier's own `shifts` (the same choice as the HTML
 * report). Returns null when the report has no shift data at all; throws, naming the field, on one that is malformed.
 */
export function shiftCurvesFromReport(report: StudyReport): ShiftCurves | null {
  assertStudyReport(report);
  const shiftSet = report.shiftSet;
  let source: ShiftCurves['source'];
  let prefix: string;
  let classifiers: unknown;
  let baseline: unknown;
  let declared: unknown;
  let windowSeconds: unknown;
  if (shiftSet !== undefined && shiftSet !== null) {
    if (typeof shiftSet !== 'object' || Array.isArray(shiftSet)) {
      throw new Error('The report\'s "shiftSet" is not an object: rewrite the report with culprit study --out DIR.');
    }
    source = 'shift set';
    prefix = 'shiftSet.';
    classifiers = shiftSet.classifiers;
    baseline = shiftSet.baseline;
    declared = shiftSet.shiftsSeconds;
    windowSeconds = shiftSet.windowSeconds;
    if (!Array.isArray(classifiers)) {
      throw new Error(
        'The report\'s "shiftSet" has no "classifiers" list: rewrite the report with culprit study --shift-set DIR.'
      );
    }
  } else {
    source = 'cases';
    prefix = '';
    classifiers = report.classifiers;
    baseline = report.baseline;
    declared = report.dataset?.shiftsSeconds;
    windowSeconds = report.dataset?.windowSeconds;
  }

  const entries: Array<{ entry: unknown; path: string; baseline: boolean }> = (classifiers as unknown[]).map(
    (entry, i) => ({ entry, path: `${prefix}classifiers[${i}]`, baseline: false })
  );
  if (baseline !== undefined && baseline !== null) {
    entries.push({ entry: baseline, path: `${prefix}baseline`, baseline: true });
  }

  const read = entries.flatMap(({ entry, path, baseline: isBaseline }) => {
    const points = readShifts(entry, path);
    return points === null ? [] : [{ name: (entry as StudyReportEntry).name, baseline: isBaseline, points }];
  });
  if (read.length === 0) {
    return null;
  }

  const shifts = new Set<number>(
    readSeconds(declared, `${prefix}${source === 'cases' ? 'dataset.' : ''}shiftsSeconds`)
  );
  read.forEach((curve) => curve.points.forEach((_, shift) => shifts.add(shift)));
  const shiftsSeconds = [...shifts].sort((a, b) => a - b);
  return {
    source,
    windowSeconds: typeof windowSeconds === 'number' && Number.isFinite(windowSeconds) ? windowSeconds : null,
    shiftsSeconds,
    curves: read.map(({ name, baseline: isBaseline, points }) => ({
      name: isBaseline ? `${name} (no labels)` : name,
      baseline: isBaseline,
      points: shiftsSeconds.map((shift) => points.get(shift) ?? null),
    })),
  };
}

/** An entry's points by shift, or null when it has none (a report written without shifted windows). */
function readShifts(entry: unknown, path: string): Map<number, ShiftCurvePoint> | null {
  if (typeof entry !== 'object' || entry === null || typeof (entry as { name?: unknown }).name !== 'string') {
    throw new Error(`The report's ${path} has no "name": rewrite the report with culprit study --out DIR.`);
  }
  const shifts = (entry as { shifts?: unknown }).shifts;
  if (shifts === undefined || shifts === null) {
    return null;
  }
  if (!Array.isArray(shifts)) {
    throw new Error(`The report's ${path}.shifts is not a list of points: rewrite the report with culprit study.`);
  }
  const points = new Map<number, ShiftCurvePoint>();
  shifts.forEach((point: unknown, i) => {
    const at = `${path}.shifts[${i}]`;
    if (typeof point !== 'object' || point === null) {
      throw new Error(`The report's ${at} is not a point ({ "shiftSeconds", "serviceAc1", ... }).`);
    }
    const p = point as Record<string, unknown>;
    if (typeof p.shiftSeconds !== 'number' || !Number.isFinite(p.shiftSeconds)) {
      throw new Error(`The report's ${at}.shiftSeconds is ${JSON.stringify(p.shiftSeconds)}, not a number of seconds.`);
    }
    if (points.has(p.shiftSeconds)) {
      throw new Error(`The report's ${path}.shifts has two points at ${p.shiftSeconds} s.`);
    }
    const queries = p.queries;
    points.set(p.shiftSeconds, {
      serviceAc1: readShare(p.serviceAc1, `${at}.serviceAc1`),
      serviceFaultAccuracy: readShare(p.serviceFaultAccuracy, `${at}.serviceFaultAccuracy`),
      queries: typeof queries === 'number' && Number.isInteger(queries) && queries >= 0 ? queries : null,
    });
  });
  // An empty list says no more than a missing one, and keeps the x axis from being empty.
  return points.size ? points : null;
}

/** A share in [0, 1], or null where the report says it was not measured (null, or left out). */
function readShare(value: unknown, path: string): number | null {
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new Error(`The report's ${path} is ${JSON.stringify(value)}: a share must be a number from 0 to 1.`);
  }
  return value;
}

function readSeconds(value: unknown, path: string): number[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new Error(`The report's ${path} is ${JSON.stringify(value)}, not a list of seconds.`);
  }
  return value;
}
