import { mtsFromFeatureRows } from '../mts';
import { normalise } from './normalise';

describe('normalise', () => {
  const series = mtsFromFeatureRows([
    [1, 2, 3, 4],
    [5, 5, 5, 5],
  ]);

  it('z-normalises each feature with the population deviation, leaving a flat feature at 0', () => {
    const { values } = normalise(series, { kind: 'znorm' });
    const sd = Math.sqrt(1.25);
    expect(Array.from(values).map((v) => Number(v.toFixed(12)))).toEqual(
      [-1.5 / sd, 0, -0.5 / sd, 0, 0.5 / sd, 0, 1.5 / sd, 0].map((v) => Number(v.toFixed(12)))
    );
  });

  it('scales relative to a baseline period, flooring the deviation of a flat baseline', () => {
    const { values } = normalise(series, { kind: 'baseline', baselineSteps: 2 });
    // Feature 0: baseline mean 1.5, sd 0.5. Feature 1: flat at 5, sd floored at 1 % of 5 = 0.05.
    expect(Array.from(values)).toEqual([-1, 0, 1, 0, 3, 0, 5, 0]);
    const explicit = mtsFromFeatureRows([
      [0, 2],
      [4, 6],
    ]);
    expect(Array.from(normalise(series, { kind: 'baseline' }, explicit).values)).toEqual([0, 0, 1, 0, 2, 0, 3, 0]);
  });

  it('returns the series unchanged for none', () => {
    expect(normalise(series, { kind: 'none' })).toBe(series);
  });
});
