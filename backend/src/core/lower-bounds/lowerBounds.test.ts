import { dtwDistance } from '../distances/dtwDistance';
import { windowCellsFor } from '../distances/windowCells';
import { randomMts, seededRandom } from '../testing/randomMts';
import type { Mts } from '../types';
import { computeEnvelope } from './envelope';
import { lbKeogh } from './lbKeogh';
import { lbKim } from './lbKim';

describe('computeEnvelope', () => {
  it('equals the naive running max and min over the band', () => {
    const random = seededRandom(21);
    const series = randomMts(random, 3, 40);
    for (const w of [0, 1, 5, 39, 60]) {
      const { upper, lower } = computeEnvelope(series, w);
      for (let t = 0; t < 40; t++) {
        for (let f = 0; f < 3; f++) {
          let max = -Infinity;
          let min = Infinity;
          for (let u = Math.max(0, t - w); u <= Math.min(39, t + w); u++) {
            max = Math.max(max, series.values[u * 3 + f]);
            min = Math.min(min, series.values[u * 3 + f]);
          }
          expect(upper[t * 3 + f]).toBe(max);
          expect(lower[t * 3 + f]).toBe(min);
        }
      }
    }
  });
});

describe('lower bounds', () => {
  const cases: Array<[number, number, number]> = [
    [1, 30, 0],
    [1, 30, 0.1],
    [4, 25, 0.2],
    [12, 20, 1],
    [40, 16, 0.1],
  ];
  it.each(cases)(
    'never exceed DTW_D or DTW_I for %i features, %i steps, window %f (random inputs)',
    (F, T, fraction) => {
      const random = seededRandom(F * 1000 + T);
      const w = windowCellsFor(fraction, T);
      const check = (a: Mts, b: Mts) => {
        const dependent = dtwDistance(a, b, { windowFraction: fraction });
        const independent = dtwDistance(a, b, { windowFraction: fraction, variant: 'independent' });
        const bounds = [
          lbKim(a.values, T, b.values, T, F),
          lbKeogh(a.values, computeEnvelope(b, w)),
          lbKeogh(b.values, computeEnvelope(a, w)),
        ];
        for (const bound of bounds) {
          expect(bound).toBeLessThanOrEqual(independent * (1 + 1e-12) + 1e-12);
          expect(independent).toBeLessThanOrEqual(dependent * (1 + 1e-12) + 1e-12);
        }
      };
      for (let trial = 0; trial < 60; trial++) {
        check(randomMts(random, F, T), randomMts(random, F, T));
      }
    }
  );

  it('stops LB_Keogh at the bound with per-step contributions that add up to it otherwise', () => {
    const random = seededRandom(4);
    const a = randomMts(random, 2, 30);
    const b = randomMts(random, 2, 30);
    const envelope = computeEnvelope(b, 3);
    const contributions = new Float64Array(30);
    const full = lbKeogh(a.values, envelope, Infinity, contributions);
    expect(contributions.reduce((s, x) => s + x, 0)).toBeCloseTo(full, 10);
    expect(lbKeogh(a.values, envelope, full / 2)).toBeGreaterThanOrEqual(full / 2);
  });
});
