import { DISTANCE_NAMES, type DistanceName } from '../distances/distanceRegistry';
import { assertWindowFraction } from '../distances/windowCells';
import { assertNormaliseOptions, type NormaliseKind, type NormaliseOptions } from '../transforms/normalise';

/** Every classifier `createClassifier` can build. */
export type ClassifierName = DistanceName | 'minirocket';
export const CLASSIFIER_NAMES: readonly ClassifierName[] = [...DISTANCE_NAMES, 'minirocket'];

/** k-nearest neighbours under ED, DTW_D or DTW_I, with every default filled in. */
export interface NeighbourSpec {
  readonly classifier: DistanceName;
  /** Neighbours that vote (default 1). */
  readonly k: number;
  /** `uniform`: one vote each; `distance`: votes weighted by 1 / distance (default `uniform`). */
  readonly weighting: 'uniform' | 'distance';
  /** Sakoe-Chiba window (default 0.1 for DTW; always 0 for ED). Replaced by the learned one when `learnWindow`. */
  readonly windowFraction: number;
  /** Learn the window by leave-one-out 1-NN accuracy on the training set over 0..100 % (default false). */
  readonly learnWindow: boolean;
  readonly normalise: NormaliseOptions;
  /** Answer "unknown" when the nearest training instance is farther than the learned threshold (default true). */
  readonly rejectUnknown: boolean;
  /**
   * The threshold is `unknownFactor ×` this quantile of the leave-one-out nearest distances (default 1: the
   * largest, since small libraries give noisy upper quantiles).
   */
  readonly unknownQuantile: number;
  /**
   * Default 2 (on squared distances, about 1.4 on rooted ones): a new case of a known class may sit somewhat
   * farther from the library than library cases sit from each other.
   */
  readonly unknownFactor: number;
}

/** MiniRocket features (Dempster et al. 2021) and a ridge classifier with a cross-validated alpha. */
export interface MiniRocketSpec {
  readonly classifier: 'minirocket';
  /** Target feature count (default 10 000; rounded down to a multiple of 84 kernels). */
  readonly numFeatures: number;
  /** Default 32, as in the paper. */
  readonly maxDilationsPerKernel: number;
  /** Seed of every random choice (channel subsets, examples for the biases). Default 0. */
  readonly seed: number;
  /** Ridge penalties tried (default 10 values log-spaced from 1e-3 to 1e3, like sklearn's RidgeClassifierCV). */
  readonly alphas: readonly number[];
  readonly normalise: NormaliseOptions;
}

export type ClassifierSpec = NeighbourSpec | MiniRocketSpec;

/** What callers may pass: a bare name, or a name plus any settings (normalise as a kind or full options). */
export type ClassifierSpecInput =
  | ClassifierName
  | ({ classifier: ClassifierName; normalise?: NormaliseKind | NormaliseOptions } & Partial<
      Omit<NeighbourSpec, 'classifier' | 'normalise'> & Omit<MiniRocketSpec, 'classifier' | 'normalise'>
    >);

const NEIGHBOUR_KEYS = [
  'classifier',
  'k',
  'weighting',
  'windowFraction',
  'learnWindow',
  'normalise',
  'rejectUnknown',
  'unknownQuantile',
  'unknownFactor',
];
const MINIROCKET_KEYS = ['classifier', 'numFeatures', 'maxDilationsPerKernel', 'seed', 'alphas', 'normalise'];

/** The default ridge penalties: `np.logspace(-3, 3, 10)`. */
export const DEFAULT_ALPHAS: readonly number[] = Array.from({ length: 10 }, (_, i) => 10 ** (-3 + (6 * i) / 9));

/**
 * Validates a spec and fills in the defaults. Errors name the bad field and list the allowed values, and
 * settings that do not belong to the chosen classifier are rejected rather than silently ignored.
 */
