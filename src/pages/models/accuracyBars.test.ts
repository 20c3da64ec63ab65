import { Evaluation, Model } from '../../api/types';
import { accuracyFromModels, accuracyFromReport } from './accuracyBars';

function model(id: number, classifier: string): Model {
  return { id, name: `m${id}`, classifier, createdAt: 0, active: false };
}

function evaluation(modelId: number, accuracy: number, ac1: number, ac3?: number): Evaluation {
  return {
    modelId,
    method: 'leave-one-out',
    instances: 10,
    accuracy,
    serviceAccuracy: ac1,
    ac1,
    ac3,
    labels: [],
    confusion: [],
  };
}

describe('accuracyFromModels', () => {
  it('averages the models that share a classifier, one group per classifier, sorted by name', () => {
    const data = accuracyFromModels([
      { model: model(1, 'dtw-d'), evaluation: evaluation(1, 0.8, 0.9, 1) },
      { model: model(2, 'ed'), evaluation: evaluation(2, 0.5, 0.6, 0.9) },
      { model: model(3, 'dtw-d'), evaluation: evaluation(3, 0.9, 0.8, 0.9) },
    ]);
    expect(data.metrics).toEqual(['service AC@1', 'service AC@3', '(service, fault)']);
    expect(data.groups.map((g) => g.classifier)).toEqual(['dtw-d', 'ed']);
    expect(data.groups[0].runs).toBe(2);
    expect(data.groups[0].values[0]).toBeCloseTo(0.85, 12);
    expect(data.groups[0].values[1]).toBeCloseTo(0.95, 12);
    expect(data.groups[0].values[2]).toBeCloseTo(0.85, 12);
  });

  it('leaves a measure out (null) when no model measured it', () => {
    const data = accuracyFromModels([{ model: model(1, 'ed'), evaluation: evaluation(1, 0.5, 0.6) }]);
    expect(data.groups[0].values).toEqual([0.6, null, 0.5]);
  });
});

describe('accuracyFromReport', () => {
  it("draws docs/study.md's bars: service AC@1, AC@3, (service, fault) accuracy and AC@1 at ±60 s, baseline last", () => {
    const data = accuracyFromReport({
      classifiers: [
        { name: 'dtw-d', service: { ac1: 0.9, ac3: 0.97 }, serviceFault: { accuracy: 0.8 }, shift60: { ac1: 0.7 } },
      ],
      baseline: { name: 'n-sigma', service: { ac1: 0.6, ac3: 0.8 }, serviceFault: null, shift60: { ac1: 0.3 } },
    });
    expect(data.groups).toEqual([
      { classifier: 'dtw-d', runs: 1, values: [0.9, 0.97, 0.8, 0.7] },
      { classifier: 'n-sigma', runs: 1, values: [0.6, 0.8, null, 0.3] },
    ]);
  });

  it('says what a study report is when given something else', () => {
    expect(() => accuracyFromReport({} as never)).toThrow(/not a study report.*culprit study --out/);
  });
});
