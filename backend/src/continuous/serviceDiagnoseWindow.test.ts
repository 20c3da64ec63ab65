import { createClassifier } from '../core/classifiers/createClassifier';
import type { Mts } from '../core/types';
import {
  serviceDiagnoseWindow,
  toWindowDiagnosis,
  unknownThresholdOf,
  type DiagnosisAnswer,
} from './serviceDiagnoseWindow';

const ANSWER: DiagnosisAnswer = {
  model: { id: 3, name: 'dtw-shop', classifier: 'dtw-d', createdAt: 1795000000000 },
  status: 'ok',
  culprit: { service: 'cart', fault: 'cpu', confidence: 0.82 },
  ranking: [
    { service: 'cart', fault: 'cpu', score: 0.82 },
    { service: null, fault: 'normal', score: 0.18 },
  ],
  services: [
    { service: 'cart', score: 0.82 },
    { service: 'orders', score: 0 },
  ],
  neighbours: [{ distance: 3 }, { distance: 7.9 }],
};

function series(values: number[]): Mts {
  return { nFeatures: 1, length: values.length, values: Float64Array.from(values) };
}

describe('toWindowDiagnosis', () => {
  it("keeps the ranking and service scores and divides the nearest neighbour's distance by the threshold", () => {
    const diagnosis = toWindowDiagnosis(ANSWER, 6);
    expect(diagnosis.unknownAnomaly).toBe(0.5);
    expect(diagnosis.ranking).toEqual(ANSWER.ranking);
    expect(diagnosis.services).toEqual(ANSWER.services);
    expect(diagnosis.culprit).toEqual(ANSWER.culprit);
  });

  it('has no anomaly when the classifier gives no neighbours or the model no threshold', () => {
    expect(toWindowDiagnosis({ ...ANSWER, neighbours: [] }, 6).unknownAnomaly).toBeNull();
    expect(toWindowDiagnosis(ANSWER, null).unknownAnomaly).toBeNull();
  });
});

describe('serviceDiagnoseWindow', () => {
  it('asks for the threshold of the model that answered, not of one chosen before', async () => {
    const asked: number[] = [];
    const diagnose = serviceDiagnoseWindow({
      diagnose: async () => ({ ...ANSWER, model: { ...ANSWER.model, id: 9 } }),
      unknownThreshold: (id) => {
        asked.push(id);
        return 12;
      },
    });
    expect((await diagnose(0, 1)).unknownAnomaly).toBe(0.25);
    expect(asked).toEqual([9]);
  });
});

describe('unknownThresholdOf', () => {
  it('reads the threshold a fitted nearest-neighbour classifier learned, and it makes the anomaly cross 1 exactly where the classifier says unknown', () => {
    const classifier = createClassifier({
      classifier: 'ed',
      k: 1,
      normalise: 'none',
      rejectUnknown: true,
      unknownQuantile: 1,
      unknownFactor: 1,
    });
    // Leave-one-out nearest Euclidean distances 1, 1, 2, squared (core's unit) 1, 1, 4: the threshold is their max, 4.
    classifier.fit(
      [series([0, 0]), series([0.5 ** 0.5, 0.5 ** 0.5]), series([3 * 0.5 ** 0.5, 3 * 0.5 ** 0.5])],
      ['normal', 'normal', 'cart/cpu']
    );
    const threshold = unknownThresholdOf(classifier.toJSON());
    expect(threshold).toBeCloseTo(4, 12);
    const near = classifier.predict(series([0.1, 0.1]));
    const far = classifier.predict(series([40, 40]));
    expect(near.unknown).toBe(false);
    expect(far.unknown).toBe(true);
    expect(near.neighbours![0].distance / threshold!).toBeLessThan(1);
    expect(far.neighbours![0].distance / threshold!).toBeGreaterThan(1);
  });

  it.each([
    [null],
    [{}],
    [{ state: null }],
    [{ state: { unknownThreshold: null } }],
    [{ state: { unknownThreshold: -1 } }],
    [{ state: { unknownThreshold: 'x' } }],
  ])('is null for %p', (json) => {
    expect(unknownThresholdOf(json)).toBeNull();
  });
});
