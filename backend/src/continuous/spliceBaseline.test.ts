import { buildInstance } from '../instances/buildInstance';
import type { FeatureGrid } from '../instances/featureGrid';
import { spliceBaseline } from './spliceBaseline';

const FEATURES = [
  { service: 'cart', metric: 'cpu', name: 'cart:cpu' },
  { service: 'cart', metric: 'memory', name: 'cart:memory' },
];
const STEP_SECONDS = 15;
const STEP_MS = STEP_SECONDS * 1000;

/** A grid of `rows` steps from `startMs`, feature f at row t = `value(t, f)`. */
function grid(startMs: number, rows: number, value: (t: number, f: number) => number): FeatureGrid {
  const values = new Float64Array(rows * FEATURES.length);
  for (let t = 0; t < rows; t++) {
    for (let f = 0; f < FEATURES.length; f++) {
      values[t * FEATURES.length + f] = value(t, f);
    }
  }
  return {
    startMs,
    stepSeconds: STEP_SECONDS,
    length: rows,
    features: FEATURES,
    values,
    servicesWithoutData: [],
    queryMs: 3,
  };
}

const noisy = (t: number, f: number) => 10 * (f + 1) + Math.sin(3.1 * t + f);
const T0 = 1_795_000_000_000;

describe('spliceBaseline', () => {
  it('gives the instance a contiguous grid gives when the baseline does directly precede the window', () => {
    // 8 baseline rows then 6 window rows, one grid.
    const whole = grid(T0, 14, noisy);
    const baseline = grid(T0, 8, noisy);
    const window = grid(T0 + 8 * STEP_MS, 6, (t, f) => noisy(t + 8, f));
    const spliced = spliceBaseline(baseline, window, 8);
    const settings = {
      fromMs: T0 + 8 * STEP_MS,
      toMs: T0 + 13 * STEP_MS,
      baselineSeconds: 8 * STEP_SECONDS,
      maxMissingFraction: 0.5,
    };
    expect(spliced.startMs).toBe(T0);
    expect(Array.from(spliced.values)).toEqual(Array.from(whole.values));
    expect(Array.from(buildInstance(spliced, settings).mts.values)).toEqual(
      Array.from(buildInstance(whole, settings).mts.values)
    );
  });

  it('scales a window against a baseline from long before: a level that persists still reads as moved', () => {
    // The baseline is quiet around 10; an hour later the window sits at 30 throughout. Against the window just before
    // (also at 30) it would not have moved; against the pinned baseline it has.
    const baseline = grid(T0, 8, (t, f) => (f === 0 ? 10 + (t % 2) : 5));
    const later = T0 + 3600_000;
    const window = grid(later, 6, (_t, f) => (f === 0 ? 30 : 5));
    const instance = buildInstance(spliceBaseline(baseline, window, 8), {
      fromMs: later,
      toMs: later + 5 * STEP_MS,
      baselineSeconds: 8 * STEP_SECONDS,
      maxMissingFraction: 0.5,
    });
    // cpu: (30 − 10.5) / sd 0.5 = 39, clipped to the builder's ±10; memory did not move.
    for (let t = 0; t < 6; t++) {
      expect(instance.mts.values[t * 2]).toBe(10);
      expect(instance.mts.values[t * 2 + 1]).toBe(0);
    }
  });

  it('keeps only the last rows of a longer baseline grid', () => {
    const baseline = grid(T0, 10, (t) => t);
    const window = grid(T0 + 20 * STEP_MS, 2, () => 0);
    const spliced = spliceBaseline(baseline, window, 3);
    expect(spliced.length).toBe(5);
    expect(Array.from(spliced.values.filter((_v, i) => i % 2 === 0))).toEqual([7, 8, 9, 0, 0]);
    expect(spliced.startMs).toBe(T0 + 17 * STEP_MS);
  });

  it.each([
    ['a different step', { stepSeconds: 30 }, /different steps/],
    ['other features', { features: [FEATURES[1], FEATURES[0]] }, /different features/],
  ])('refuses a baseline with %s', (_what, change, message) => {
    const window = grid(T0, 4, noisy);
    expect(() => spliceBaseline({ ...grid(T0, 4, noisy), ...change }, window, 2)).toThrow(message);
  });

  it.each([0, 5, 1.5])('refuses %p baseline steps from a 4-row grid', (steps) => {
    expect(() => spliceBaseline(grid(T0, 4, noisy), grid(T0, 4, noisy), steps)).toThrow(
      /baselineSteps must be an integer from 1 to the baseline grid's 4 rows/
    );
  });
});
