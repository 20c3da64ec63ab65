import { fillGaps } from '../core/transforms/baselineDeviation';
import { buildInstance, InsufficientDataError, MAX_DEVIATION, resample } from './buildInstance';
import type { FeatureGrid } from './featureGrid';

/** A grid of one or more features from feature-major rows, step 10 s starting at t = 0. */
function grid(rows: number[][], servicesWithoutData: string[] = []): FeatureGrid {
  const length = rows[0].length;
  const values = new Float64Array(length * rows.length);
  rows.forEach((row, f) => row.forEach((value, t) => (values[t * rows.length + f] = value)));
  return {
    startMs: 0,
    stepSeconds: 10,
    length,
    features: rows.map((_, f) => ({ service: `s${f}`, metric: 'm', name: `s${f}:m` })),
    values,
    servicesWithoutData,
    queryMs: 0,
  };
}

describe('fillGaps', () => {
  it('interpolates inner gaps linearly and carries the nearest value to the edges', () => {
    const column = Float64Array.from([NaN, 2, NaN, NaN, 8, NaN]);
    expect(fillGaps(column)).toBe(2);
    expect(Array.from(column)).toEqual([2, 2, 4, 6, 8, 8]);
  });

  it('fills a column with no data with zeros (the baseline once scaled)', () => {
    const column = Float64Array.from([NaN, NaN]);
    expect(fillGaps(column)).toBe(0);
    expect(Array.from(column)).toEqual([0, 0]);
  });
});

describe('resample', () => {
  it('keeps both ends and interpolates between (time-major, two features)', () => {
    // feature 0: 0, 10, 20 ; feature 1: 5, 5, 5 → 5 steps
    const out = resample(Float64Array.from([0, 5, 10, 5, 20, 5]), 2, 3, 5);
    expect(Array.from(out)).toEqual([0, 5, 5, 5, 10, 5, 15, 5, 20, 5]);
  });
});

describe('buildInstance', () => {
  it('scales each feature by the mean and standard deviation of the baseline just before the window', () => {
    // Baseline t = 0..3 (0..30 s): values 1, 3, 1, 3 → mean 2, population std 1. Window 40..60 s: 2, 4, 7.
    const built = buildInstance(grid([[1, 3, 1, 3, 2, 4, 7]]), {
      fromMs: 40_000,
      toMs: 60_000,
      baselineSeconds: 40,
      maxMissingFraction: 0.5,
    });
    expect(Array.from(built.mts.values)).toEqual([0, 2, 5]);
    expect(built.deviation[0]).toBeCloseTo(7 / 3, 12);
    expect(built.quality).toEqual({ missingFraction: 0, filledPoints: 0, servicesWithoutData: [] });
  });

  it('floors the scale at 5 % of the baseline mean and clips at ±MAX_DEVIATION', () => {
    // Flat baseline 100 → std 0, scale = 5; window 105, 100, 1000 → 1, 0, clipped 10.
    const built = buildInstance(grid([[100, 100, 100, 105, 100, 1000]]), {
      fromMs: 30_000,
      toMs: 50_000,
      baselineSeconds: 30,
      maxMissingFraction: 0.5,
    });
    expect(Array.from(built.mts.values)).toEqual([1, 0, MAX_DEVIATION]);
  });

  it('counts and fills missing window points, and resamples to the model length', () => {
    const built = buildInstance(grid([[1, 3, 1, 3, NaN, 4, NaN]]), {
      fromMs: 40_000,
      toMs: 60_000,
      baselineSeconds: 40,
      length: 5,
      maxMissingFraction: 0.7,
    });
    expect(built.quality.filledPoints).toBe(2);
    expect(built.quality.missingFraction).toBeCloseTo(2 / 3, 12);
    // The gap at 40 s is interpolated from its neighbours across the window edge (3 at 30 s, 4 at 50 s): the
    // window becomes 3.5, 4, 4 → scaled 1.5, 2, 2 → resampled to 5 steps at positions 0, 0.5, 1, 1.5, 2.
    expect(Array.from(built.mts.values)).toEqual([1.5, 1.75, 2, 2, 2]);
  });

  it('refuses a window that is mostly missing, naming the services without data', () => {
    const attempt = () =>
      buildInstance(
        grid(
          [
            [1, 2, 3, NaN, NaN, NaN],
            [NaN, NaN, NaN, NaN, NaN, NaN],
          ],
          ['s1']
        ),
        { fromMs: 30_000, toMs: 50_000, baselineSeconds: 30, maxMissingFraction: 0.5 }
      );
    expect(attempt).toThrow(InsufficientDataError);
    expect(attempt).toThrow(/100 % of the window's points are missing.*no data at all for s1/);
  });
});
