/**
 * One point of a classifier's accuracy-vs-onset-shift measurement: the diagnosed window moved by `shiftSeconds` from
 * the true onset. Shares are in [0, 1]; `null` where the classifier cannot measure it (the baseline names no fault).
 */
export interface StudyShiftPoint {
  shiftSeconds: number;
  serviceAc1: number | null;
  serviceFaultAccuracy?: number | null;
  queries?: number | null;
}

/** One classifier (or the baseline) in a study report: the parts the Models page draws. */
export interface StudyReportEntry {
  name: string;
  service?: { ac1?: number | null; ac3?: number | null } | null;
  serviceFault?: { accuracy?: number | null } | null;
  shift60?: { ac1?: number | null } | null;
  shifts?: StudyShiftPoint[] | null;
  confusion?: { labels: string[]; matrix: number[][] } | null;
}

/**
 * The parts of `culprit study`'s report.json (docs/study.md, "The report JSON") that the Models page draws. Every
 * field but the classifier list is optional, so a report from an older or newer `culprit study` still loads; each
 * chart says what it lacks.
 */
export interface StudyReport {
  dataset?: { windowSeconds?: number | null; shiftsSeconds?: number[] | null } | null;
  classifiers: StudyReportEntry[];
  baseline?: StudyReportEntry | null;
  /** The long-window shift protocol (`culprit study --shift-set DIR`); null without one. */
  shiftSet?: {
    name?: string;
    faultCases?: number | null;
    windowSeconds?: number | null;
    shiftsSeconds?: number[] | null;
    classifiers?: StudyReportEntry[] | null;
    baseline?: StudyReportEntry | null;
  } | null;
}

/** Throws unless `report` has the classifier list every study report has: the one check all its charts share. */
export function assertStudyReport(report: unknown): asserts report is StudyReport {
  if (
    typeof report !== 'object' ||
    report === null ||
    !Array.isArray((report as { classifiers?: unknown }).classifiers)
  ) {
    throw new Error(
      'This is not a study report: it has no "classifiers" list (write one with culprit study --out DIR).'
    );
  }
}
