import { LIVE_BASELINE_DEVIATION, STUDY_BASELINE_DEVIATION } from '../core/transforms/baselineDeviation';
import type { ModelCatalogue } from '../store/modelStore';
import { catalogueHash, catalogueScaling, MODEL_SCALING } from './modelCatalogue';

const legacy: ModelCatalogue = {
  name: 'lab',
  services: ['cart', 'orders'],
  features: [{ metric: 'cpu', query: 'rate(process_cpu_seconds_total{service="$service"}[5s])' }],
  stepSeconds: 1,
  baselineSeconds: 10,
  length: 13,
};

describe('model catalogue scaling', () => {
  it('builds new models with the scaling the study measured best', () => {
    expect(MODEL_SCALING).toEqual(STUDY_BASELINE_DEVIATION);
    expect(catalogueScaling({ ...legacy, scaling: MODEL_SCALING })).toEqual({
      clip: 50,
      minSd: 1e-3,
      minRelativeSd: 0.05,
    });
  });

  it('rebuilds instances of models stored before the field with the first settings', () => {
    expect(catalogueScaling(legacy)).toBe(LIVE_BASELINE_DEVIATION);
  });

  it('keeps the hash of a catalogue without scaling, and keys each scaling apart', () => {
    // The hash of `legacy` as computed before scaling was stored: models and cached instances keep their keys.
    expect(catalogueHash(legacy)).toBe('d997f00d43b45fcc4580c9d2fd931bba');
    const live = catalogueHash({ ...legacy, scaling: LIVE_BASELINE_DEVIATION });
    const study = catalogueHash({ ...legacy, scaling: STUDY_BASELINE_DEVIATION });
    expect(new Set([catalogueHash(legacy), live, study]).size).toBe(3);
  });
});
