import { mtsFromFeatureRows } from '../core/mts';
import { rankServicesByNSigma } from './nSigmaRanker';

const names = ['api_cpu', 'api_latency', 'db_cpu', 'db_latency'];
const services = ['api', 'cache', 'db'];

describe('rankServicesByNSigma', () => {
  // Baseline per feature: values alternating level ± 1, so the mean is the level and the population sd is exactly 1.
  const baseline = mtsFromFeatureRows([
    [9, 11, 9, 11],
    [99, 101, 99, 101],
    [4, 6, 4, 6],
    [19, 21, 19, 21],
  ]);

  it('ranks the service whose metric moved most sigmas first, scoring the largest move of any of its features', () => {
    // db_latency jumps to 26: 6 sigmas; api_cpu wanders to 13: 3 sigmas; api_latency and db_cpu stay put.
    const window = mtsFromFeatureRows([
      [10, 13, 10],
      [100, 100, 100],
      [5, 5, 5],
      [20, 26, 20],
    ]);
    const ranking = rankServicesByNSigma(window, baseline, names, services);
    expect(ranking.map((r) => r.service)).toEqual(['db', 'api', 'cache']);
    expect(ranking[0]).toEqual({ service: 'db', sigmas: 6, feature: 'db_latency' });
    expect(ranking[1].sigmas).toBeCloseTo(3, 12);
    expect(ranking[2]).toEqual({ service: 'cache', sigmas: 0, feature: '' });
  });

  it('counts a drop as much as a rise', () => {
    const window = mtsFromFeatureRows([[10], [100], [5], [12]]);
    const ranking = rankServicesByNSigma(window, baseline, names, services);
    expect(ranking[0]).toEqual({ service: 'db', sigmas: 8, feature: 'db_latency' });
  });

  it('floors the deviation of a flat baseline at 1 % of its level instead of dividing by zero', () => {
    const flat = mtsFromFeatureRows([
      [50, 50],
      [1, 1],
    ]);
    const window = mtsFromFeatureRows([
      [51, 50],
      [1, 1],
    ]);
    const ranking = rankServicesByNSigma(window, flat, ['a_mem', 'b_errors'], ['a', 'b']);
    // |51 - 50| / (0.01 * 50) = 2 sigmas.
    expect(ranking[0].service).toBe('a');
    expect(ranking[0].sigmas).toBeCloseTo(2, 12);
  });

  it('breaks ties by service name so the order is deterministic', () => {
    const window = mtsFromFeatureRows([[10], [100], [5], [20]]);
    const ranking = rankServicesByNSigma(window, baseline, names, services);
    expect(ranking.map((r) => r.service)).toEqual(['api', 'cache', 'db']);
  });

  it('rejects feature names that do not follow <service>_<metric> and services that are not candidates', () => {
    const window = mtsFromFeatureRows([[1, 2]]);
    const base = mtsFromFeatureRows([[1, 2]]);
    expect(() => rankServicesByNSigma(window, base, ['cpu'], ['api'])).toThrow(/<service>_<metric>/);
    expect(() => rankServicesByNSigma(window, base, ['web_cpu'], ['api'])).toThrow(
      /service "web", which is not among api/
    );
  });

  it('rejects a window whose feature count differs from the baseline', () => {
    const window = mtsFromFeatureRows([[1, 2]]);
    expect(() => rankServicesByNSigma(window, baseline, names, services)).toThrow(/must agree/);
  });
});
