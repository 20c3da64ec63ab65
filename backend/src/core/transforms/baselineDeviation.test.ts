import type { Mts } from '../types';
import { baselineDeviation, LIVE_BASELINE_DEVIATION, STUDY_BASELINE_DEVIATION } from './baselineDeviation';

const mts = (rows: number[][]): Mts => ({
  nFeatures: rows[0].length,
  length: rows.length,
  values: Float64Array.from(rows.flat()),
});

describe('baselineDeviation', () => {
  it('scales each feature by its baseline mean and sd, floored, and clips', () => {
    // feature 0: baseline 1,3 (mean 2, sd 1); feature 1: flat 0 baseline (sd floored at minSd 1e-3).
    const out = baselineDeviation(
      mts([
        [4, 0.002],
        [2, 1],
      ]),
      mts([
        [1, 0],
        [3, 0],
      ]),
      STUDY_BASELINE_DEVIATION
    );
    expect(Array.from(out.values)).toEqual([2, 2, 0, 50]);
  });

  it('floors the scale at minRelativeSd of the mean', () => {
    const out = baselineDeviation(mts([[110]]), mts([[100], [100]]), { clip: 50, minSd: 0, minRelativeSd: 0.05 });
    expect(out.values[0]).toBeCloseTo(2);
  });

  it('fills gaps across baseline and window, and leaves a feature without data at 0', () => {
    const out = baselineDeviation(
      mts([
        [NaN, NaN],
        [4, NaN],
      ]),
      mts([
        [0, NaN],
        [2, NaN],
      ]),
      LIVE_BASELINE_DEVIATION
    );
    // feature 0: baseline 0,2 (mean 1, sd 1); the gap between 2 and 4 is filled with 3.
    expect(Array.from(out.values)).toEqual([2, 0, 3, 0]);
  });

  it('rejects bad settings and mismatched features with a clear message', () => {
    expect(() => baselineDeviation(mts([[1]]), mts([[1]]), { clip: 0, minSd: 0, minRelativeSd: 0 })).toThrow(/clip/);
    expect(() => baselineDeviation(mts([[1, 2]]), mts([[1]]), LIVE_BASELINE_DEVIATION)).toThrow(/features/);
  });
});
