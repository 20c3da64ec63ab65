import { migrateQuery, parseDurationSeconds } from './migrations';
import { QUERY_SCHEMA_VERSION } from './types';

describe('migrateQuery', () => {
  it('turns a version-1 scores query into a version-2 timeline query', () => {
    expect(migrateQuery({ refId: 'A', kind: 'scores', step: '5m', services: ['cart', 'orders'] })).toEqual({
      refId: 'A',
      schemaVersion: QUERY_SCHEMA_VERSION,
      queryType: 'timeline',
      stepSeconds: 300,
      services: 'cart, orders',
    });
  });

  it('turns a version-1 incidents query into an incidents query and keeps hide', () => {
    expect(migrateQuery({ refId: 'B', kind: 'incidents', hide: true })).toEqual({
      refId: 'B',
      hide: true,
      schemaVersion: QUERY_SCHEMA_VERSION,
      queryType: 'incidents',
    });
  });

  it('drops a step it cannot read rather than guessing', () => {
    expect(migrateQuery({ refId: 'A', step: 'often' })).not.toHaveProperty('stepSeconds');
  });

  it('leaves a current query unchanged', () => {
    const query = {
      refId: 'A',
      schemaVersion: QUERY_SCHEMA_VERSION,
      queryType: 'incidents' as const,
      minConfidence: 0.5,
    };
    expect(migrateQuery(query)).toBe(query);
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['90s', 90],
    ['5m', 300],
    ['1h30m', 5400],
    ['2d', 172800],
    ['250ms', 0.25],
    ['42', 42],
    ['5x', undefined],
    ['m5', undefined],
    ['', undefined],
  ])('%s is %s seconds', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });
});
