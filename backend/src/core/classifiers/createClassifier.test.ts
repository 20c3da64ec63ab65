import { randomMts, seededRandom } from '../testing/randomMts';
import { type Mts, UNKNOWN_LABEL } from '../types';
import { createClassifier, loadClassifier } from './createClassifier';
import type { KnnClassifier } from './knnClassifier';

/** Three easy classes: a level shift per class plus noise, so the expected answers are known. */
function shiftedClasses(seed: number, perClass: number, F = 2, T = 30): { series: Mts[]; labels: string[] } {
  const random = seededRandom(seed);
  const series: Mts[] = [];
  const labels: string[] = [];
  ['api/cpu', 'db/delay', 'cache/memory'].forEach((label, c) => {
    for (let i = 0; i < perClass; i++) {
      const s = randomMts(random, F, T);
      for (let t = 0; t < T; t++) {
        s.values[t * F + (c % F)] += 8 * Math.sin((t / T) * Math.PI * (c + 1));
      }
      series.push(s);
      labels.push(label);
    }
  });
  return { series, labels };
}

describe('createClassifier', () => {
  it.each([
    ['lcss', /classifier must be one of ed, dtw-d, dtw-i, minirocket, got "lcss"/],
    [{ classifier: 'dtw-d', k: 0 }, /k must be an integer ≥ 1, got 0/],
    [{ classifier: 'dtw-d', windowFraction: 2 }, /windowFraction must be a number in \[0, 1\]/],
    [{ classifier: 'dtw-d', windowFraction: 0.1, learnWindow: true }, /either windowFraction or learnWindow/],
    [{ classifier: 'ed', learnWindow: true }, /ed has no window/],
    [{ classifier: 'dtw-i', normalise: 'minmax' }, /normalise must be one of none, znorm, baseline, got "minmax"/],
    [{ classifier: 'dtw-d', weighting: 'rank' }, /weighting must be uniform or distance/],
    [{ classifier: 'minirocket', k: 3 }, /"k" is not a setting of minirocket; allowed: classifier, numFeatures/],
    [{ classifier: 'minirocket', alphas: [] }, /alphas must be a non-empty list/],
  ])('rejects the spec %p with a message listing what is allowed', (spec, message) => {
    expect(() => createClassifier(spec as never)).toThrow(message);
  });

  it('fills in documented defaults', () => {
    expect(createClassifier('dtw-d').spec).toEqual({
      classifier: 'dtw-d',
      k: 1,
      weighting: 'uniform',
      windowFraction: 0.1,
      learnWindow: false,
      normalise: { kind: 'none' },
      rejectUnknown: true,
      unknownQuantile: 1,
      unknownFactor: 2,
    });
  });
});

describe.each(['ed', 'dtw-d', 'dtw-i', 'minirocket'] as const)('the %s classifier', (name) => {
  const train = shiftedClasses(1, 8);
  const test = shiftedClasses(2, 4);
  const spec =
    name === 'minirocket' ? { classifier: name, numFeatures: 840 } : { classifier: name, k: 3, rejectUnknown: false };

  it('ranks every class with scores that sum to 1 and gets the easy test set right', () => {
    const classifier = createClassifier(spec);
    classifier.fit(train.series, train.labels);
    expect(classifier.classes).toEqual(['api/cpu', 'cache/memory', 'db/delay']);
    let correct = 0;
    test.series.forEach((s, i) => {
      const prediction = classifier.predict(s);
      expect(prediction.scores.map((c) => c.label).sort()).toEqual(['api/cpu', 'cache/memory', 'db/delay']);
      expect(prediction.scores.reduce((sum, c) => sum + c.score, 0)).toBeCloseTo(1, 12);
      for (let r = 1; r < prediction.scores.length; r++) {
        expect(prediction.scores[r - 1].score).toBeGreaterThanOrEqual(prediction.scores[r].score);
      }
      if (prediction.label === test.labels[i]) {
        correct++;
      }
    });
    expect(correct).toBe(test.series.length);
  });

  it('predicts the same after a JSON round trip', () => {
    const classifier = createClassifier(spec);
    classifier.fit(train.series, train.labels);
    const loaded = loadClassifier(JSON.stringify(classifier.toJSON()));
    for (const s of test.series) {
      expect(loaded.predict(s)).toEqual(classifier.predict(s));
    }
  });
});

describe('the kNN classifier', () => {
  it('answers unknown for a query far from everything it learned, keeping the ranking as evidence', () => {
    const train = shiftedClasses(3, 6);
    const classifier = createClassifier({ classifier: 'dtw-d', windowFraction: 0.1 }) as KnnClassifier;
    classifier.fit(train.series, train.labels);
    expect(classifier.unknownThreshold).toBeGreaterThan(0);
    const far = randomMts(seededRandom(4), 2, 30);
    far.values.forEach((v, i) => (far.values[i] = v + 50));
    const prediction = classifier.predict(far);
    expect(prediction.unknown).toBe(true);
    expect(prediction.label).toBe(UNKNOWN_LABEL);
    expect(prediction.scores).toHaveLength(3);
    expect(classifier.predict(train.series[0]).unknown).toBe(false);
  });

  it('with k = 1 answers the label of the nearest neighbour and lists it as evidence', () => {
    const train = shiftedClasses(5, 5);
    const classifier = createClassifier({ classifier: 'dtw-i', rejectUnknown: false });
    classifier.fit(train.series, train.labels);
    const prediction = classifier.predict(train.series[7]);
    expect(prediction.neighbours?.[0]).toEqual({ index: 7, label: train.labels[7], distance: 0 });
    expect(prediction.label).toBe(train.labels[7]);
  });

  it('refuses to load a tampered model', () => {
    const train = shiftedClasses(6, 3);
    const classifier = createClassifier('ed');
    classifier.fit(train.series, train.labels);
    const json = classifier.toJSON() as { state: { classes: string[] } } & ReturnType<typeof classifier.toJSON>;
    expect(() => loadClassifier({ ...json, version: 2 as 1 })).toThrow(/version 2 is not supported/);
    expect(() => loadClassifier({ ...json, state: { ...json.state, classes: ['x'] } })).toThrow(
      /sorted distinct labels/
    );
    expect(() => loadClassifier({ format: 'other' } as never)).toThrow(/not a Culprit classifier/);
  });
});

describe('the MiniRocket classifier', () => {
  it('is deterministic for a seed', () => {
    const train = shiftedClasses(7, 5);
    const fit = (seed: number) => {
      const classifier = createClassifier({ classifier: 'minirocket', numFeatures: 420, seed });
      classifier.fit(train.series, train.labels);
      return JSON.stringify(classifier.toJSON());
    };
    expect(fit(3)).toBe(fit(3));
    expect(fit(3)).not.toBe(fit(4));
  });

  it('says what is wrong with series shorter than its kernels', () => {
    const classifier = createClassifier('minirocket');
    const short = [randomMts(seededRandom(1), 1, 5), randomMts(seededRandom(2), 1, 5)];
    expect(() => classifier.fit(short, ['a', 'b'])).toThrow('MiniRocket needs series of at least 9 steps, got 5');
  });
});