export function resolveSpec(input: unknown): ClassifierSpec {
  const raw = (typeof input === 'string' ? { classifier: input } : input) as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null) {
    throw new TypeError(
      `a classifier spec must be a name (${CLASSIFIER_NAMES.join(', ')}) or an object with "classifier"`
    );
  }
  const name = raw.classifier;
  if (!(CLASSIFIER_NAMES as readonly unknown[]).includes(name)) {
    throw new RangeError(`classifier must be one of ${CLASSIFIER_NAMES.join(', ')}, got ${JSON.stringify(name)}`);
  }
  const allowed = name === 'minirocket' ? MINIROCKET_KEYS : NEIGHBOUR_KEYS;
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) {
      throw new RangeError(`"${key}" is not a setting of ${String(name)}; allowed: ${allowed.join(', ')}`);
    }
  }
  const normalise = resolveNormalise(raw.normalise);
  if (name === 'minirocket') {
    const numFeatures = integerAtLeast(raw, 'numFeatures', 10_000, 84);
    const maxDilationsPerKernel = integerAtLeast(raw, 'maxDilationsPerKernel', 32, 1);
    const seed = integerAtLeast(raw, 'seed', 0, 0);
    const alphas = raw.alphas ?? DEFAULT_ALPHAS;
    if (
      !Array.isArray(alphas) ||
      alphas.length === 0 ||
      !alphas.every((a) => typeof a === 'number' && a > 0 && Number.isFinite(a))
    ) {
      throw new RangeError(`alphas must be a non-empty list of positive numbers, got ${JSON.stringify(alphas)}`);
    }
    return { classifier: 'minirocket', numFeatures, maxDilationsPerKernel, seed, alphas: [...alphas], normalise };
  }
  const k = integerAtLeast(raw, 'k', 1, 1);
  const weighting = raw.weighting ?? 'uniform';
  if (weighting !== 'uniform' && weighting !== 'distance') {
    throw new RangeError(`weighting must be uniform or distance, got ${JSON.stringify(weighting)}`);
  }
  const learnWindow = raw.learnWindow ?? false;
  if (typeof learnWindow !== 'boolean') {
    throw new TypeError(`learnWindow must be true or false, got ${JSON.stringify(learnWindow)}`);
  }
  if (name === 'ed' && (learnWindow || (raw.windowFraction !== undefined && raw.windowFraction !== 0))) {
    throw new RangeError('ed has no window; use dtw-d or dtw-i for windowFraction / learnWindow');
  }
  if (learnWindow && raw.windowFraction !== undefined) {
    throw new RangeError('give either windowFraction or learnWindow, not both');
  }
  const windowFraction = name === 'ed' ? 0 : (raw.windowFraction ?? 0.1);
  assertWindowFraction(windowFraction);
  const rejectUnknown = raw.rejectUnknown ?? true;
  if (typeof rejectUnknown !== 'boolean') {
    throw new TypeError(`rejectUnknown must be true or false, got ${JSON.stringify(rejectUnknown)}`);
  }
  const unknownQuantile = raw.unknownQuantile ?? 1;
  if (typeof unknownQuantile !== 'number' || !(unknownQuantile >= 0 && unknownQuantile <= 1)) {
    throw new RangeError(`unknownQuantile must be a number in [0, 1], got ${JSON.stringify(unknownQuantile)}`);
  }
  const unknownFactor = raw.unknownFactor ?? 2;
  if (typeof unknownFactor !== 'number' || !(unknownFactor > 0 && Number.isFinite(unknownFactor))) {
    throw new RangeError(`unknownFactor must be a positive number, got ${JSON.stringify(unknownFactor)}`);
  }
  return {
    classifier: name as DistanceName,
    k,
    weighting,
    windowFraction,
    learnWindow,
    normalise,
    rejectUnknown,
    unknownQuantile,
    unknownFactor,
  };
}

function resolveNormalise(value: unknown): NormaliseOptions {
  const options = value === undefined ? { kind: 'none' } : typeof value === 'string' ? { kind: value } : value;
  assertNormaliseOptions(options);
  return options;
}

function integerAtLeast(raw: Record<string, unknown>, key: string, fallback: number, min: number): number {
  const value = raw[key] ?? fallback;
  if (!Number.isInteger(value) || (value as number) < min) {
    throw new RangeError(`${key} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return value as number;
}
