import { annotationForDiagnosis } from './annotation';
import { exampleDiagnosis } from './testDiagnosis';

describe('annotationForDiagnosis', () => {
  it('makes a region over the diagnosed window, tagged culprit, service and fault', () => {
    expect(annotationForDiagnosis(exampleDiagnosis(), 'dash-1', 4)).toEqual({
      dashboardUID: 'dash-1',
      panelId: 4,
      time: 1795000000000,
      timeEnd: 1795000600000,
      tags: ['culprit', 'service:cart', 'fault:cpu'],
      text: 'Culprit: cart: cpu (82%), model dtw-shop',
    });
  });

  it('tags an unknown answer as unknown, without a service or fault', () => {
    const body = annotationForDiagnosis(exampleDiagnosis({ status: 'unknown', culprit: null }), undefined, undefined);
    expect(body.tags).toEqual(['culprit', 'unknown']);
    expect(body).not.toHaveProperty('dashboardUID');
    expect(body.text).toMatch(/unknown/);
  });

  it('tags a window that looks normal as normal', () => {
    const body = annotationForDiagnosis(exampleDiagnosis({ culprit: null }), 'd', 1);
    expect(body.tags).toEqual(['culprit', 'normal']);
  });
});
