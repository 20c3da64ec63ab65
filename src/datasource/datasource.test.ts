import { of, throwError } from 'rxjs';
import { dateTime, DataSourceInstanceSettings } from '@grafana/data';
import { BackendSrv, BackendSrvRequest, setBackendSrv } from '@grafana/runtime';

import { Health } from '../api/types';
import { CulpritDataSource, formatAge, healthToTestResult } from './datasource';
import { CulpritJsonData, QUERY_SCHEMA_VERSION } from './types';

const settings = {
  id: 1,
  uid: 'culprit',
  name: 'Culprit',
  type: 'culprit-datasource',
  url: '/api/datasources/proxy/uid/culprit',
  jsonData: { backendUrl: 'http://culprit:8417' },
  meta: { id: 'culprit-datasource' },
  access: 'proxy',
  readOnly: false,
} as unknown as DataSourceInstanceSettings<CulpritJsonData>;

const now = 1795000000000;
const health: Health = {
  status: 'ok',
  version: '0.1.0',
  model: { id: 3, name: 'dtw-shop', classifier: 'dtw-d', createdAt: now - 3 * 3600e3 - 5000 },
  prometheus: { reachable: true, error: null },
};

/**
 * Grafana's backend service cannot run in jest; this stands in for its transport only, records each request the
 * data source makes, and answers with docs/api.md's example bodies. The real backend is exercised by the browser test.
 */
function installBackend(answer: (request: BackendSrvRequest) => unknown) {
  const requests: BackendSrvRequest[] = [];
  setBackendSrv({
    fetch: (request: BackendSrvRequest) => {
      requests.push(request);
      try {
        return of({ data: answer(request), status: 200, ok: true });
      } catch (error) {
        return throwError(() => error);
      }
    },
  } as unknown as BackendSrv);
  return requests;
}

describe('healthToTestResult', () => {
  it('reports success with the active model and its age', () => {
    expect(healthToTestResult(health, now)).toEqual({
      status: 'success',
      message:
        'Culprit backend 0.1.0 answered. Active model "dtw-shop" (#3, dtw-d), trained 3 hours ago. Prometheus is reachable.',
    });
  });

  it('warns when no model is active, saying where to train one', () => {
    const result = healthToTestResult({ ...health, status: 'degraded', model: null }, now);
    expect(result.status).toBe('warning');
    expect(result.message).toMatch(/No model is active: train one on the Models page/);
  });

  it('fails when the backend cannot reach Prometheus, with the reason', () => {
    const result = healthToTestResult(
      { ...health, status: 'degraded', prometheus: { reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:9090' } },
      now
    );
    expect(result).toMatchObject({ status: 'error' });
    expect(result.message).toMatch(/cannot reach Prometheus: connect ECONNREFUSED/);
  });
});

describe('formatAge', () => {
  it.each([
    [0, '0 seconds'],
    [1000, '1 second'],
    [59_000, '59 seconds'],
    [60_000, '1 minute'],
    [3 * 3600e3 + 5000, '3 hours'],
    [86400e3 * 2.5, '2 days'],
  ])('%s ms is %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});

describe('CulpritDataSource', () => {
  const range = { from: dateTime(1795000000000), to: dateTime(1795003600000), raw: { from: 'now-1h', to: 'now' } };
  const request = (targets: object[]) =>
    ({
      range,
      targets,
      requestId: 'r',
      interval: '1m',
      intervalMs: 60000,
      scopedVars: {},
      timezone: 'utc',
      app: 'dashboard',
      startTime: 0,
    }) as never;

  it('queries the timeline through the proxy route and returns a frame per query', async () => {
    const requests = installBackend(() => ({
      window: { from: 1795000000000, to: 1795003600000, stepSeconds: 300 },
      model: { id: 3, name: 'dtw-shop', classifier: 'dtw-d', createdAt: 1 },
      times: [1795000300000],
      series: [{ service: 'cart', scores: [0.82] }],
      culprits: [],
    }));
    const ds = new CulpritDataSource(settings);
    const response = await ds.query(
      request([{ refId: 'A', queryType: 'timeline', schemaVersion: QUERY_SCHEMA_VERSION, stepSeconds: 300 }])
    );
    expect(requests[0]).toMatchObject({
      url: '/api/datasources/proxy/uid/culprit/api/diagnoses/timeline',
      method: 'GET',
      params: { from: 1795000000000, to: 1795003600000, stepSeconds: 300 },
    });
    expect(response.data[0].fields.map((f: { name: string }) => f.name)).toEqual(['Time', 'cart']);
    expect(response.errors).toBeUndefined();
  });

  it('migrates a version-1 query before running it and asks for incidents', async () => {
    const requests = installBackend(() => ({ source: 'on-demand', incidents: [] }));
    const ds = new CulpritDataSource(settings);
    await ds.query(request([{ refId: 'B', kind: 'incidents' }]));
    expect(requests[0].url).toBe('/api/datasources/proxy/uid/culprit/api/diagnoses/incidents');
  });

  it('returns a failing query as an error on its refId, not a thrown exception', async () => {
    installBackend(() => {
      throw {
        status: 409,
        data: { code: 'CULPRIT_NO_ACTIVE_MODEL', message: 'no model is active: train one (POST /api/models)' },
      };
    });
    const ds = new CulpritDataSource(settings);
    const response = await ds.query(
      request([{ refId: 'A', queryType: 'timeline', schemaVersion: QUERY_SCHEMA_VERSION }])
    );
    expect(response.errors).toEqual([{ refId: 'A', message: 'no model is active: train one (POST /api/models)' }]);
  });

  it('never throws from testDatasource, even when the backend is down', async () => {
    installBackend(() => {
      throw { status: 502, data: { message: 'dial tcp: connection refused' } };
    });
    const result = await new CulpritDataSource(settings).testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/Grafana could not reach the Culprit backend \(502/);
  });

  it('makes annotation queries ask for incidents', () => {
    const ds = new CulpritDataSource(settings);
    const target = ds.annotations!.prepareQuery!({
      enable: true,
      name: 'x',
      iconColor: 'red',
      target: { refId: 'X' },
    } as never);
    expect(target).toMatchObject({ queryType: 'incidents', schemaVersion: QUERY_SCHEMA_VERSION });
  });
});
