import type { Mts } from '../types';
import { dtwDistance, dtwPairwiseDistance } from './dtwDistance';
import { euclideanDistance, euclideanPairwiseDistance } from './euclideanDistance';

/** The distance families a classifier can name. */
export type DistanceName = 'ed' | 'dtw-d' | 'dtw-i';

/** What a distance family can do, so callers can ask instead of special-casing names. */
export interface DistanceCapabilities {
  /** Warps time (DTW); false for lock-step distances. */
  readonly elastic: boolean;
  /** Accepts a Sakoe-Chiba window. */
  readonly window: boolean;
  /** Accepts series of different lengths. */
  readonly unequalLength: boolean;
  /** Accepts `abandonAbove` and returns `Infinity` past it. */
  readonly earlyAbandon: boolean;
  /** LB_Kim and LB_Keogh (`lower-bounds/`) are valid lower bounds for it. */
  readonly lowerBounds: boolean;
  /** `dtwAlignmentPath` explains it with a single warping path. */
  readonly alignmentPath: boolean;
}

/** One registered distance family. All distances are squared (sums of squared differences). */
export interface DistanceFamily {
  readonly name: DistanceName;
  readonly description: string;
  readonly capabilities: DistanceCapabilities;
  distance(a: Mts, b: Mts, options?: { windowFraction?: number; abandonAbove?: number }): number;
  pairwise(xs: readonly Mts[], ys?: readonly Mts[], options?: { windowFraction?: number }): Float64Array;
}

/** Every distance family by name. */
export const distanceRegistry: Readonly<Record<DistanceName, DistanceFamily>> = {
  ed: {
    name: 'ed',
    description: 'squared Euclidean distance (lock-step)',
    capabilities: {
      elastic: false,
      window: false,
      unequalLength: false,
      earlyAbandon: true,
      lowerBounds: true,
      alignmentPath: false,
    },
    distance: (a, b, options = {}) => euclideanDistance(a, b, { abandonAbove: options.abandonAbove }),
    pairwise: (xs, ys) => euclideanPairwiseDistance(xs, ys),
  },
  'dtw-d': {
    name: 'dtw-d',
    description: 'dependent DTW: one warping path, squared Euclidean pointwise cost over all features',
    capabilities: {
      elastic: true,
      window: true,
      unequalLength: true,
      earlyAbandon: true,
      lowerBounds: true,
      alignmentPath: true,
    },
    distance: (a, b, options = {}) => dtwDistance(a, b, { ...options, variant: 'dependent' }),
    pairwise: (xs, ys, options = {}) => dtwPairwiseDistance(xs, ys, { ...options, variant: 'dependent' }),
  },
  'dtw-i': {
    name: 'dtw-i',
    description: 'independent DTW: the sum of per-feature DTW distances',
    capabilities: {
      elastic: true,
      window: true,
      unequalLength: true,
      earlyAbandon: true,
      lowerBounds: true,
      alignmentPath: false,
    },
    distance: (a, b, options = {}) => dtwDistance(a, b, { ...options, variant: 'independent' }),
    pairwise: (xs, ys, options = {}) => dtwPairwiseDistance(xs, ys, { ...options, variant: 'independent' }),
  },
};

/** The registered names, for error messages and CLI choices. */
export const DISTANCE_NAMES: readonly DistanceName[] = ['ed', 'dtw-d', 'dtw-i'];

/** Looks a family up by name; the error lists the allowed names. */
export function getDistance(name: string): DistanceFamily {
  if (!(DISTANCE_NAMES as readonly string[]).includes(name)) {
    throw new RangeError(`unknown distance "${name}"; allowed: ${DISTANCE_NAMES.join(', ')}`);
  }
  return distanceRegistry[name as DistanceName];
}
