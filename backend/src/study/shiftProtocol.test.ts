import { baselineDeviationScaler, studyClassifierEntries } from './studyClassifiers';
import { STUDY_BASELINE_DEVIATION } from '../core/transforms/baselineDeviation';
import { prepareInstances } from './studyProtocols';
import { localiseMostMoved } from '../core/transforms/localiseMostMoved';
import { prepareShiftQueries, shiftSetNSigmaOutcomes, shiftSetOutcomes, type ShiftSetSettings } from './shiftProtocol';
import { shiftSetRow } from './studyReport';
import { syntheticStudyDataset } from './syntheticStudyData';

const common = {
  services: ['a', 'b', 'c'],
  faults: ['cpu', 'mem', 'lat'],
  stepSeconds: 5,
  marginSeconds: 200,
  faultSeconds: 40,
};
// SYNTHETIC data: two independent draws, one as the library and one as the shift set.
const library = syntheticStudyDataset({ ...common, seed: 1, repetitions: 2, normalCases: 2 });
const shiftSet = syntheticStudyDataset({ ...common, seed: 2, repetitions: 1, normalCases: 1 });
const librarySettings = { windowSeconds: 40, baselineSeconds: 30 };
const settings: ShiftSetSettings = {
  windowSeconds: 160,
  leadSeconds: 60,
  baselineSeconds: 60,
  shiftsSeconds: [-60, 60],
};
const scale = baselineDeviationScaler(STUDY_BASELINE_DEVIATION);
let clock = 0;
const now = (): number => (clock += 1);

describe('localiseMostMoved', () => {
  it('finds the stretch with the largest sum of squares, earliest on ties', () => {
    const values = Float64Array.from([0, 0, 1, 3, 3, 0, 0]);
    expect(localiseMostMoved({ nFeatures: 1, length: 7, values }, 2)).toBe(3);
    expect(localiseMostMoved({ nFeatures: 1, length: 7, values: new Float64Array(7) }, 3)).toBe(0);
    expect(() => localiseMostMoved({ nFeatures: 1, length: 2, values: new Float64Array(2) }, 3)).toThrow(/shorter/);
  });
});

describe('the shift-set protocol', () => {
  const queries = prepareShiftQueries(library, shiftSet, settings, librarySettings.windowSeconds, scale);

  it('asks about every fault case at every shift and normal windows unshifted, located on the fault', () => {
    const faultCases = shiftSet.cases.filter((c) => c.service !== null).length;
    expect(queries).toHaveLength(faultCases * 3 + 1);
    for (const q of queries.filter((x) => shiftSet.cases[x.caseIndex].service !== null)) {
      // The fault starts leadSeconds − shift after the window's start; a spike train's stretch may sit a few steps off.
      expect(Math.abs(q.locatedAtSeconds - (settings.leadSeconds - q.shiftSeconds))).toBeLessThanOrEqual(20);
      expect(q.located.length).toBe(8);
    }
  });

  it('names the culprit of shifted long windows with a library of aligned short ones', () => {
    const [entry] = studyClassifierEntries(['ed']);
    const aligned = prepareInstances(library, librarySettings, [], scale).byShift.get(0);
    const outcomes = shiftSetOutcomes(entry, library, aligned as never, shiftSet, queries, now);
    const row = shiftSetRow('ed', shiftSet, settings.shiftsSeconds, outcomes, true);
    expect(row.shift60.ac1).toBeGreaterThanOrEqual(0.75); // chance: 1/3
    expect(row.service.ac1).toBeGreaterThanOrEqual(0.6);
    const nSigma = shiftSetRow(
      'n-sigma',
      shiftSet,
      settings.shiftsSeconds,
      shiftSetNSigmaOutcomes(shiftSet, queries, now),
      false
    );
    expect(nSigma.serviceFault).toBeNull();
    expect(nSigma.shift60.ac1).toBeGreaterThanOrEqual(0.9);
  });

  it('says which case is too short for the long window, and rejects other features', () => {
    expect(() => prepareShiftQueries(library, shiftSet, { ...settings, shiftsSeconds: [-200] }, 40, scale)).toThrow(
      /too late|more data before/
    );
    const other = syntheticStudyDataset({ ...common, services: ['a', 'b'], seed: 3, repetitions: 1, normalCases: 0 });
    expect(() => prepareShiftQueries(library, other, settings, 40, scale)).toThrow(/other features/);
  });
});
