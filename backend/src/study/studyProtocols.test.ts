import type { Mts, Prediction } from '../core/types';
import { liveInstanceScaler, studyClassifierEntries } from './studyClassifiers';
import {
  leaveOneEpisodeOut,
  leaveOneFaultKindOut,
  nSigmaOutcomes,
  prepareInstances,
  stratifiedGroupFolds,
  type StudyClassifierEntry,
} from './studyProtocols';
import { makeStudyDataset, type StudyCase } from './studyCase';
import { syntheticStudyDataset } from './syntheticStudyData';

const settings = { windowSeconds: 60, baselineSeconds: 60 };
const shifts = [-60, -30, 30, 60];
let clock = 0;
const now = (): number => (clock += 1);

/**
 * A classifier that remembers what it was fitted on and answers with the nearest label by mean value: a real
 * (if crude) classifier, so the bookkeeping of who trains on what can be read off.
 */
class RecordingClassifier {
  static fits: Array<{ labels: string[]; size: number }> = [];
  private train: Array<{ mean: number; label: string }> = [];
  fit(series: Mts[], labels: string[]): void {
    RecordingClassifier.fits.push({ labels: [...labels], size: series.length });
    this.train = series.map((s, i) => ({
      mean: s.values.reduce((a, b) => a + b, 0) / s.values.length,
      label: labels[i],
    }));
  }
  predict(query: Mts): Prediction {
    const mean = query.values.reduce((a, b) => a + b, 0) / query.values.length;
    const ranked = [...this.train].sort((a, b) => Math.abs(a.mean - mean) - Math.abs(b.mean - mean));
    const labels = [...new Set(ranked.map((r) => r.label))];
    const scores = labels.map((label, i) => ({ label, score: i === 0 ? 1 : 0 }));
    return { label: labels[0], unknown: Math.abs(ranked[0].mean - mean) > 1e9, scores };
  }
}

const recording: StudyClassifierEntry = {
  name: 'recording',
  description: 'test',
  create: () => new RecordingClassifier(),
};

describe('leave-one-episode-out', () => {
  const dataset = syntheticStudyDataset({
    services: ['a', 'b'],
    faults: ['cpu', 'kill'],
    repetitions: 2,
    normalCases: 2,
    seed: 3,
  });
  const scale = liveInstanceScaler(dataset.cases[0].featureNames, dataset.cases[0].stepSeconds);
  const instances = prepareInstances(dataset, settings, shifts, scale);

  it('fits once per episode, never on the held-out episode, and queries fault cases at every shift but normal ones only unshifted', () => {
    RecordingClassifier.fits = [];
    const outcomes = leaveOneEpisodeOut(recording, dataset, instances, now);
    expect(RecordingClassifier.fits).toHaveLength(dataset.cases.length);
    for (const fit of RecordingClassifier.fits) {
      expect(fit.size).toBe(dataset.cases.length - 1);
    }
    const faultCases = dataset.cases.filter((c) => c.service !== null).length;
    expect(outcomes).toHaveLength(faultCases * 5 + 2);
    expect(outcomes.filter((o) => dataset.cases[o.caseIndex].service === null).every((o) => o.shiftSeconds === 0)).toBe(
      true
    );
  });

  it('keeps every case of an episode out of its fold when an episode has several cases', () => {
    const cases: StudyCase[] = dataset.cases.map((c, i) => ({ ...c, group: `g${i % 3}` }));
    const grouped = makeStudyDataset('grouped', cases);
    RecordingClassifier.fits = [];
    leaveOneEpisodeOut(recording, grouped, prepareInstances(grouped, settings, [], scale), now);
    expect(RecordingClassifier.fits.map((f) => f.size)).toEqual(
      [0, 1, 2].map((g) => cases.filter((c) => c.group !== `g${g}`).length)
    );
  });
});

