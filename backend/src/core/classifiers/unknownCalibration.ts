import type { DistanceName } from '../distances/distanceRegistry';
import type { Mts } from '../types';
import { NearestNeighbourSearch } from './nearestNeighbourSearch';

/** An unknown threshold learned by leave-one-kind-out on a training set, and what it scored there. */
export interface UnknownCalibration {
  /** A query whose nearest training instance is farther than this is answered "unknown". */
  readonly threshold: number;
  /** Inside the training set: share of instances answered "unknown" when their own kind was left out. */
  readonly recall: number;
  /** Inside the training set: share of instances answered "unknown" with everything else in the library. */
  readonly falseUnknownRate: number;
}

/**
 * Learns the distance beyond which a kNN should say "unknown", by simulating unseen kinds inside the training set.
 *
 * For every training instance, two nearest distances (the same distance the classifier searches with):
 * - `known`: to every other training instance (leave-one-out): how far a new case of a known class sits;
 * - `unseen`: to the training instances of other kinds only (`kindOf` of their label differs): how far a case of a
 *   kind the library does not hold sits. Instances whose `kindOf` is null (normal windows) only give `known`.
 *
 * The threshold maximises `recall − falseUnknownRate` (Youden's J) over every candidate distance whose false-unknown
 * rate stays within `maxFalseUnknownRate` (default 1: no limit), ties to the larger threshold (fewer false alarms). The rule the core's kNN uses by default (a factor times the largest leave-one-out
 * distance) only looks at `known`, so it cannot know how close an unseen kind comes; different kinds on one service
 * often move the same metrics, so that rule lands far above them. Returns null with fewer than two kinds.
 */
export function calibrateUnknownThreshold(
  series: readonly Mts[],
  labels: readonly string[],
  kindOf: (label: string) => string | null,
  distance: DistanceName,
  windowFraction: number,
  maxFalseUnknownRate = 1
): UnknownCalibration | null {
  if (series.length !== labels.length) {
    throw new RangeError(`${series.length} series but ${labels.length} labels`);
  }
  const kinds = labels.map(kindOf);
  const distinctKinds = [...new Set(kinds.filter((k): k is string => k !== null))];
  if (distinctKinds.length < 2 || series.length < 3) {
    return null;
  }
  const classes = [...new Set(labels)].sort();
  const classOf = Int32Array.from(labels, (l) => classes.indexOf(l));
  const classKind = classes.map((c) => kindOf(c));
  const search = new NearestNeighbourSearch(series, distance, { windowFraction });
  const known: number[] = [];
  const unseen: number[] = [];
  series.forEach((s, i) => {
    const result = search.search(s, { exclude: i, classOf, nClasses: classes.length });
    known.push(result.neighbours[0].distance);
    if (kinds[i] === null) {
      return;
    }
    let nearestOther = Infinity;
    (result.classNearest as Float64Array).forEach((d, c) => {
      if (classKind[c] !== kinds[i] && d < nearestOther) {
        nearestOther = d;
      }
    });
    unseen.push(nearestOther);
  });
  const candidates = [...new Set([...known, ...unseen].filter(Number.isFinite))].sort((a, b) => b - a);
  let best: UnknownCalibration | null = null;
  for (const threshold of candidates) {
    const recall = unseen.filter((d) => d > threshold).length / unseen.length;
    const falseUnknownRate = known.filter((d) => d > threshold).length / known.length;
    if (falseUnknownRate > maxFalseUnknownRate) {
      break; // smaller thresholds only raise it further
    }
    // Candidates go from large to small, so a strict improvement keeps the larger threshold on ties.
    if (best === null || recall - falseUnknownRate > best.recall - best.falseUnknownRate) {
      best = { threshold, recall, falseUnknownRate };
    }
  }
  return best;
}
