import fs from 'node:fs';
import path from 'node:path';

import { shiftCurvesFromReport } from './shiftCurves';
import { StudyReport, StudyReportEntry } from './studyReport';

/** The shipped study's report (`npm run study`), as the Models page loads it. */
function shopReport(): StudyReport {
  return JSON.parse(
    fs.readFileSync(path.join(__dirname, '../../../fixtures/shop-study/report/report.json'), 'utf8')
  ) as StudyReport;
}

/** The values of one curve at every shift, as counts of `queries` (the tables in fixtures/shop-study/README.md). */
function counts(
  curves: ReturnType<typeof shiftCurvesFromReport>,
  name: string,
  measure: 'serviceAc1' | 'serviceFaultAccuracy'
) {
  const curve = curves!.curves.find((c) => c.name === name)!;
  return curve.points.map((p) =>
    p && p[measure] !== null ? `${Math.round(p[measure]! * p.queries!)}/${p.queries}` : null
  );
}

describe('shiftCurvesFromReport on the shipped shop report', () => {
  it('takes the shift set (160 s windows, 42 fault episodes): one curve per classifier, then the baseline', () => {
    const curves = shiftCurvesFromReport(shopReport())!;
    expect(curves.source).toBe('shift set');
    expect(curves.windowSeconds).toBe(160);
    expect(curves.shiftsSeconds).toEqual([-60, -30, 0, 30, 60]);
    expect(curves.curves.map((c) => c.name)).toEqual([
      'ed',
      'ed-k3',
      'dtw-i',
      'dtw-d',
      'dtw-d-k3',
      'minirocket',
      'n-sigma (no labels)',
    ]);
    expect(curves.curves.map((c) => c.baseline)).toEqual([false, false, false, false, false, false, true]);
  });

  it('has the shift-set figures of fixtures/shop-study/README.md (ed at −60 s: 41 of 42)', () => {
    const curves = shiftCurvesFromReport(shopReport());
    expect(curves!.curves[0].points[0]!.serviceAc1).toBeCloseTo(41 / 42, 12);
    expect(counts(curves, 'ed', 'serviceAc1')).toEqual(['41/42', '41/42', '42/42', '42/42', '42/42']);
    expect(counts(curves, 'ed-k3', 'serviceAc1')).toEqual(['40/42', '40/42', '41/42', '41/42', '41/42']);
    expect(counts(curves, 'minirocket', 'serviceAc1')).toEqual(['39/42', '36/42', '38/42', '37/42', '37/42']);
    expect(counts(curves, 'n-sigma (no labels)', 'serviceAc1')).toEqual(['39/42', '39/42', '38/42', '39/42', '39/42']);
    expect(counts(curves, 'ed', 'serviceFaultAccuracy')).toEqual(['40/42', '40/42', '41/42', '41/42', '41/42']);
  });

  it('gives the baseline no (service, fault) accuracy: it names no fault kind', () => {
    const baseline = shiftCurvesFromReport(shopReport())!.curves.at(-1)!;
    expect(baseline.points.map((p) => p!.serviceFaultAccuracy)).toEqual([null, null, null, null, null]);
  });

  it("falls back to each classifier's own shifts over the study cases when the report has no shift set", () => {
    const curves = shiftCurvesFromReport({ ...shopReport(), shiftSet: null })!;
    expect(curves.source).toBe('cases');
    expect(curves.windowSeconds).toBe(40);
    // dataset.shiftsSeconds is [-60, -30, 30, 60]; the unshifted point comes from the classifiers' shifts.
    expect(curves.shiftsSeconds).toEqual([-60, -30, 0, 30, 60]);
    expect(counts(curves, 'ed', 'serviceAc1')).toEqual(['0/186', '2/186', '179/186', '1/186', '0/186']);
    expect(counts(curves, 'minirocket', 'serviceAc1')).toEqual(['20/186', '74/186', '161/186', '60/186', '54/186']);
    expect(counts(curves, 'n-sigma (no labels)', 'serviceAc1')).toEqual([
      '20/186',
      '162/186',
      '163/186',
      '43/186',
      '17/186',
    ]);
  });
});

