import type { RangeSeries } from '../prometheus/prometheusClient';
import { baselineStart } from './campaignRunner';
import { defaultSymptom, symptomQuery, SymptomVerifier } from './symptomVerifier';

/** One series of `values` at 1 s steps from `fromSeconds`, as the Prometheus client returns a range answer. */
function series(fromSeconds: number, values: number[]): RangeSeries {
  return {
    labels: {},
    times: Float64Array.from(values, (_, index) => fromSeconds + index),
    values: Float64Array.from(values),
  };
}

describe('SymptomVerifier', () => {
  const window = { baselineStartMs: 100_000, startMs: 110_000, endMs: 120_000 };
  const verifierOf = (answer: RangeSeries[]) => {
    const asked: string[] = [];
    const verifier = new SymptomVerifier(
      {
        queryRange: async (query) => {
          asked.push(query);
          return answer;
        },
      },
      '5s'
    );
    return { verifier, asked };
  };

  it('sees a cpu fault whose median beats the quiet quartile by 0.1 core, despite a noisy tail in the baseline', async () => {
    // Baseline: mostly 0.02 with a leftover spike; during: 0.35.
    const { verifier, asked } = verifierOf([
      series(100, [0.9, 0.6, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, ...Array(11).fill(0.35)]),
    ]);
    const verdict = await verifier.verify('cart', { kind: 'cpu', workers: 1 }, window);
    expect(verdict.landed).toBe(true);
    expect(verdict.baseline).toBeCloseTo(0.02);
    expect(verdict.during).toBeCloseTo(0.35);
    expect(asked).toEqual(['sum(rate(container_cpu_usage_seconds_total{name="cart"}[5s]))']);
  });

  it('flags a delay that did not land (latency unchanged)', async () => {
    const { verifier } = verifierOf([series(100, Array(21).fill(0.012))]);
    const verdict = await verifier.verify('cart', { kind: 'delay', timeMs: 200, jitterMs: 0 }, window);
    expect(verdict.landed).toBe(false);
    expect(verdict.message).toMatch(/^SYMPTOM NOT SEEN: p90 latency of calls to the service rises by at least 100 ms/);
  });

  it('sees a pause from a single failed scrape, and not when the baseline already had one', async () => {
    const during = [...Array(10).fill(0), 0, 1, 1, 0, ...Array(7).fill(0)];
    expect((await verifierOf([series(100, during)]).verifier.verify('cart', { kind: 'pause' }, window)).landed).toBe(
      true
    );
    const both = [1, ...Array(9).fill(0), 0, 1, 1, 0, ...Array(7).fill(0)];
    expect((await verifierOf([series(100, both)]).verifier.verify('cart', { kind: 'pause' }, window)).landed).toBe(
      false
    );
  });

  it('says there is no data when the fault window has no sample', async () => {
    const verdict = await verifierOf([series(100, [NaN, NaN])]).verifier.verify('cart', { kind: 'kill' }, window);
    expect(verdict).toMatchObject({ landed: false });
    expect(verdict.message).toMatch(/^no data for the symptom/);
  });

  it('asks for memory growth of half the injected bytes', () => {
    const symptom = defaultSymptom({ kind: 'memory', workers: 2, bytesPerWorker: 64 * 1024 * 1024 });
    expect(symptom.minIncrease).toBe(64 * 1024 * 1024);
    expect(symptomQuery(symptom, 'orders', '10s')).toBe('sum(container_memory_usage_bytes{name="orders"})');
  });
});

describe('baselineStart', () => {
  it('looks back 30 s when there is no previous episode', () => {
    expect(baselineStart(100_000, undefined, 5_000)).toBe(70_000);
  });

  it('starts one rate interval after the previous episode ended', () => {
    expect(baselineStart(100_000, 90_000, 5_000)).toBe(95_000);
  });

  it('keeps at least 2 s of baseline when the gap is shorter than the rate interval', () => {
    expect(baselineStart(100_000, 97_000, 5_000)).toBe(98_000);
  });
});
