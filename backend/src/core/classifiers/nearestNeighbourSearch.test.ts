import { dtwDistance } from '../distances/dtwDistance';
import { euclideanDistance } from '../distances/euclideanDistance';
import type { DistanceName } from '../distances/distanceRegistry';
import { randomMts, seededRandom } from '../testing/randomMts';
import type { Mts } from '../types';
import { NearestNeighbourSearch, type SearchTuning } from './nearestNeighbourSearch';

function bruteForce(query: Mts, refs: Mts[], distance: DistanceName, fraction: number, k: number) {
  const all = refs.map((r, index) => ({
    index,
    distance:
      distance === 'ed'
        ? euclideanDistance(query, r)
        : dtwDistance(query, r, {
            windowFraction: fraction,
            variant: distance === 'dtw-d' ? 'dependent' : 'independent',
          }),
  }));
  all.sort((x, y) => x.distance - y.distance || x.index - y.index);
  return all.slice(0, k);
}

const tunings: SearchTuning[] = [
  { lowerBounds: false, sortByLowerBound: false, suffixBound: false, wasm: false },
  { lowerBounds: true, sortByLowerBound: false, suffixBound: false, wasm: false },
  { lowerBounds: true, sortByLowerBound: false, suffixBound: true, wasm: false },
  { lowerBounds: true, sortByLowerBound: true, suffixBound: true, wasm: false },
  { lowerBounds: false, sortByLowerBound: false, suffixBound: false, wasm: true },
  { lowerBounds: true, sortByLowerBound: false, suffixBound: true, wasm: true },
  { lowerBounds: true, sortByLowerBound: true, suffixBound: true, wasm: true },
  { lowerBounds: true, sortByLowerBound: true, suffixBound: true, wasm: true, singlePrecisionScreen: false },
  { lowerBounds: false, sortByLowerBound: false, suffixBound: false, wasm: true, adaptiveBounds: false },
];

