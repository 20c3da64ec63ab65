import { DiagnosisResults, type ContinuousResult } from './diagnosisResults';
import type { WindowDiagnosis } from './windowDiagnosis';

const STEP = 15_000;
const T0 = 1_795_000_000_000;

function diagnosis(
  culprit: { service: string; fault: string; confidence: number } | null,
  status: 'ok' | 'unknown' = 'ok'
): WindowDiagnosis {
  const score = culprit?.confidence ?? 0;
  return {
    model: { id: 1, name: 'm', classifier: 'dtw-d', createdAt: 0 },
    status,
    culprit,
    ranking: culprit
      ? [{ service: culprit.service, fault: culprit.fault, score }]
      : [{ service: null, fault: 'normal', score: 1 }],
    services: [
      { service: culprit?.service ?? 'cart', score },
      { service: culprit?.service === 'orders' ? 'cart' : 'orders', score: 0 },
    ],
    unknownAnomaly: 0.2,
  };
}

function at(step: number, d: WindowDiagnosis | null): ContinuousResult {
  return { time: T0 + step * STEP, from: T0 + step * STEP - 300_000, diagnosis: d };
}

describe('DiagnosisResults', () => {
  it('keeps the newest results up to its capacity, oldest dropped first', () => {
    const results = new DiagnosisResults(3, STEP);
    for (let step = 0; step < 5; step++) {
      results.add(at(step, diagnosis(null)));
    }
    expect(results.size).toBe(3);
    expect(results.range(0, Number.MAX_SAFE_INTEGER).map((r) => (r.time - T0) / STEP)).toEqual([2, 3, 4]);
    expect(results.latest()?.time).toBe(T0 + 4 * STEP);
  });

  it('ignores a result that is not newer than the latest one', () => {
    const results = new DiagnosisResults(4, STEP);
    results.add(at(2, diagnosis(null)));
    results.add(at(1, diagnosis(null)));
    results.add(at(2, diagnosis(null)));
    expect(results.size).toBe(1);
  });

  it.each([
    [0, 9, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    [3, 5, [3, 4, 5]],
    [3.5, 5.5, [4, 5]],
    [10, 12, []],
    [-5, -1, []],
  ])('returns the results between step %p and step %p, bounds included, after wrapping round', (from, to, expected) => {
    const results = new DiagnosisResults(10, STEP);
    for (let step = -6; step < 10; step++) {
      results.add(at(step, diagnosis(null)));
    }
    expect(results.range(T0 + from * STEP, T0 + to * STEP).map((r) => (r.time - T0) / STEP)).toEqual(expected);
  });

  it('covers a range only when its results reach both ends', () => {
    const results = new DiagnosisResults(100, STEP);
    expect(results.covers(T0, T0 + 10 * STEP)).toBe(false);
    for (let step = 0; step <= 10; step++) {
      results.add(at(step, diagnosis(null)));
    }
    expect(results.covers(T0, T0 + 10 * STEP)).toBe(true);
    // `to` is now and the next step is still being diagnosed.
    expect(results.covers(T0, T0 + 11.5 * STEP)).toBe(true);
    expect(results.covers(T0 - 2 * STEP, T0 + 10 * STEP)).toBe(false);
    expect(results.covers(T0, T0 + 13 * STEP)).toBe(false);
  });

  it('builds the timeline of docs/api.md, with null scores where a run failed and a coarser step when asked', () => {
    const results = new DiagnosisResults(100, STEP);
    results.add(at(1, diagnosis(null)));
    results.add(at(2, diagnosis({ service: 'cart', fault: 'cpu', confidence: 0.8 })));
    results.add(at(3, null));
    results.add(at(4, diagnosis({ service: 'cart', fault: 'cpu', confidence: 0.6 })));
    const timeline = results.timeline(T0, T0 + 4 * STEP, STEP);
    expect(timeline.times).toEqual([1, 2, 3, 4].map((step) => T0 + step * STEP));
    expect(timeline.series).toEqual([
      { service: 'cart', scores: [0, 0.8, null, 0.6] },
      { service: 'orders', scores: [0, 0, null, 0] },
    ]);
    expect(timeline.culprits.map((c) => [c.service, c.fault, c.confidence, c.status])).toEqual([
      [null, null, 1, 'ok'],
      ['cart', 'cpu', 0.8, 'ok'],
      [null, null, null, 'failed'],
      ['cart', 'cpu', 0.6, 'ok'],
    ]);
    const coarse = results.timeline(T0, T0 + 4 * STEP, 2 * STEP);
    expect(coarse.times).toEqual([T0 + 2 * STEP, T0 + 4 * STEP]);
    expect(coarse.series[0].scores).toEqual([0.8, 0.6]);
  });

  it('leaves a timeline point empty when no result lies within one loop step before it', () => {
    const results = new DiagnosisResults(100, STEP);
    results.add(at(1, diagnosis(null)));
    results.add(at(5, diagnosis(null)));
    const timeline = results.timeline(T0, T0 + 5 * STEP, STEP);
    expect(timeline.culprits.map((c) => c.status)).toEqual(['ok', 'failed', 'failed', 'failed', 'ok']);
  });

  it('merges consecutive steps naming the same culprit into one incident with the mean confidence', () => {
    const results = new DiagnosisResults(100, STEP);
    results.add(at(0, diagnosis(null)));
    results.add(at(1, diagnosis({ service: 'cart', fault: 'cpu', confidence: 0.7 })));
    results.add(at(2, diagnosis({ service: 'cart', fault: 'cpu', confidence: 0.9 })));
    results.add(at(3, diagnosis({ service: 'cart', fault: 'memory', confidence: 0.6 })));
    results.add(at(4, null));
    results.add(at(5, diagnosis({ service: 'cart', fault: 'memory', confidence: 0.5 })));
    // A gap of more than one step (a missed run) also ends an incident.
    results.add(at(7, diagnosis({ service: 'cart', fault: 'memory', confidence: 0.5 })));
    results.add(at(8, diagnosis({ service: 'orders', fault: 'delay', confidence: 0.4 }, 'ok')));
    expect(results.incidents(T0, T0 + 8 * STEP)).toEqual([
      { from: T0, to: T0 + 2 * STEP, service: 'cart', fault: 'cpu', confidence: 0.8 },
      { from: T0 + 2 * STEP, to: T0 + 3 * STEP, service: 'cart', fault: 'memory', confidence: 0.6 },
      { from: T0 + 4 * STEP, to: T0 + 5 * STEP, service: 'cart', fault: 'memory', confidence: 0.5 },
      { from: T0 + 6 * STEP, to: T0 + 7 * STEP, service: 'cart', fault: 'memory', confidence: 0.5 },
      { from: T0 + 7 * STEP, to: T0 + 8 * STEP, service: 'orders', fault: 'delay', confidence: 0.4 },
    ]);
  });

  it.each([
    [0, STEP, /capacity must be a positive integer, got 0/],
    [1.5, STEP, /capacity must be a positive integer, got 1.5/],
    [10, 0, /stepMs must be positive, got 0/],
  ])('refuses capacity %p with step %p', (capacity, step, message) => {
    expect(() => new DiagnosisResults(capacity, step)).toThrow(message);
  });
});
