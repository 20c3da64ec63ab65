import { cutCaseWindow, requiredSpan } from './caseWindow';
import { NORMAL_LABEL, type StudyCase } from './studyCase';

/** A one-feature case whose value at each row is the row's unix time, so every cut can be read off directly. */
function timeValuedCase(startSeconds: number, rows: number, stepSeconds: number, onsetSeconds: number): StudyCase {
  const values = Float64Array.from({ length: rows }, (_, t) => startSeconds + t * stepSeconds);
  return {
    id: 'web-cpu/1',
    group: '1',
    label: 'web/cpu',
    service: 'web',
    fault: 'cpu',
    onsetSeconds,
    startSeconds,
    stepSeconds,
    featureNames: ['web_cpu'],
    series: { nFeatures: 1, length: rows, values },
  };
}

describe('cutCaseWindow', () => {
  // Rows every 10 s from t = 1000 to 1590; the fault starts at 1200.
  const studyCase = timeValuedCase(1000, 60, 10, 1200);
  const settings = { windowSeconds: 60, baselineSeconds: 40 };

  it.each([
    [0, 1200],
    [-30, 1170],
    [30, 1230],
    [-60, 1140],
    [60, 1260],
  ])('cuts the window at onset %+d s and the baseline just before it', (shift, windowStart) => {
    const { window, baseline, windowStartSeconds } = cutCaseWindow(studyCase, settings, shift);
    expect(windowStartSeconds).toBe(windowStart);
    expect(Array.from(window.values)).toEqual([0, 1, 2, 3, 4, 5].map((i) => windowStart + 10 * i));
    expect(Array.from(baseline.values)).toEqual([4, 3, 2, 1].map((i) => windowStart - 10 * i));
  });

  it('names the case and the missing seconds when there is not enough data before the onset', () => {
    const short = timeValuedCase(1150, 40, 10, 1200);
    expect(() => cutCaseWindow(short, settings, -30)).toThrow(
      /case "web-cpu\/1" starts 20 s too late .* shifted by -30 s/
    );
  });

  it('names the missing seconds when there is not enough data after the onset', () => {
    expect(() => cutCaseWindow(studyCase, { windowSeconds: 400, baselineSeconds: 40 }, 60)).toThrow(
      /ends 60 s too early/
    );
  });

  it('refuses shifts and lengths that are not whole steps', () => {
    expect(() => cutCaseWindow(studyCase, settings, 15)).toThrow(/not a whole number of 10 s steps/);
    expect(() => cutCaseWindow(studyCase, { windowSeconds: 65, baselineSeconds: 40 })).toThrow(
      /windowSeconds \(65 s\)/
    );
  });

  it('cuts normal windows the same way, from their nominal start', () => {
    const normal: StudyCase = { ...studyCase, id: 'normal/1', label: NORMAL_LABEL, service: null, fault: null };
    expect(cutCaseWindow(normal, settings).windowStartSeconds).toBe(1200);
  });
});

describe('requiredSpan', () => {
  it('asks for the baseline before the earliest shift and the window after the latest', () => {
    expect(requiredSpan({ windowSeconds: 60, baselineSeconds: 40 }, [-60, -30, 30, 60])).toEqual({
      before: 100,
      after: 120,
    });
    expect(requiredSpan({ windowSeconds: 60, baselineSeconds: 40 }, [])).toEqual({ before: 40, after: 60 });
  });
});