describe('NearestNeighbourSearch', () => {
  it.each<[DistanceName, number, number, number]>([
    ['dtw-d', 1, 30, 0.1],
    ['dtw-d', 5, 24, 0.2],
    ['dtw-d', 40, 12, 1],
    ['dtw-i', 3, 20, 0.15],
    ['ed', 4, 20, 0],
  ])(
    'finds exactly the brute-force neighbours with every pruning setting (%s, %i features, %i steps, window %f)',
    (distance, F, T, fraction) => {
      const random = seededRandom(F + T * 7);
      const refs = Array.from({ length: 60 }, () => randomMts(random, F, T));
      const searches = tunings.map(
        (tuning) => new NearestNeighbourSearch(refs, distance, { windowFraction: fraction }, tuning)
      );
      for (let trial = 0; trial < 15; trial++) {
        const query = randomMts(random, F, T);
        for (const k of [1, 3]) {
          const expected = bruteForce(query, refs, distance, fraction, k);
          for (const search of searches) {
            const { neighbours } = search.search(query, { k });
            expect(neighbours.map((h) => h.index)).toEqual(expected.map((h) => h.index));
            neighbours.forEach((h, i) => expect(h.distance).toBeCloseTo(expected[i].distance, 9));
          }
        }
      }
    }
  );

  it('gives the same neighbours whatever the order of the references', () => {
    const random = seededRandom(77);
    const refs = Array.from({ length: 40 }, () => randomMts(random, 3, 20));
    const permutation = refs.map((_, i) => i).sort(() => random() - 0.5);
    const shuffled = permutation.map((i) => refs[i]);
    const a = new NearestNeighbourSearch(refs, 'dtw-d', { windowFraction: 0.2 });
    const b = new NearestNeighbourSearch(shuffled, 'dtw-d', { windowFraction: 0.2 });
    for (let trial = 0; trial < 20; trial++) {
      const query = randomMts(random, 3, 20);
      const fromA = a.search(query, { k: 3 }).neighbours;
      const fromB = b
        .search(query, { k: 3 })
        .neighbours.map((h) => ({ index: permutation[h.index], distance: h.distance }));
      expect(fromB).toEqual(fromA);
    }
  });

  it('breaks ties between equal distances by the lower index, also when visiting in bound order', () => {
    const random = seededRandom(8);
    const base = randomMts(random, 2, 15);
    const refs = [randomMts(random, 2, 15), base, randomMts(random, 2, 15), base, base];
    const search = new NearestNeighbourSearch(refs, 'dtw-d', { windowFraction: 0.1 });
    const found = search.search(base, { k: 2 }).neighbours;
    expect(found.map((h) => h.index)).toEqual([1, 3]);
    expect(search.search(base, { k: 1, exclude: 1 }).neighbours[0].index).toBe(3);
  });

  it('returns the exact nearest distance of every class when asked', () => {
    const random = seededRandom(12);
    const refs = Array.from({ length: 30 }, () => randomMts(random, 2, 18));
    const classOf = Int32Array.from(refs.map((_, i) => i % 3));
    const search = new NearestNeighbourSearch(refs, 'dtw-d', { windowFraction: 0.2 });
    const query = randomMts(random, 2, 18);
    const { classNearest } = search.search(query, { classOf, nClasses: 3 });
    for (let c = 0; c < 3; c++) {
      const expected = Math.min(
        ...refs.filter((_, i) => i % 3 === c).map((r) => dtwDistance(query, r, { windowFraction: 0.2 }))
      );
      expect(classNearest?.[c]).toBeCloseTo(expected, 9);
    }
  });

  it.each([
    [1, 0, true],
    [1, 1e7, false],
    [1e-3, 0, true],
  ])(
    'gives bit-identical distances with and without the single-precision screen (scale %f, offset %f, screen used: %s)',
    (scale, offset, used) => {
      const random = seededRandom(40);
      const shape = (s: Mts): Mts => ({ ...s, values: s.values.map((x) => x * scale + offset) });
      const refs = Array.from({ length: 80 }, () => shape(randomMts(random, 40, 24)));
      const screened = new NearestNeighbourSearch(refs, 'dtw-d', { windowFraction: 0.1 });
      const exact = new NearestNeighbourSearch(
        refs,
        'dtw-d',
        { windowFraction: 0.1 },
        { singlePrecisionScreen: false }
      );
      for (let trial = 0; trial < 10; trial++) {
        const query = shape(randomMts(random, 40, 24));
        for (const k of [1, 4]) {
          expect(screened.search(query, { k }).neighbours).toEqual(exact.search(query, { k }).neighbours);
        }
      }
      // Far from zero the rounding bound is too loose to prune: the screen steps aside.
      expect(screened.stats.screenedOut > 0).toBe(used);
    }
  );

  it('runs DTW in the WebAssembly kernel on Node 20', () => {
    const random = seededRandom(1);
    expect(new NearestNeighbourSearch([randomMts(random, 2, 10)], 'dtw-d', { windowFraction: 0.1 }).usesWasm).toBe(
      true
    );
  });

  it('handles references of different lengths with DTW', () => {
    const random = seededRandom(13);
    const refs = [randomMts(random, 1, 20), randomMts(random, 1, 25), randomMts(random, 1, 18)];
    const query = randomMts(random, 1, 22);
    for (const wasm of [false, true]) {
      const search = new NearestNeighbourSearch(refs, 'dtw-d', { windowFraction: 0.1 }, { wasm });
      const [nearest] = search.search(query).neighbours;
      const [expected] = bruteForce(query, refs, 'dtw-d', 0.1, 1);
      expect(nearest.index).toBe(expected.index);
      expect(nearest.distance).toBeCloseTo(expected.distance, 9);
    }
    expect(() => new NearestNeighbourSearch(refs, 'ed', { windowFraction: 0 })).toThrow(/equally long/);
  });
});
