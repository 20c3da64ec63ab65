import { htmlReport } from './htmlReport';
import { markdownReport } from './markdownReport';
import { DEFAULT_STUDY_SETTINGS, runStudy } from './runStudy';
import { liveInstanceScaler, studyClassifierEntries } from './studyClassifiers';
import { syntheticStudyDataset } from './syntheticStudyData';

describe('runStudy on a small synthetic set', () => {
  const dataset = syntheticStudyDataset({
    services: ['api', 'db', 'cache'],
    faults: ['cpu', 'memory', 'kill'],
    repetitions: 3,
    normalCases: 3,
    seed: 11,
  });
  const first = dataset.cases[0];
  let t = 0;
  const progress: number[] = [];
  let total = 0;
  const report = runStudy(
    dataset,
    studyClassifierEntries(['ed', 'dtw-d']),
    DEFAULT_STUDY_SETTINGS,
    liveInstanceScaler(first.featureNames, first.stepSeconds),
    {
      now: () => (t += 0.5),
      onStart: (n) => (total = n),
      onProgress: (done) => progress.push(done),
    }
  );

  it('produces the report shape that --json promises', () => {
    expect(Object.keys(report).sort()).toEqual(['baseline', 'classifiers', 'dataset', 'goals', 'shiftSet']);
    for (const c of report.classifiers) {
      expect(c).toEqual(
        expect.objectContaining({
          name: expect.any(String),
          service: { ac1: expect.any(Number), ac3: expect.any(Number), avg5: expect.any(Number) },
          serviceFault: { accuracy: expect.any(Number) },
          shift60: { ac1: expect.any(Number) },
          shift30: { ac1: expect.any(Number) },
          unknownRecall: expect.any(Number),
          diagnoseMs: expect.any(Number),
          confusion: { labels: expect.any(Array), matrix: expect.any(Array) },
        })
      );
    }
    expect(report.baseline).toEqual(
      expect.objectContaining({ name: 'n-sigma', serviceFault: null, unknownRecall: null })
    );
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('describes the data set and protocol', () => {
    expect(report.dataset).toEqual(
      expect.objectContaining({
        cases: 30,
        faultCases: 27,
        normalCases: 3,
        episodes: 30,
        services: ['api', 'cache', 'db'],
        faults: ['cpu', 'kill', 'memory'],
        features: 9,
        shiftsSeconds: [-60, -30, 30, 60],
      })
    );
  });

  it('classifies the separable synthetic classes perfectly when the window is on the onset, the baseline included', () => {
    for (const c of report.classifiers) {
      expect(c.service.ac1).toBe(1);
      expect(c.serviceFault.accuracy).toBe(1);
    }
    expect(report.baseline.service.ac1).toBe(1);
  });

  it('counts every unshifted query once in the confusion matrix, with hits on the diagonal', () => {
    const { labels, matrix } = report.classifiers[0].confusion;
    expect(labels[labels.length - 1]).toBe('normal');
    expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(30);
    expect(labels.reduce((sum, _, i) => sum + matrix[i][i], 0)).toBe(30);
  });

  it('draws an accuracy-vs-shift curve with every shift, in order', () => {
    expect(report.classifiers[0].shifts.map((p) => p.shiftSeconds)).toEqual([-60, -30, 0, 30, 60]);
    expect(report.classifiers[0].shifts.map((p) => p.queries)).toEqual([27, 27, 27, 27, 27]);
  });

  it('reports progress up to the announced total', () => {
    expect(total).toBe(2 * (30 + 3 * 3) + 1);
    expect(progress[progress.length - 1]).toBe(total);
  });

  it('checks the goals against the best classifier', () => {
    expect(report.goals?.goals.map((g) => g.goal)).toEqual([
      'service AC@1',
      '(service, fault) accuracy',
      'service AC@1 ahead of the N-Sigma baseline',
      'service AC@1 at a 60 s onset shift',
    ]);
    // Both the classifiers and the baseline are perfect here, so "ahead of the baseline" is honestly not met.
    expect(report.goals?.goals[2].met).toBe(false);
  });

  it('renders the Markdown table and the HTML page from the same report', () => {
    const markdown = markdownReport(report);
    expect(markdown).toContain('| ed | 1.000 |');
    expect(markdown).toContain('| n-sigma (no labels) | 1.000 |');
    const html = htmlReport(report);
    expect(html).toContain('<table>');
    expect(html.match(/<svg /g)).toHaveLength(2 + report.classifiers.length);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});

describe('runStudy with a shift set', () => {
  const options = {
    services: ['api', 'db'],
    faults: ['cpu', 'kill'],
    stepSeconds: 5,
    marginSeconds: 200,
    faultSeconds: 40,
  };
  // SYNTHETIC data: a library and a separately drawn shift set.
  const library = syntheticStudyDataset({ ...options, repetitions: 2, normalCases: 2, seed: 21 });
  const shiftSet = syntheticStudyDataset({ ...options, repetitions: 1, normalCases: 1, seed: 22 });
  const first = library.cases[0];
  let t = 0;
  const report = runStudy(
    library,
    studyClassifierEntries(['ed']),
    { windowSeconds: 40, baselineSeconds: 30, shiftsSeconds: [-60, 60] },
    liveInstanceScaler(first.featureNames, first.stepSeconds),
    { now: () => (t += 0.5) },
    {
      dataset: shiftSet,
      settings: { windowSeconds: 160, leadSeconds: 60, baselineSeconds: 60, shiftsSeconds: [-60, 60] },
    }
  );

  it('takes the ±60 s figures from the shift set and keeps the short-window curve', () => {
    const s = report.shiftSet;
    expect(s).not.toBeNull();
    expect(s?.faultCases).toBe(4);
    expect(s?.normalCases).toBe(1);
    expect(s?.shiftsSeconds).toEqual([-60, 0, 60]);
    expect(report.classifiers[0].shift60).toEqual(s?.classifiers[0].shift60);
    expect(report.baseline.shift60).toEqual(s?.baseline.shift60);
    expect(report.classifiers[0].shifts.map((p) => p.shiftSeconds)).toEqual([-60, 0, 60]);
    expect(markdownReport(report)).toMatch(/on the shift set "synthetic": 4 fault episodes and 1 normal windows/);
    expect(htmlReport(report)).toMatch(/shift set/);
  });
});
