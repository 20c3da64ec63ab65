import { mtsFromFeatureRows, univariateMts } from '../mts';
import type { Mts } from '../types';
import { dtwAlignmentPath, dtwCostMatrix, dtwDistance, dtwPairwiseDistance } from './dtwDistance';
import { euclideanDistance } from './euclideanDistance';
import { getDistance } from './distanceRegistry';
import { windowCellsFor } from './windowCells';
import { randomMts, seededRandom } from '../testing/randomMts';

/** Textbook O(n·m) DTW written independently of the kernel, for cross-checks. */
function naiveDtw(a: Mts, b: Mts, w: number): number {
  const n = a.length;
  const m = b.length;
  const F = a.nFeatures;
  const D: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(Infinity));
  D[0][0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      if (Math.abs(i - j) > w) {
        continue;
      }
      let c = 0;
      for (let f = 0; f < F; f++) {
        c += (a.values[(i - 1) * F + f] - b.values[(j - 1) * F + f]) ** 2;
      }
      D[i][j] = c + Math.min(D[i - 1][j - 1], D[i - 1][j], D[i][j - 1]);
    }
  }
  return D[n][m];
}

describe('dtwDistance', () => {
  it('matches the hand-computed DTW of two short series', () => {
    // a = [0, 1, 2], b = [0, 2]: best path (0,0) (1,1) (2,1) costs 0 + 1 + 0.
    expect(dtwDistance(univariateMts([0, 1, 2]), univariateMts([0, 2]))).toBe(1);
  });

  it.each([
    [1, 20, 0],
    [1, 20, 0.1],
    [3, 17, 0.25],
    [8, 12, 1],
    [11, 30, 0.5],
  ])('agrees with a textbook implementation for %i features, %i steps, window %f', (F, T, fraction) => {
    const random = seededRandom(F * 100 + T);
    for (let trial = 0; trial < 10; trial++) {
      const a = randomMts(random, F, T);
      const b = randomMts(random, F, T);
      const w = windowCellsFor(fraction, T);
      expect(dtwDistance(a, b, { windowFraction: fraction })).toBeCloseTo(naiveDtw(a, b, w), 9);
    }
  });

  it('handles unequal lengths by widening the band to the length difference', () => {
    const random = seededRandom(7);
    const a = randomMts(random, 2, 30);
    const b = randomMts(random, 2, 22);
    expect(dtwDistance(a, b, { windowFraction: 0 })).toBeCloseTo(naiveDtw(a, b, 8), 9);
    expect(dtwDistance(a, b)).toBeCloseTo(naiveDtw(a, b, 30), 9);
  });

  it('equals the squared Euclidean distance with a zero window, on random inputs', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 50; trial++) {
      const F = 1 + Math.floor(random() * 5);
      const T = 1 + Math.floor(random() * 40);
      const a = randomMts(random, F, T);
      const b = randomMts(random, F, T);
      expect(dtwDistance(a, b, { windowFraction: 0 })).toBeCloseTo(euclideanDistance(a, b), 10);
      expect(dtwDistance(a, b, { windowFraction: 0, variant: 'independent' })).toBeCloseTo(euclideanDistance(a, b), 10);
    }
  });

  it('sums per-feature distances for DTW_I, which is never above DTW_D', () => {
    const random = seededRandom(5);
    const a = randomMts(random, 3, 25);
    const b = randomMts(random, 3, 25);
    const perFeature = [0, 1, 2].map((f) => {
      const pick = (s: Mts) => univariateMts(Array.from({ length: 25 }, (_, t) => s.values[t * 3 + f]));
      return dtwDistance(pick(a), pick(b), { windowFraction: 0.2 });
    });
    const independent = dtwDistance(a, b, { windowFraction: 0.2, variant: 'independent' });
    expect(independent).toBeCloseTo(perFeature[0] + perFeature[1] + perFeature[2], 10);
    expect(independent).toBeLessThanOrEqual(dtwDistance(a, b, { windowFraction: 0.2 }) + 1e-9);
  });

  it('returns the exact distance below the abandon bound and Infinity at or above it', () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 40; trial++) {
      const a = randomMts(random, 2, 30);
      const b = randomMts(random, 2, 30);
      const exact = dtwDistance(a, b, { windowFraction: 0.3 });
      expect(dtwDistance(a, b, { windowFraction: 0.3, abandonAbove: exact * 1.0001 + 1e-12 })).toBe(exact);
      expect(dtwDistance(a, b, { windowFraction: 0.3, abandonAbove: exact * 0.999 })).toBe(Infinity);
    }
  });

  it('gives the same distances from the cost matrix, the alignment path and the pairwise helper', () => {
    const random = seededRandom(9);
    const xs = [randomMts(random, 3, 15), randomMts(random, 3, 15), randomMts(random, 3, 12)];
    const pairwise = dtwPairwiseDistance(xs, xs, { windowFraction: 0.4 });
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const direct = dtwDistance(xs[i], xs[j], { windowFraction: 0.4 });
        expect(pairwise[i * 3 + j]).toBe(direct);
        const matrix = dtwCostMatrix(xs[i], xs[j], { windowFraction: 0.4 });
        expect(matrix.values[matrix.n * matrix.m - 1]).toBeCloseTo(direct, 10);
        const { distance, path } = dtwAlignmentPath(xs[i], xs[j], { windowFraction: 0.4 });
        expect(distance).toBeCloseTo(direct, 10);
        let along = 0;
        for (const { i: p, j: q } of path) {
          for (let f = 0; f < 3; f++) {
            along += (xs[i].values[p * 3 + f] - xs[j].values[q * 3 + f]) ** 2;
          }
        }
        expect(along).toBeCloseTo(direct, 10);
        expect(path[0]).toEqual({ i: 0, j: 0 });
        expect(path[path.length - 1]).toEqual({ i: xs[i].length - 1, j: xs[j].length - 1 });
      }
    }
  });

  it.each([
    [{ windowFraction: 1.5 }, /windowFraction must be a number in \[0, 1\]/],
    [{ windowFraction: -0.1 }, /windowFraction/],
    [{ windowCells: 2.5 }, /windowCells must be a non-negative integer/],
    [{ windowCells: 2, windowFraction: 0.1 }, /either windowCells or windowFraction/],
  ])('rejects bad options %p with a message naming them', (options, message) => {
    const a = univariateMts([1, 2, 3]);
    expect(() => dtwDistance(a, a, options)).toThrow(message);
  });

  it('rejects series with different feature counts or non-finite values', () => {
    expect(() =>
      dtwDistance(
        univariateMts([1, 2]),
        mtsFromFeatureRows([
          [1, 2],
          [3, 4],
        ])
      )
    ).toThrow(/different feature counts/);
    expect(() => dtwDistance(univariateMts([1, NaN]), univariateMts([1, 2]))).toThrow(
      /non-finite value \(NaN\) at time step 1/
    );
  });
});

describe('windowCellsFor', () => {
  it.each([
    [0.1, 150, 15],
    [0.03, 100, 3],
    [0.07, 24, 2],
    [0, 96, 0],
    [1, 286, 286],
  ])('turns %f of %i steps into %i cells with the UCR ceil convention', (fraction, length, cells) => {
    expect(windowCellsFor(fraction, length)).toBe(cells);
  });
});

describe('distanceRegistry', () => {
  it('lists each family with capability flags and rejects unknown names with the allowed list', () => {
    expect(getDistance('dtw-d').capabilities.alignmentPath).toBe(true);
    expect(getDistance('ed').capabilities.elastic).toBe(false);
    expect(() => getDistance('lcss')).toThrow('unknown distance "lcss"; allowed: ed, dtw-d, dtw-i');
  });
});
