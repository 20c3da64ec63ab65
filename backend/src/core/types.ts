/**
 * The contracts between Culprit's numeric core and everything above it (instance builder, store, HTTP API, CLI).
 * Pure types: no I/O here or anywhere under core/.
 */

/**
 * A multivariate time series of `nFeatures` features and `length` time steps, stored time-major:
 * the value of feature `f` at step `t` is `values[t * nFeatures + f]`.
 */
export interface Mts {
  readonly nFeatures: number;
  readonly length: number;
  readonly values: Float64Array;
}

/** One class in a ranked answer. Scores are in [0, 1], sum to 1 over the ranking, best first. */
export interface ClassScore {
  readonly label: string;
  readonly score: number;
}

/** A training instance close to the query, for explanations ("the nearest past episodes"). */
export interface Neighbour {
  /** Index of the instance in the training set given to `fit`. */
  readonly index: number;
  readonly label: string;
  readonly distance: number;
}

/** What a classifier says about one query. */
export interface Prediction {
  /** The top label, or `UNKNOWN_LABEL` when nothing in the training set is close enough. */
  readonly label: string;
  readonly unknown: boolean;
  /** Every class seen in training, ranked best first (ties broken by label, so the order is deterministic). */
  readonly scores: readonly ClassScore[];
  /** The nearest training instances, nearest first (nearest-neighbour classifiers only). */
  readonly neighbours?: readonly Neighbour[];
}

export const UNKNOWN_LABEL = 'unknown';
