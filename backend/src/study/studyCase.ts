import type { Mts } from '../core/types';

/** The label of a window with no fault in it. */
export const NORMAL_LABEL = 'normal';

/**
 * One labelled recording of the study's data set: a fault episode (or a normal stretch) with more data than the
 * diagnosed window, so that the window can be cut at the true onset or shifted away from it, and a baseline taken just
 * before whichever window is cut.
 *
 * The recording is on a fixed grid: row `t` is at `startSeconds + t * stepSeconds` (unix seconds).
 */
export interface StudyCase {
  /** Stable name for messages and reports, e.g. `cart-cpu/ep-0017`. */
  readonly id: string;
  /** Leave-one-group-out group: the episode id, so windows of one episode never sit on both sides of a split. */
  readonly group: string;
  /** `"<service>/<fault>"`, or {@link NORMAL_LABEL}. */
  readonly label: string;
  /** The culprit service; null for normal windows. */
  readonly service: string | null;
  /** The fault kind (`cpu`, `memory`, `delay`, `loss`, `pause`, `kill`); null for normal windows. */
  readonly fault: string | null;
  /** Load level the shop ran at (e.g. `base`, `high`), when recorded. */
  readonly load?: string;
  /**
   * What the campaign runner's check said when the episode was recorded: `seen` (the fault's symptom showed in
   * Prometheus), `not-seen` (the check ran and the symptom did not show: the fault may not have landed, or too weakly
   * to matter), `unchecked` (no verdict: no check, or no data for it). Absent for normal windows.
   */
  readonly verification?: Verification;
  /** True fault onset (unix seconds). For normal windows: where an unshifted window starts. */
  readonly onsetSeconds: number;
  /** When the fault was reverted (unix seconds), when known. */
  readonly endSeconds?: number;
  /** Time of row 0 (unix seconds). */
  readonly startSeconds: number;
  readonly stepSeconds: number;
  /** One name per feature, `<service>_<metric>`: the service is the part before the first `_`. */
  readonly featureNames: readonly string[];
  /** The whole recording, time-major (see {@link Mts}). */
  readonly series: Mts;
}

/** The campaign runner's verdict on an episode (see {@link StudyCase.verification}). */
export type Verification = 'seen' | 'not-seen' | 'unchecked';

/** A labelled data set for the study. */
export interface StudyDataset {
  /** Where it came from (a folder name), for the report. */
  readonly name: string;
  readonly cases: readonly StudyCase[];
  /** Every service that a feature belongs to, sorted: the candidates any ranking is over. */
  readonly services: readonly string[];
  /** Every fault kind in the data, sorted. */
  readonly faults: readonly string[];
}

/** The service a feature belongs to: the part of its name before the first `_` (the case-folder convention). */
export function serviceOfFeature(featureName: string): string {
  const cut = featureName.indexOf('_');
  if (cut <= 0) {
    throw new RangeError(
      `feature "${featureName}" does not follow the <service>_<metric> naming; rename the column so the service comes first`
    );
  }
  return featureName.slice(0, cut);
}

/**
 * Builds a data set from cases: checks that every case has the same features in the same order (the classifiers
 * compare feature f with feature f) and the same step, and lists the services and fault kinds.
 */
export function makeStudyDataset(name: string, cases: readonly StudyCase[]): StudyDataset {
  if (cases.length === 0) {
    throw new RangeError(`data set "${name}" has no cases`);
  }
  const first = cases[0];
  const seenIds = new Set<string>();
  for (const c of cases) {
    if (seenIds.has(c.id)) {
      throw new RangeError(`data set "${name}" has two cases named "${c.id}"`);
    }
    seenIds.add(c.id);
    if (c.stepSeconds !== first.stepSeconds) {
      throw new RangeError(
        `case "${c.id}" has a step of ${c.stepSeconds} s but "${first.id}" has ${first.stepSeconds} s; export every case with one step`
      );
    }
    if (
      c.featureNames.length !== first.featureNames.length ||
      c.featureNames.some((f, i) => f !== first.featureNames[i])
    ) {
      const missing = first.featureNames.filter((f) => !c.featureNames.includes(f));
      const extra = c.featureNames.filter((f) => !first.featureNames.includes(f));
      throw new RangeError(
        `case "${c.id}" has different feature columns from "${first.id}"` +
          (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
          (extra.length > 0 ? `; extra: ${extra.join(', ')}` : '') +
          (missing.length === 0 && extra.length === 0 ? '; same names in another order' : '')
      );
    }
    if (c.series.nFeatures !== c.featureNames.length) {
      throw new RangeError(
        `case "${c.id}" has ${c.series.nFeatures} features in its series but ${c.featureNames.length} names`
      );
    }
    if (
      (c.service === null) !== (c.label === NORMAL_LABEL) ||
      (c.service !== null && c.label !== `${c.service}/${c.fault}`)
    ) {
      throw new RangeError(
        `case "${c.id}" has label "${c.label}" that does not match service ${c.service} and fault ${c.fault}`
      );
    }
  }
  const services = [...new Set(first.featureNames.map(serviceOfFeature))].sort();
  for (const c of cases) {
    if (c.service !== null && !services.includes(c.service)) {
      throw new RangeError(
        `case "${c.id}" blames service "${c.service}" but no feature column belongs to it (services with columns: ${services.join(', ')})`
      );
    }
  }
  const faults = [...new Set(cases.flatMap((c) => (c.fault === null ? [] : [c.fault])))].sort();
  return { name, cases, services, faults };
}
