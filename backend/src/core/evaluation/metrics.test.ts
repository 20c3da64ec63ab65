import type { Prediction } from '../types';
import { acAtK, accuracy, avgAtK, collapseToServices, confusionMatrix, perClassReport, serviceOf } from './metrics';
import { leaveOneGroupOut, leaveOneOut, stratifiedKFold, trainTestSplit } from './splits';

const ranked = (...labels: string[]): Prediction => ({
  label: labels[0],
  unknown: false,
  scores: labels.map((label, i) => ({
    label,
    score: (labels.length - i) / ((labels.length * (labels.length + 1)) / 2),
  })),
});

describe('ranking metrics', () => {
  // Truth sits at rank 1, 2, 3 and 5 of four cases.
  const truths = ['a', 'b', 'c', 'e'];
  const predictions = [
    ranked('a', 'b', 'c', 'd', 'e'),
    ranked('a', 'b', 'c', 'd', 'e'),
    ranked('a', 'b', 'c', 'd', 'e'),
    ranked('a', 'b', 'c', 'd', 'e'),
  ];

  it.each([
    [1, 0.25],
    [2, 0.5],
    [3, 0.75],
    [4, 0.75],
    [5, 1],
  ])('AC@%i counts the truth within the top k: %f', (k, expected) => {
    expect(acAtK(truths, predictions, k)).toBe(expected);
  });

  it('Avg@5 is the mean of AC@1..AC@5', () => {
    expect(avgAtK(truths, predictions, 5)).toBeCloseTo((0.25 + 0.5 + 0.75 + 0.75 + 1) / 5, 12);
  });
});

describe('label metrics', () => {
  const truths = ['x', 'x', 'x', 'y', 'y', 'z'];
  const predicted = ['x', 'x', 'y', 'y', 'unknown', 'z'];

  it('computes accuracy, a confusion matrix over all labels, and per-class precision and recall', () => {
    expect(accuracy(truths, predicted)).toBeCloseTo(4 / 6, 12);
    expect(confusionMatrix(truths, predicted)).toEqual({
      labels: ['unknown', 'x', 'y', 'z'],
      counts: [
        [0, 0, 0, 0],
        [0, 2, 1, 0],
        [1, 0, 1, 0],
        [0, 0, 0, 1],
      ],
    });
    expect(perClassReport(truths, predicted)).toEqual([
      { label: 'x', precision: 1, recall: 2 / 3, support: 3 },
      { label: 'y', precision: 0.5, recall: 0.5, support: 2 },
      { label: 'z', precision: 1, recall: 1, support: 1 },
    ]);
  });

  it('collapses service/fault rankings to services, summing the scores of a service', () => {
    const prediction = {
      label: 'db/cpu',
      unknown: false,
      scores: [
        { label: 'db/cpu', score: 0.4 },
        { label: 'api/cpu', score: 0.35 },
        { label: 'db/delay', score: 0.25 },
      ],
    };
    expect(serviceOf('db/delay')).toBe('db');
    expect(serviceOf('normal')).toBe('normal');
    expect(collapseToServices(prediction).scores).toEqual([
      { label: 'db', score: 0.65 },
      { label: 'api', score: 0.35 },
    ]);
    expect(collapseToServices(prediction).label).toBe('db');
  });
});

describe('splits', () => {
  it('leave-one-out tests every case once', () => {
    expect(leaveOneOut(3)).toEqual([
      { train: [1, 2], test: [0] },
      { train: [0, 2], test: [1] },
      { train: [0, 1], test: [2] },
    ]);
  });

  it('leave-one-group-out keeps every group on one side', () => {
    const folds = leaveOneGroupOut(['e1', 'e1', 'e2', 'e3', 'e2']);
    expect(folds.map((f) => f.test)).toEqual([[0, 1], [2, 4], [3]]);
    expect(folds[1].train).toEqual([0, 1, 3]);
  });

  it('stratified k-fold covers every case once with a balanced class mix, the same for a seed', () => {
    const labels = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'c'];
    const folds = stratifiedKFold(labels, 4, 7);
    expect(folds.flatMap((f) => f.test).sort((x, y) => x - y)).toEqual(labels.map((_, i) => i));
    for (const fold of folds) {
      expect(fold.test.map((i) => labels[i]).sort()).toEqual(['a', 'b', 'c']);
    }
    expect(stratifiedKFold(labels, 4, 7)).toEqual(folds);
    expect(() => stratifiedKFold(labels, 1)).toThrow(/k must be an integer from 2/);
  });

  it('train/test split keeps at least one case of each label for training', () => {
    const split = trainTestSplit(['a', 'a', 'b', 'b', 'b', 'b'], 0.5, 1);
    expect(split.test.length).toBe(3);
    expect(new Set(split.train.map((i) => (i < 2 ? 'a' : 'b')))).toEqual(new Set(['a', 'b']));
  });
});
