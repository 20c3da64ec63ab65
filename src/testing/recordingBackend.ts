import { of, throwError } from 'rxjs';
import { BackendSrv, BackendSrvRequest, setBackendSrv } from '@grafana/runtime';

import { CulpritApi } from '../api/culpritApi';

/** A route handler: returns the answer body, or throws `{ status, data }` like Grafana's fetch does on HTTP errors. */
export type Handler = (request: BackendSrvRequest) => unknown;

/**
 * Grafana's backend service cannot run under jest; this replaces only its transport. It records every request the
 * code under test makes and answers from `routes` (keyed `"METHOD /path"` after the proxy prefix) with bodies in
 * docs/api.md's shapes. The real backend is exercised by tests/browser.
 */
export function installRecordingBackend(routes: Record<string, Handler>) {
  const requests: BackendSrvRequest[] = [];
  setBackendSrv({
    fetch: (request: BackendSrvRequest) => {
      requests.push(request);
      const path = request.url.replace(PROXY, '');
      const handler = routes[`${request.method ?? 'GET'} ${path}`];
      if (!handler) {
        return throwError(() => ({
          status: 404,
          data: { code: 'CULPRIT_NOT_FOUND', message: `Route ${request.method} ${path} not found` },
        }));
      }
      try {
        return of({ data: handler(request), status: 200, ok: true });
      } catch (error) {
        return throwError(() => error);
      }
    },
  } as unknown as BackendSrv);
  return { requests, api: new CulpritApi(PROXY) };
}

export const PROXY = '/api/datasources/proxy/uid/culprit';
