import { NearestNeighbourSearch, type SearchTuning } from '../core/classifiers/nearestNeighbourSearch';
import { dtwDistance } from '../core/distances/dtwDistance';
import { euclideanDistance } from '../core/distances/euclideanDistance';
import { referenceData, referenceWindowCells } from './benchData';

// Golden values printed by the independent C reference (../shared/perf/dtw_ref.c, `dtw_ref F T N wpct seed 10 2 0`):
// chk_full = Σ DTW(query 0, reference k) for k < 3; sum_nn / sum_idx = Σ over 10 queries of the 1-NN distance /
// index; sum_ed = the same for Euclidean 1-NN. Same xorshift32 data, same summation order: equal bit for bit.
const golden: Array<[number, number, number, number, number, number, number, number, number]> = [
  // F, T, N, wpct, seed, chk_full, sum_nn, sum_idx, sum_ed
  [40, 120, 200, 10, 7, 27166.603048057019, 74260.842741868124, 1125, 74271.072984332874],
  [1, 150, 100, 10, 3, 599.92025499126021, 101.49930587092888, 581, 502.13479102272947],
  [6, 100, 150, 100, 5, 3097.5017200715711, 5309.0454784218391, 338, 6333.6959758236708],
];

const tunings: SearchTuning[] = [{ wasm: true }, { wasm: false }, { wasm: true, sortByLowerBound: false }];

describe('the DTW kernels against the C reference', () => {
  it.each(golden)(
    'reproduce its distances and 1-NN answers exactly for F=%i T=%i N=%i window %i %% (seed %i)',
    (F, T, N, wpct, seed, chkFull, sumNn, sumIdx, sumEd) => {
      const { references, queries } = referenceData(F, T, N, 10, seed);
      const windowCells = referenceWindowCells(T, wpct);
      let chk = 0;
      for (let k = 0; k < 3; k++) {
        chk += dtwDistance(queries[0], references[k], { windowCells });
      }
      expect(chk).toBe(chkFull);
      for (const tuning of tunings) {
        const search = new NearestNeighbourSearch(references, 'dtw-d', { windowCells }, tuning);
        let distances = 0;
        let indices = 0;
        for (let i = 0; i < 10; i++) {
          const [nearest] = search.search(queries[i]).neighbours;
          distances += nearest.distance;
          indices += nearest.index;
        }
        expect(distances).toBe(sumNn);
        expect(indices).toBe(sumIdx);
      }
      const ed = new NearestNeighbourSearch(references, 'ed', { windowFraction: 0 });
      let edSum = 0;
      for (let i = 0; i < 10; i++) {
        edSum += ed.search(queries[i]).neighbours[0].distance;
      }
      expect(edSum).toBeCloseTo(sumEd, 8);
      expect(euclideanDistance(queries[0], references[0])).toBeGreaterThan(0);
    }
  );

  it('reproduces its sine-class data and 1-NN answers exactly (F=40 T=120 N=200 window 10 %, seed 7, data 1)', () => {
    // `dtw_ref 40 120 200 10 7 10 2 1`: chk_full, sum_nn, sum_idx, and accuracy 1.
    const { references, queries, referenceLabels, queryLabels } = referenceData(40, 120, 200, 10, 7, 1);
    const windowCells = referenceWindowCells(120, 10);
    let chk = 0;
    for (let k = 0; k < 3; k++) {
      chk += dtwDistance(queries[0], references[k], { windowCells });
    }
    expect(chk).toBe(19592.816857245132);
    for (const tuning of [...tunings, { lowerBounds: true }, { singlePrecisionScreen: false }]) {
      const search = new NearestNeighbourSearch(references, 'dtw-d', { windowCells }, tuning);
      let distances = 0;
      let indices = 0;
      let correct = 0;
      for (let i = 0; i < 10; i++) {
        const [nearest] = search.search(queries[i]).neighbours;
        distances += nearest.distance;
        indices += nearest.index;
        correct += referenceLabels[nearest.index] === queryLabels[i] ? 1 : 0;
      }
      expect(distances).toBe(9493.8518939406731);
      expect(indices).toBe(379);
      expect(correct).toBe(10);
    }
  });
});
