import { learnWindow } from '../core/classifiers/learnWindow';
import { seededRandom } from '../core/seededRandom';
import type { Mts } from '../core/types';
import { LIVE_BASELINE_DEVIATION } from '../core/transforms/baselineDeviation';
import { cutCaseWindow } from './caseWindow';
import {
  baselineDeviationScaler,
  liveInstanceScaler,
  STUDY_WINDOW_PERCENTAGES,
  studyClassifierEntries,
  WindowLearnedDtw,
  WindowMatrices,
} from './studyClassifiers';
import { syntheticStudyDataset } from './syntheticStudyData';

/** Random walks with a class-dependent bump at a random place, so the best window is neither 0 nor 100 %. */
function randomSet(seed: number, n: number): { series: Mts[]; labels: string[] } {
  const random = seededRandom(seed);
  const series: Mts[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const label = `c${i % 3}`;
    const length = 24;
    const values = new Float64Array(length * 2);
    const at = 4 + Math.floor(random() * 14);
    let level = 0;
    for (let t = 0; t < length; t++) {
      level += random() - 0.5;
      values[t * 2] = level + (t >= at && t < at + 3 ? (i % 3) + 1 : 0);
      values[t * 2 + 1] = random();
    }
    series.push({ nFeatures: 2, length, values });
    labels.push(label);
  }
  return { series, labels };
}

describe('the learned window of the study DTW classifiers', () => {
  it.each([1, 2])('equals the core learnWindow on any training fold (seed %i)', (seed) => {
    const { series, labels } = randomSet(seed, 30);
    for (const variant of ['dtw-d', 'dtw-i'] as const) {
      const matrices = new WindowMatrices(variant);
      matrices.prepare(series);
      // Folds: drop every fifth case, starting at 0..4.
      for (let start = 0; start < 3; start++) {
        const keep = series.map((_, i) => i).filter((i) => i % 5 !== start);
        const train = keep.map((i) => series[i]);
        const trainLabels = keep.map((i) => labels[i]);
        const expected = learnWindow(train, trainLabels, variant, {
          percentages: STUDY_WINDOW_PERCENTAGES,
        }).windowFraction;
        expect(matrices.learn(train, trainLabels)).toBe(expected);
      }
    }
  });

  it('learns the window in fit and then predicts with the core classifier', () => {
    const { series, labels } = randomSet(4, 30);
    const [entry] = studyClassifierEntries(['dtw-d']);
    entry.prepare?.(series);
    const classifier = entry.create({ rejectUnknown: false }) as WindowLearnedDtw;
    classifier.fit(series.slice(1), labels.slice(1));
    expect(classifier.windowFraction).toBe(learnWindow(series.slice(1), labels.slice(1), 'dtw-d').windowFraction);
    expect(
      classifier
        .predict(series[0])
        .scores.map((s) => s.label)
        .sort()
    ).toEqual(['c0', 'c1', 'c2']);
  });

  it('names the allowed classifiers when one is unknown', () => {
    expect(() => studyClassifierEntries(['dtw-x'])).toThrow(
      /unknown classifier "dtw-x"; choose from ed, ed-k3, dtw-i, dtw-d, dtw-d-k3, minirocket/
    );
  });
});

describe('baselineDeviationScaler', () => {
  it('with the live settings, gives exactly what the live instance builder gives', () => {
    const dataset = syntheticStudyDataset({
      seed: 3,
      repetitions: 1,
      normalCases: 1,
      services: ['a', 'b'],
      faults: ['cpu'],
    });
    const c = dataset.cases[0];
    const { window, baseline } = cutCaseWindow(c, { windowSeconds: 60, baselineSeconds: 60 });
    const live = liveInstanceScaler(c.featureNames, c.stepSeconds)(window, baseline);
    const core = baselineDeviationScaler(LIVE_BASELINE_DEVIATION)(window, baseline);
    expect(core.length).toBe(live.length);
    Array.from(core.values).forEach((v, i) => expect(v).toBeCloseTo(live.values[i], 9));
  });
});
