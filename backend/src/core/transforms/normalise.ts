import type { Mts } from '../types';

/**
 * How series are scaled before distances or features are computed, per feature:
 * - `none`: raw values.
 * - `znorm`: each series by its own mean and standard deviation (the UCR convention; a flat feature becomes 0).
 * - `baseline`: each series by the mean and standard deviation of a reference period — its first
 *   `baselineSteps` steps, or an explicit baseline series — so a diagnosis window is read relative to the minutes
 *   before it. The deviation is floored at `max(minSd, minRelativeSd × |baseline mean|)`: a flat baseline (a
 *   service idling at exactly 0 errors/s) would otherwise turn any movement into an enormous number.
 */
export type NormaliseKind = 'none' | 'znorm' | 'baseline';

/** Normalisation settings; see {@link NormaliseKind}. */
export interface NormaliseOptions {
  readonly kind: NormaliseKind;
  /** `baseline` only: how many leading steps form the reference period. Default: the first quarter of the series. */
  readonly baselineSteps?: number;
  /** `baseline` only: absolute floor on the baseline deviation. Default 1e-3. */
  readonly minSd?: number;
  /** `baseline` only: floor relative to the baseline level. Default 0.01 (1 % of the mean). */
  readonly minRelativeSd?: number;
}

export const NORMALISE_KINDS: readonly NormaliseKind[] = ['none', 'znorm', 'baseline'];

/** Throws a `RangeError` naming the bad field and the allowed values. */
export function assertNormaliseOptions(options: unknown): asserts options is NormaliseOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`normalise options must be an object like { kind: 'znorm' }, got ${String(options)}`);
  }
  const { kind, baselineSteps, minSd, minRelativeSd } = options as Record<string, unknown>;
  if (!(NORMALISE_KINDS as readonly unknown[]).includes(kind)) {
    throw new RangeError(`normalise must be one of ${NORMALISE_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  }
  if (baselineSteps !== undefined && (!Number.isInteger(baselineSteps) || (baselineSteps as number) < 2)) {
    throw new RangeError(`baselineSteps must be an integer ≥ 2, got ${String(baselineSteps)}`);
  }
  for (const [name, value] of [
    ['minSd', minSd],
    ['minRelativeSd', minRelativeSd],
  ] as const) {
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw new RangeError(`${name} must be a finite number ≥ 0, got ${String(value)}`);
    }
  }
}

/** Returns a normalised copy of `series` (or `series` itself for `none`); `baseline` overrides the leading steps. */
export function normalise(series: Mts, options: NormaliseOptions, baseline?: Mts): Mts {
  if (options.kind === 'none') {
    return series;
  }
  const { nFeatures: F, length: T, values } = series;
  const out = new Float64Array(values.length);
  let reference = series;
  let steps = T;
  if (options.kind === 'baseline') {
    if (baseline) {
      if (baseline.nFeatures !== F) {
        throw new RangeError(`the baseline has ${baseline.nFeatures} features but the series has ${F}`);
      }
      reference = baseline;
      steps = baseline.length;
    } else {
      steps = options.baselineSteps ?? Math.max(2, Math.floor(T / 4));
      if (steps > T) {
        throw new RangeError(`baselineSteps (${steps}) is longer than the series (${T} steps)`);
      }
    }
  }
  for (let f = 0; f < F; f++) {
    let sum = 0;
    for (let t = 0; t < steps; t++) {
      sum += reference.values[t * F + f];
    }
    const mean = sum / steps;
    let squares = 0;
    for (let t = 0; t < steps; t++) {
      const d = reference.values[t * F + f] - mean;
      squares += d * d;
    }
    let sd = Math.sqrt(squares / steps);
    if (options.kind === 'znorm') {
      // A flat series has no shape to compare: centre it and leave it flat (UCR convention).
      if (sd < 1e-8) {
        sd = 1;
      }
    } else {
      sd = Math.max(sd, options.minSd ?? 1e-3, (options.minRelativeSd ?? 0.01) * Math.abs(mean));
    }
    for (let t = 0; t < T; t++) {
      out[t * F + f] = (values[t * F + f] - mean) / sd;
    }
  }
  return { nFeatures: F, length: T, values: out };
}