describe('leave-one-fault-kind-out', () => {
  const dataset = syntheticStudyDataset({
    services: ['a', 'b'],
    faults: ['cpu', 'kill', 'pause'],
    repetitions: 3,
    normalCases: 3,
    seed: 4,
  });
  const scale = liveInstanceScaler(dataset.cases[0].featureNames, dataset.cases[0].stepSeconds);
  const instances = prepareInstances(dataset, settings, [], scale);

  it('deals every class over three folds, an episode never straddling two', () => {
    const folds = stratifiedGroupFolds(dataset, 3);
    for (const label of new Set(dataset.cases.map((c) => c.label))) {
      const ofClass = folds.filter((_, i) => dataset.cases[i].label === label);
      expect([...ofClass].sort()).toEqual([0, 1, 2]);
    }
    const grouped = makeStudyDataset(
      'grouped',
      dataset.cases.map((c, i) => ({ ...c, group: `g${Math.floor(i / 2)}` }))
    );
    const groupedFolds = stratifiedGroupFolds(grouped, 3);
    grouped.cases.forEach((c, i) => {
      const sameGroup = grouped.cases.map((d, j) => (d.group === c.group ? groupedFolds[j] : -1)).filter((f) => f >= 0);
      expect(new Set(sameGroup).size).toBe(1);
      expect(sameGroup[0]).toBe(groupedFolds[i]);
    });
  });

  it('trains without the held-out kind and without the held-out fold, and queries both', () => {
    RecordingClassifier.fits = [];
    const byFault = leaveOneFaultKindOut(recording, dataset, instances, now);
    const folds = stratifiedGroupFolds(dataset, 3);
    expect([...byFault.keys()]).toEqual(['cpu', 'kill', 'pause']);
    expect(RecordingClassifier.fits).toHaveLength(9);
    RecordingClassifier.fits.forEach((fit, i) => {
      const fault = dataset.faults[Math.floor(i / 3)];
      expect(fit.labels.some((l) => l.endsWith(`/${fault}`))).toBe(false);
      // 2 services x 2 other kinds x 3 repetitions + 3 normal windows = 15 cases; one fold in three is held out.
      expect(fit.size).toBe(10);
      expect(fit.labels.filter((l) => l === 'normal')).toHaveLength(2);
    });
    for (const [fault, { unseen, seen }] of byFault) {
      // Every case of the held-out kind is asked once per fold.
      expect(unseen).toHaveLength(3 * 6);
      expect(unseen.every((o) => dataset.cases[o.caseIndex].fault === fault)).toBe(true);
      // Every other case is asked exactly once, in the fold it was held out of.
      expect(seen.map((o) => o.caseIndex).sort((a, b) => a - b)).toEqual(
        dataset.cases.flatMap((c, i) => (c.fault === fault ? [] : [i]))
      );
      expect(new Set(seen.map((o) => folds[o.caseIndex])).size).toBe(3);
    }
  });

  it('lets the core kNN say "unknown" for a fault kind it never saw when the kind looks unlike anything in the library', () => {
    const [ed] = studyClassifierEntries(['ed']);
    const byFault = leaveOneFaultKindOut(ed, dataset, instances, now);
    const said = [...byFault.values()].flatMap((o) => o.unseen).filter((o) => o.unknown).length;
    expect(said).toBeGreaterThan(0);
  });

  it('asks for classifiers without the unknown threshold in leave-one-episode-out, and with it here', () => {
    const asked: boolean[] = [];
    const spy: StudyClassifierEntry = {
      name: 'spy',
      description: 'test',
      create: ({ rejectUnknown }) => {
        asked.push(rejectUnknown);
        return new RecordingClassifier();
      },
    };
    leaveOneEpisodeOut(spy, dataset, instances, now);
    expect(new Set(asked)).toEqual(new Set([false]));
    asked.length = 0;
    leaveOneFaultKindOut(spy, dataset, instances, now);
    expect(new Set(asked)).toEqual(new Set([true]));
  });
});

describe('the N-Sigma baseline over the synthetic set', () => {
  it('finds the culprit service of unshifted windows and degrades once the window leaves the fault', () => {
    const dataset = syntheticStudyDataset({
      services: ['a', 'b', 'c'],
      faults: ['cpu', 'memory'],
      repetitions: 3,
      normalCases: 1,
      seed: 5,
      faultSeconds: 60,
    });
    const scale = liveInstanceScaler(dataset.cases[0].featureNames, dataset.cases[0].stepSeconds);
    const outcomes = nSigmaOutcomes(dataset, prepareInstances(dataset, settings, [-60], scale), now);
    const hits = (shift: number): number =>
      outcomes.filter((o) => o.shiftSeconds === shift && o.serviceRanking[0] === dataset.cases[o.caseIndex].service)
        .length;
    expect(hits(0)).toBe(18);
    // Shifted 60 s early, the 60 s window ends at the onset: nothing of the fault is in it.
    expect(hits(-60)).toBeLessThan(12);
  });
});