describe('shiftCurvesFromReport on other reports', () => {
  // Malformed on purpose in some cases below, hence the cast.
  const entry = (name: string, shifts?: unknown) =>
    ({ name, ...(shifts === undefined ? {} : { shifts }) }) as StudyReportEntry;

  it('returns null for a report without any shift data', () => {
    expect(
      shiftCurvesFromReport({ classifiers: [entry('ed')], baseline: entry('n-sigma'), shiftSet: null })
    ).toBeNull();
    expect(shiftCurvesFromReport({ classifiers: [] })).toBeNull();
  });

  it('leaves a gap (null) where a curve has no point at a shift, and leaves out an entry without shifts', () => {
    const curves = shiftCurvesFromReport({
      dataset: { shiftsSeconds: [-30, 30] },
      classifiers: [
        entry('a', [{ shiftSeconds: 30, serviceAc1: 0.5, serviceFaultAccuracy: 0.25, queries: 4 }]),
        entry('b'),
        entry('c', [{ shiftSeconds: 0, serviceAc1: 1 }]),
      ],
    })!;
    expect(curves.shiftsSeconds).toEqual([-30, 0, 30]);
    expect(curves.windowSeconds).toBeNull();
    expect(curves.curves).toEqual([
      {
        name: 'a',
        baseline: false,
        points: [null, null, { serviceAc1: 0.5, serviceFaultAccuracy: 0.25, queries: 4 }],
      },
      {
        name: 'c',
        baseline: false,
        points: [null, { serviceAc1: 1, serviceFaultAccuracy: null, queries: null }, null],
      },
    ]);
  });

  it.each([
    ['not an object', null, /not a study report.*culprit study --out/],
    ['no classifier list', { baseline: entry('n-sigma') }, /not a study report/],
    ['a shift set that is not an object', { classifiers: [], shiftSet: 'yes' }, /"shiftSet" is not an object/],
    [
      'a shift set without classifiers',
      { classifiers: [], shiftSet: { shiftsSeconds: [0] } },
      /"shiftSet" has no "classifiers" list/,
    ],
    ['an entry without a name', { classifiers: [{ shifts: [] }] }, /classifiers\[0\] has no "name"/],
    [
      'shifts that are not a list',
      { classifiers: [entry('ed', { '0': 1 })] },
      /classifiers\[0\]\.shifts is not a list/,
    ],
    [
      'a point without its shift',
      { classifiers: [], shiftSet: { classifiers: [entry('ed', [{ serviceAc1: 1 }])] } },
      /shiftSet\.classifiers\[0\]\.shifts\[0\]\.shiftSeconds is undefined, not a number of seconds/,
    ],
    [
      'a share above 1 (a percentage)',
      { classifiers: [], baseline: entry('n-sigma', [{ shiftSeconds: 0, serviceAc1: 97.6 }]) },
      /baseline\.shifts\[0\]\.serviceAc1 is 97\.6: a share must be a number from 0 to 1/,
    ],
    [
      'a share written as text',
      { classifiers: [entry('ed', [{ shiftSeconds: 0, serviceAc1: 1, serviceFaultAccuracy: '0.9' }])] },
      /classifiers\[0\]\.shifts\[0\]\.serviceFaultAccuracy is "0\.9"/,
    ],
    [
      'two points at the same shift',
      {
        classifiers: [
          entry('ed', [
            { shiftSeconds: 30, serviceAc1: 1 },
            { shiftSeconds: 30, serviceAc1: 0 },
          ]),
        ],
      },
      /classifiers\[0\]\.shifts has two points at 30 s/,
    ],
    [
      'declared shifts that are not seconds',
      { dataset: { shiftsSeconds: ['60'] }, classifiers: [entry('ed', [{ shiftSeconds: 0, serviceAc1: 1 }])] },
      /dataset\.shiftsSeconds is \["60"\], not a list of seconds/,
    ],
  ])('says what is wrong with a report with %s', (_, report, message) => {
    expect(() => shiftCurvesFromReport(report as never)).toThrow(message);
  });
});
