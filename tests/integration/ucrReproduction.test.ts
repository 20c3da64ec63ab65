import { readFileSync } from 'node:fs';
import path from 'node:path';
import KNN from 'ml-knn';
import { learnWindow } from '../../backend/src/core/classifiers/learnWindow';
import { NearestNeighbourSearch } from '../../backend/src/core/classifiers/nearestNeighbourSearch';
import type { DistanceName } from '../../backend/src/core/distances/distanceRegistry';
import { parseSktimeTs } from '../../backend/src/core/readers/parseSktimeTs';
import { parseUcrTsv } from '../../backend/src/core/readers/parseUcrTsv';
import type { LabelledDataset } from '../../backend/src/core/readers/labelledDataset';

// The published numbers live in ../shared/data/README.md (UCR archive 2018 DataSummary.csv; BasicMotions from an
// independent implementation). CI runs on a fresh clone with ../shared beside it.
const repoRoot = path.resolve(__dirname, '..', '..');
const dataRoot = path.join(repoRoot, '..', 'shared', 'data');

function readUcr(name: string, split: 'TRAIN' | 'TEST'): LabelledDataset {
  const file = path.join(dataRoot, 'ucr', name, `${name}_${split}.tsv`);
  return parseUcrTsv(readFileSync(file, 'utf8'), file);
}

function readUea(name: string, split: 'TRAIN' | 'TEST'): LabelledDataset {
  const file = path.join(dataRoot, 'uea', name, `${name}_${split}.ts`);
  return parseSktimeTs(readFileSync(file, 'utf8'), file);
}

function errorRate(
  train: LabelledDataset,
  test: LabelledDataset,
  distance: DistanceName,
  windowFraction: number
): number {
  const search = new NearestNeighbourSearch(train.series, distance, { windowFraction });
  let wrong = 0;
  test.series.forEach((query, i) => {
    const [nearest] = search.search(query).neighbours;
    if (train.labels[nearest.index] !== test.labels[i]) {
      wrong++;
    }
  });
  return wrong / test.series.length;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

describe('1-NN on the UCR archive reproduces the published error rates (UCR 2018 DataSummary.csv)', () => {
  const published: Array<[string, number, number, number, number]> = [
    // set, ED, DTW learned window, learned window (% of length), DTW full window
    ['GunPoint', 0.0867, 0.0867, 0, 0.0933],
    ['ItalyPowerDemand', 0.0447, 0.0447, 0, 0.0496],
    ['ECG200', 0.12, 0.12, 0, 0.23],
    ['Coffee', 0.0, 0.0, 0, 0.0],
  ];

  it.each(published)(
    '%s: ED %f, DTW learned-window %f at %i %%, DTW full window %f',
    (name, ed, learned, windowPct, full) => {
      const train = readUcr(name, 'TRAIN');
      const test = readUcr(name, 'TEST');
      expect(round4(errorRate(train, test, 'ed', 0))).toBe(ed);
      expect(round4(errorRate(train, test, 'dtw-d', 1))).toBe(full);
      const window = learnWindow(train.series, train.labels, 'dtw-d');
      expect(Math.round(window.windowFraction * 100)).toBe(windowPct);
      expect(round4(errorRate(train, test, 'dtw-d', window.windowFraction))).toBe(learned);
    }
  );

  // ml-knn's KD-tree is exact with the Euclidean distance (and only with it: ../shared/TOOLCHAIN.md), so it is an
  // independent implementation of the ED baseline: every query must get the same nearest label as our exact search.
  it.each(published.map(([name, ed]) => [name, ed] as const))(
    '%s: ml-knn (KD-tree, Euclidean) gives error rate %f and the same answer as the exact search for every query',
    (name, ed) => {
      const train = readUcr(name, 'TRAIN');
      const test = readUcr(name, 'TEST');
      const knn = new KNN(
        train.series.map((s) => Array.from(s.values)),
        train.labels.map(Number),
        { k: 1 }
      );
      const predicted = knn.predict(test.series.map((s) => Array.from(s.values)));
      const search = new NearestNeighbourSearch(train.series, 'ed', { windowFraction: 0 });
      const ours = test.series.map((query) => Number(train.labels[search.search(query).neighbours[0].index]));
      expect(predicted).toEqual(ours);
      expect(round4(predicted.filter((label, i) => label !== Number(test.labels[i])).length / test.series.length)).toBe(
        ed
      );
    }
  );

  it('reads the GunPoint .ts copy to the same data as the .tsv', () => {
    const fromTs = parseSktimeTs(readFileSync(path.join(dataRoot, 'ucr', 'GunPoint', 'GunPoint_TRAIN.ts'), 'utf8'));
    const fromTsv = readUcr('GunPoint', 'TRAIN');
    expect(fromTs.series.length).toBe(fromTsv.series.length);
    fromTs.series.forEach((s, i) => {
      expect(Number(fromTs.labels[i])).toBe(Number(fromTsv.labels[i]));
      s.values.forEach((v, t) => expect(v).toBeCloseTo(fromTsv.series[i].values[t], 6));
    });
  });
});

describe('1-NN on UEA BasicMotions (multivariate, raw values, full window) matches an independent implementation', () => {
  it.each<[DistanceName, number]>([
    ['dtw-d', 0.975],
    ['dtw-i', 1.0],
    ['ed', 0.6],
  ])('%s has accuracy %f', (distance, accuracy) => {
    const train = readUea('BasicMotions', 'TRAIN');
    const test = readUea('BasicMotions', 'TEST');
    expect(round4(1 - errorRate(train, test, distance, 1))).toBe(accuracy);
  });
});
