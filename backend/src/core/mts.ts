import type { Mts } from './types';

/**
 * Checks that `value` is a well-formed {@link Mts}: positive integer sizes, a `Float64Array` of exactly
 * `nFeatures × length` finite numbers. Throws a `TypeError`/`RangeError` naming what is wrong.
 */
export function assertMts(value: unknown, name = 'series'): asserts value is Mts {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`${name} must be an Mts object ({ nFeatures, length, values }), got ${String(value)}`);
  }
  const { nFeatures, length, values } = value as Partial<Mts>;
  if (!Number.isInteger(nFeatures) || (nFeatures as number) < 1) {
    throw new RangeError(`${name}.nFeatures must be a positive integer, got ${String(nFeatures)}`);
  }
  if (!Number.isInteger(length) || (length as number) < 1) {
    throw new RangeError(`${name}.length must be a positive integer, got ${String(length)}`);
  }
  if (!(values instanceof Float64Array)) {
    throw new TypeError(
      `${name}.values must be a Float64Array (time-major), got ${Object.prototype.toString.call(values)}`
    );
  }
  if (values.length !== (nFeatures as number) * (length as number)) {
    throw new RangeError(
      `${name}.values has ${values.length} numbers but nFeatures × length = ${nFeatures} × ${length} = ${(nFeatures as number) * (length as number)}`
    );
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const t = Math.floor(i / (nFeatures as number));
      const f = i % (nFeatures as number);
      throw new RangeError(
        `${name} has a non-finite value (${values[i]}) at time step ${t}, feature ${f}; fill gaps first`
      );
    }
  }
}

/** Builds an {@link Mts} from feature-major rows (`rows[f][t]`), the way readers and humans think of series. */
export function mtsFromFeatureRows(rows: ReadonlyArray<ArrayLike<number>>): Mts {
  if (rows.length === 0) {
    throw new RangeError('an Mts needs at least one feature row');
  }
  const nFeatures = rows.length;
  const length = rows[0].length;
  for (let f = 1; f < nFeatures; f++) {
    if (rows[f].length !== length) {
      throw new RangeError(
        `feature ${f} has ${rows[f].length} steps but feature 0 has ${length}; features must be equally long`
      );
    }
  }
  const values = new Float64Array(nFeatures * length);
  for (let f = 0; f < nFeatures; f++) {
    const row = rows[f];
    for (let t = 0; t < length; t++) {
      values[t * nFeatures + f] = row[t];
    }
  }
  return { nFeatures, length, values };
}

/** A univariate {@link Mts} from plain numbers. */
export function univariateMts(values: ArrayLike<number>): Mts {
  return { nFeatures: 1, length: values.length, values: Float64Array.from(values) };
}

/** Copies feature `f` of `series` into `out` (allocated when omitted) as a contiguous array over time. */
export function featureSeries(series: Mts, f: number, out?: Float64Array): Float64Array {
  const target = out ?? new Float64Array(series.length);
  const { nFeatures, values } = series;
  for (let t = 0; t < series.length; t++) {
    target[t] = values[t * nFeatures + f];
  }
  return target;
}
