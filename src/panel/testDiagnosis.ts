import { Diagnosis } from '../api/types';

/** A diagnosis in the shape of docs/api.md's example answer, for component and data-preparation tests. */
export function exampleDiagnosis(overrides: Partial<Diagnosis> = {}): Diagnosis {
  return {
    window: { from: 1795000000000, to: 1795000600000, stepSeconds: 15 },
    model: { id: 3, name: 'dtw-shop', classifier: 'dtw-d', createdAt: 1795000000000 },
    status: 'ok',
    culprit: { service: 'cart', fault: 'cpu', confidence: 0.82 },
    ranking: [
      { service: 'cart', fault: 'cpu', label: 'cart/cpu', score: 0.82 },
      { service: null, fault: 'normal', label: 'normal', score: 0.1 },
      { service: 'orders', fault: 'delay', label: 'orders/delay', score: 0.08 },
    ],
    services: [
      { service: 'cart', score: 0.82 },
      { service: 'orders', score: 0.08 },
      { service: 'frontend', score: 0 },
    ],
    neighbours: [
      { episodeId: 17, service: 'cart', fault: 'cpu', start: 1794990000000, end: 1794990300000, distance: 3.21 },
      { episodeId: null, service: null, fault: 'normal', start: 1794980000000, end: 1794980600000, distance: 7.9 },
    ],
    topFeatures: [{ feature: 'cart:cpu', service: 'cart', metric: 'cpu', weight: 0.41 }],
    quality: { missingFraction: 0.02, filledPoints: 12, servicesWithoutData: [] },
    timings: { queryMs: 41.2, buildMs: 1.3, classifyMs: 8.7, totalMs: 52.9 },
    ...overrides,
  };
}
